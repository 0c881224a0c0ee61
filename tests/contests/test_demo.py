"""The demo contest on a small county: two townships of three villages each, every
village branch with members, one with a secretary's seat. The contest runs through its
three rounds with every sheet in, results published, in well under two seconds."""

import datetime

import pytest
from django.utils import timezone

from banshi.access.audit_context import audit_muted
from banshi.contests.demo import build_demo_contests
from banshi.contests.models import (
    Contest,
    ContestStage,
    Entry,
    Heat,
    JudgeAssignment,
    Result,
    ScoreSheet,
)
from banshi.demo.builder import DEMO_PREFIX
from banshi.organizations.services import committee_seat_fill, member_admit, organization_create
from banshi.people.services import resident_create
from banshi.territory.services import region_create
from tests.conftest import make_id_number

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))


@pytest.fixture
def county(world):
    county = region_create(code="150124000000", name="清水河县", kind="county", parent=world.city)
    seq = 900
    secretaries = {}
    for t, town_name in enumerate(("城关镇", "宏河镇")):
        town = region_create(code=f"150124{100 + t}000", name=town_name, kind="town", parent=county)
        party = organization_create(name=f"{town_name}党委", kind="party_committee", region=town)
        for v in range(3):
            village = region_create(
                code=f"150124{100 + t}{201 + v}",
                name=f"{town_name}{v + 1}村",
                kind="village",
                parent=town,
            )
            branch = organization_create(
                name=f"{village.name}党支部", kind="branch", parent=party, region=village
            )
            members = []
            for k in range(2):
                seq += 1
                r = resident_create(name=f"村民{seq}", id_number=make_id_number(seq))
                members.append(
                    member_admit(
                        resident=r, organization=branch, joined_on=datetime.date(2010 + k, 7, 1)
                    )
                )
            if t == 0 and v == 0:  # the secretary is the younger member, not the oldest
                committee_seat_fill(
                    organization=branch,
                    member=members[1],
                    post="secretary",
                    started_on=datetime.date(2021, 1, 1),
                )
                secretaries[branch.pk] = members[1]
            else:
                secretaries[branch.pk] = members[0]
    return secretaries


def test_the_demo_contest_runs_through_its_three_rounds(county):
    with audit_muted():  # as the demo builder runs it
        contest = build_demo_contests(seed=7, now=NOW)
    # Its judges are the demo's accounts: a second `banshi demo` rebuilds unasked.
    judges = JudgeAssignment.objects.values_list("user__username", flat=True)
    assert judges and all(name.startswith(DEMO_PREFIX) for name in judges)
    assert contest.status == Contest.Status.PUBLISHED
    semi = Entry.objects.filter(heat__stage__level=ContestStage.Level.TOWNSHIP)
    assert {e.member_id for e in semi} == {m.pk for m in county.values()}
    assert Heat.objects.filter(stage__level=ContestStage.Level.TOWNSHIP).count() == 2
    assert not Heat.objects.exclude(status=Heat.Status.PUBLISHED).exists()
    # Two advance from each township (quota 2), three of them to the city final.
    assert Entry.objects.filter(heat__stage__level=ContestStage.Level.COUNTY).count() >= 4
    assert Entry.objects.filter(heat__stage__level=ContestStage.Level.CITY).count() >= 3
    # Every judge scored every entrant of their heat.
    for heat in Heat.objects.all():
        expected = heat.entries.count() * heat.judges.count()
        assert ScoreSheet.objects.filter(entry__heat=heat).count() == expected
    assert Result.objects.filter(
        entry__heat__stage__level=ContestStage.Level.COUNTY, reward="一等奖"
    )
