"""The joint review: a county's round takes in every seat of both committees; departments
give opinions; the county decides 合格 only when all passed and 调整 only when one did not;
a dismissal ends the seat through the committee's service (a secretary's dismissal starts
a vacancy), and a fill gives the post to a member of the branch or a villager."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.organizations.selectors import secretary_vacant_since
from banshi.villages import services
from banshi.villages.models import Adjustment, ReviewRound, ReviewSubject
from tests.villages.conftest import person

OPENED = datetime.date(2026, 3, 10)


@pytest.fixture
def review(places):
    services.villager_seat_fill(
        village=places.a.region,
        resident=places.a.secretary.member.resident,
        post="director",
        started_on="2021-03-20",
    )
    services.villager_seat_fill(
        village=places.c.region, resident=person("苗二女"), post="women", started_on="2021-03-20"
    )
    return services.review_round_open(county=places.county, year=2026, started_on=OPENED)


def test_the_round_takes_every_seat(places, review):
    subjects = review.subjects.order_by("pk")
    # three secretaries, the director of A (the same person as its secretary) and C's
    # women's member
    assert subjects.count() == 5
    assert subjects.filter(committee="party").count() == 3
    assert set(subjects.values_list("village__name", flat=True)) == {
        "王桂窑村",
        "杨家窑村",
        "石板沟村",
    }
    assert review.title == "清水河县2026年村“两委”成员联审"
    with pytest.raises(ValidationError, match="已有联审"):
        services.review_round_open(county=places.county, year=2026, started_on=OPENED)
    with pytest.raises(ValidationError, match="须由县"):
        services.review_round_open(county=places.town, year=2027, started_on=OPENED)


def test_decisions_follow_the_opinions(places, review):
    s = review.subjects.get(committee="villagers", village=places.c.region)
    with pytest.raises(ValidationError, match="尚无联审部门意见"):
        services.review_decide(subject=s, result="qualified", on=OPENED)
    services.review_opinion_record(
        subject=s, department="县委组织部", opinion="pass", given_on=OPENED
    )
    services.review_opinion_record(
        subject=s, department="县公安局", opinion="pending", given_on=OPENED
    )
    with pytest.raises(ValidationError, match="待定"):
        services.review_decide(subject=s, result="qualified", on=OPENED)
    with pytest.raises(ValidationError, match="请说明理由"):
        services.review_opinion_record(
            subject=s, department="县公安局", opinion="fail", given_on=OPENED
        )
    services.review_opinion_record(
        subject=s, department="县公安局", opinion="fail", note="涉黑涉恶线索", given_on=OPENED
    )
    assert s.opinions.count() == 2  # the department's second opinion replaced its first
    with pytest.raises(ValidationError, match="不能认定为合格"):
        services.review_decide(subject=s, result="qualified", on=OPENED)
    with pytest.raises(ValidationError, match="联审结果无效"):
        services.review_decide(subject=s, result="maybe", on=OPENED)
    services.review_decide(subject=s, result="adjust", on=OPENED)
    with pytest.raises(ValidationError, match="已认定"):
        services.review_opinion_record(
            subject=s, department="县信访局", opinion="pass", given_on=OPENED
        )
    other = review.subjects.get(committee="party", village=places.b.region)
    services.review_opinion_record(
        subject=other, department="县委组织部", opinion="pass", given_on=OPENED
    )
    with pytest.raises(ValidationError, match="应认定为合格"):
        services.review_decide(subject=other, result="adjust", on=OPENED)
    services.review_decide(subject=other, result="qualified", on=OPENED)
    assert ReviewSubject.objects.get(pk=other.pk).result == "qualified"


def test_dismissing_a_secretary_starts_a_vacancy_and_a_fill_ends_it(places, review, users):
    s = review.subjects.get(committee="party", village=places.b.region)
    with pytest.raises(ValidationError, match="只有联审结果为调整"):
        services.adjustment_dismiss(subject=s, on="2026-04-20", reason="不能正常履职")
    services.review_opinion_record(
        subject=s, department="县纪委监委", opinion="fail", note="违规", given_on=OPENED
    )
    with pytest.raises(PermissionDenied):
        services.review_decide(subject=s, result="adjust", on=OPENED, user=users.town)
    services.review_decide(subject=s, result="adjust", on=OPENED, user=users.county)
    services.adjustment_dismiss(subject=s, on="2026-04-20", reason="违规", user=users.county)
    with pytest.raises(ValidationError, match="已免职"):
        services.adjustment_dismiss(subject=s, on="2026-04-21", reason="违规")
    branch = places.b.branch
    assert secretary_vacant_since(branch, datetime.date(2026, 8, 20)) == datetime.date(2026, 4, 20)
    with pytest.raises(ValidationError, match="只能由本村党组织的党员任职"):
        services.adjustment_fill(
            village=places.b.region,
            committee="party",
            post="secretary",
            resident=places.a.members[3].resident,
            on="2026-05-10",
            reason="补选",
        )
    fill = services.adjustment_fill(
        village=places.b.region,
        committee="party",
        post="secretary",
        resident=places.b.members[2].resident,
        on="2026-05-10",
        reason="联审调整后补选",
        user=users.county,
    )
    assert fill.kind == Adjustment.Kind.FILL and fill.party_seat.post == "secretary"
    assert secretary_vacant_since(branch, datetime.date(2026, 8, 20)) is None
    assert list(
        Adjustment.objects.filter(village=places.b.region).values_list("kind", flat=True)
    ) == [
        "fill",
        "dismissal",
    ]


def test_a_villagers_seat_dismissed_and_refilled(places, review):
    s = review.subjects.get(committee="villagers", village=places.c.region)
    services.review_opinion_record(
        subject=s, department="县纪委监委", opinion="fail", note="违规", given_on=OPENED
    )
    services.review_decide(subject=s, result="adjust", on=OPENED)
    services.adjustment_dismiss(subject=s, on="2026-04-20", reason="违规")
    s.villager_seat.refresh_from_db()
    assert s.villager_seat.ended_on == datetime.date(2026, 4, 20)
    services.adjustment_fill(
        village=places.c.region,
        committee="villagers",
        post="women",
        resident=person("韩翠英"),
        on="2026-05-01",
        reason="补选",
        replaces=s.villager_seat,
    )
    assert s.villager_seat.successor.resident.name == "韩翠英"
    with pytest.raises(ValidationError, match="组织无效"):
        services.adjustment_fill(
            village=places.c.region,
            committee="both",
            post="women",
            resident=person("韩翠英二"),
            on="2026-05-01",
            reason="补选",
        )
    assert ReviewRound.objects.count() == 1
