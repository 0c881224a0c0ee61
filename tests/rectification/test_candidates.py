"""The automatic criterion "no candidate for membership (发展对象) for two years": a branch
whose last candidate was named in January 2024 is flagged on 25 April 2026 with the date
that triggered it, one whose candidate was named within two years (or who admitted a
member since) is not, and naming a candidate during rectification keeps the recheck from
reopening the plan for it."""

import datetime

from banshi.organizations.models import Applicant
from banshi.organizations.services import applicant_advance, applicant_record
from banshi.rectification import services
from banshi.rectification.models import Criterion
from tests.villages.conftest import person

D = datetime.date


def _finding(screenings, village):
    s = next(s for s in screenings if s.village == village)
    return s, s.findings.get(criterion=Criterion.NO_CANDIDATES)


def test_no_candidate_for_two_years(places, campaign, users):
    Applicant.objects.filter(organization=places.a.branch).update(candidate_on=D(2024, 1, 10))
    screenings = services.screen(campaign=campaign, on=D(2026, 4, 25), user=users.county)
    s, found = _finding(screenings, places.a.region)
    assert s.flagged and found.met and found.automatic
    assert found.value == "最近一次确定发展对象或接收党员：2024-01-10"
    _other, fine = _finding(screenings, places.b.region)
    assert not fine.met and fine.value.endswith("2025-05-01")
    # A day short of two years, the criterion is not met yet.
    assert not _finding(
        services.screen(campaign=campaign, on=D(2026, 1, 9), user=users.county), places.a.region
    )[1].met

    services.screening_decide(screening=s, confirm=True, on=D(2026, 4, 28), user=users.county)
    plan = services.plan_create(
        screening=s,
        problems="两年以上未确定发展对象",
        goals="确定发展对象",
        measures="从返乡青年中培养",
        responsible="书记",
        paired_leader="副县长",
        on=D(2026, 5, 1),
        user=users.county,
    )
    task = services.task_add(plan=plan, title="确定发展对象", due_on=D(2026, 6, 20))
    a = applicant_record(
        organization=places.a.branch, resident=person("刘青年"), applied_on="2025-01-05"
    )
    applicant_advance(applicant=a, on="2025-07-01")
    applicant_advance(applicant=a, on="2026-06-10")
    services.task_done(task=task, on=D(2026, 6, 12))
    services.plan_accept(plan=plan, on=D(2026, 6, 20), opinion="已确定发展对象")
    services.plan_sign_off(plan=plan, on=D(2026, 6, 25), evidence="支部大会记录")
    assert services.plan_recheck(plan=plan, on=D(2026, 9, 1)) is False
