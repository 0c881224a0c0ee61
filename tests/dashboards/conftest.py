"""Fixtures for the cross-app pages: the page fixtures (logged-in clients, the civic records)
and the demand fixtures, plus a month of work in 2026-11 that gives every registered figure
something to count."""

import datetime

import pytest
from django.utils import timezone

from banshi.demands.models import Demand
from banshi.fieldwork.models import Finding, HomeVisit, Patrol
from tests.assessment.busy import add_assessment
from tests.contests.busy import add_contests
from tests.demands.busy import add_rider_demand
from tests.demands.conftest import (  # noqa: F401 (fixtures)
    cat,
    client_for,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    media,
    people,
    submit,
    t0,
    walk,
)
from tests.enterprises.busy import add_enterprise_work
from tests.lectures.busy import add_lectures
from tests.materials.busy import add_materials
from tests.partylife.pl_world import busy_party_life
from tests.praise.busy import add_praise
from tests.projects.busy import add_projects
from tests.rectification.busy import add_rectification
from tests.redflags.busy import add_redflags
from tests.unions.busy import add_unions
from tests.villages.busy import add_villages
from tests.volunteers.busy import add_volunteers
from tests.web.conftest import civic, login, street_user, superuser  # noqa: F401 (fixtures)

NOV = timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0))


class Busy:
    pass


@pytest.fixture
def busy(world, civic, people, submit):  # noqa: F811 (fixtures imported above)
    """Demands walked through the workflow in November (some rated, one unsatisfied, one
    still waiting), and the field work of two grid workers: visits (one flagged), patrols
    with routes, findings of several kinds, one of them a resolved demand."""
    b = Busy()
    b.done = [walk(submit(grid=i, at=NOV), people, at=NOV) for i in (0, 1, 2)]
    b.unhappy = walk(submit(grid=0, at=NOV), people, at=NOV, rating="unsatisfied")
    b.waiting = submit(grid=1, at=NOV)
    # Its sign deadline passed unsigned (what the sweep marks): one overdue demand.
    Demand.objects.filter(pk=b.waiting.pk).update(sign_overdue=True)
    b.visits = []
    for grid, worker in ((world.grid1, people.grid1), (world.grid2, people.grid2)):
        for i, h in enumerate(world.households[grid.code]):
            b.visits.append(
                HomeVisit.objects.create(
                    grid=grid,
                    household=h,
                    household_ref=h.pk,
                    worker=worker,
                    visited_at=NOV + datetime.timedelta(days=i),
                    flagged_for_review=(grid == world.grid2 and i == 1),
                    flag_reason="户已迁出" if grid == world.grid2 and i == 1 else "",
                )
            )
    b.patrol = Patrol.objects.create(
        grid=world.grid1, worker=people.grid1, started_at=NOV, route_m=1250
    )
    patrol2 = Patrol.objects.create(
        grid=world.grid2, worker=people.grid2, started_at=NOV, route_m=800
    )
    b.findings = [
        Finding.objects.create(
            patrol=b.patrol, kind=kind, note="楼道堆物", found_at=NOV, demand=demand
        )
        for kind, demand in (
            (Finding.Kind.HAZARD, b.done[0]),
            (Finding.Kind.ENVIRONMENT, b.waiting),
            (Finding.Kind.FACILITY, None),
        )
    ]
    for kind in (Finding.Kind.DISPUTE, Finding.Kind.PUBLIC_ORDER, Finding.Kind.OTHER):
        b.findings.append(
            Finding.objects.create(patrol=patrol2, kind=kind, note="巡查所见", found_at=NOV)
        )
    add_lectures(world, at=NOV)
    add_materials(world, at=NOV)
    busy_party_life(world)
    add_villages(world, at=NOV)
    add_assessment(world, at=NOV)
    add_contests(world, at=NOV)
    add_redflags(world, at=NOV)
    add_rectification(world, at=NOV)
    add_unions(world, at=NOV)
    add_projects(world, at=NOV)
    add_volunteers(world, at=NOV)
    add_praise(world, at=NOV)
    add_rider_demand(world, at=NOV)
    add_enterprise_work(civic, at=NOV)
    return b
