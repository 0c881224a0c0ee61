"""The organizers' forms: the county adds a stage, a heat, a secretary as entrant and a
judge; township staff are refused (403); bad input re-renders the page with a Chinese
message (400)."""

import datetime

import pytest

from banshi.contests.models import ContestStage, Entry, Heat, JudgeAssignment
from banshi.organizations.services import committee_seat_fill

pytestmark = pytest.mark.django_db


def test_the_county_sets_a_heat_up_through_the_forms(cw, login, county_user, street_user):
    county = login(county_user)
    base = f"/contests/{cw.contest.pk}/"
    stage = {
        "name": "加赛",
        "level": "county",
        "quota": 1,
        "rule": "mean",
        "min_judges": 3,
        "first_prizes": 1,
        "second_prizes": 0,
        "third_prizes": 0,
    }
    assert county.post(base + "stage/", stage).status_code == 302
    added = ContestStage.objects.get(name="加赛")
    assert (added.order, added.rule) == (4, "mean")
    bad = county.post(base + "stage/", stage | {"level": "moon"})
    assert bad.status_code == 400 and "级别" in bad.content.decode()
    heat = {
        "stage": added.pk,
        "name": "加赛组",
        "region": cw.heat.region.code,
        "scheduled_at": "2026-11-20T09:00",
    }
    assert county.post(base + "heat/", heat).status_code == 302
    outside = county.post(base + "heat/", heat | {"region": "150102000000"})
    assert outside.status_code == 400 and "区划" in outside.content.decode()
    street = login(street_user)
    assert street.post(base + "heat/", heat).status_code == 403
    assert street.post(base + "nonsense/", heat).status_code == 404

    new = Heat.objects.get(name="加赛组")
    member = cw.members[0]
    committee_seat_fill(
        organization=member.organization,
        member=member,
        post="secretary",
        started_on=datetime.date(2021, 1, 1),
    )
    page = county.get(f"/contests/heats/{new.pk}/").content.decode()
    assert str(member) in page  # offered as a candidate
    assert county.post(f"/contests/heats/{new.pk}/entry/", {"member": member.pk}).status_code == 302
    assert Entry.objects.filter(heat=new, member=member).exists()
    again = county.post(f"/contests/heats/{new.pk}/entry/", {"member": member.pk})
    assert again.status_code == 400
    judge = county.post(
        f"/contests/heats/{new.pk}/judge/", {"username": "judge0", "name": "评委甲"}
    )
    assert judge.status_code == 302
    assert JudgeAssignment.objects.get(heat=new).name == "评委甲"
    nobody = county.post(f"/contests/heats/{new.pk}/judge/", {"username": "nobody"})
    assert nobody.status_code == 400 and "评委账号不存在" in nobody.content.decode()
    assert (
        street.post(f"/contests/heats/{new.pk}/judge/", {"username": "judge1"}).status_code == 403
    )
