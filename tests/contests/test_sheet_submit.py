"""A judge's score sheet: stored once by its client_id (the outbox sends again), refused
for a judge not assigned, for a second sheet of the same judge and entrant, for points
outside an item's range or a missing item, and once the heat is closed."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.access.models import RoleAssignment
from banshi.contests import services
from banshi.contests.models import ScoreSheet

from .cworld import score

pytestmark = pytest.mark.django_db


def test_the_same_client_id_is_the_same_sheet(cw):
    cid = uuid.uuid4()
    first = score(cw, cw.entries[0], cw.judge_users[0], 80, client_id=cid)
    again, created = services.sheet_submit(
        judge=cw.judge_users[0],
        entry=cw.entries[0],
        scores={cw.item1.pk: 10, cw.item2.pk: 10},  # what was stored counts, not this
        client_id=cid,
    )
    assert (again.pk, created, str(again.total)) == (first.pk, False, "80.00")
    assert ScoreSheet.objects.count() == 1


def test_a_second_sheet_of_the_same_judge_and_entrant_is_refused(cw):
    score(cw, cw.entries[0], cw.judge_users[0], 80)
    with pytest.raises(ValidationError, match="评分提交后不能更改"):
        score(cw, cw.entries[0], cw.judge_users[0], 85)


def test_only_an_assigned_judge_scores(cw, make_user):
    stranger = make_user("stranger")
    with pytest.raises(PermissionDenied):
        score(cw, cw.entries[0], stranger, 80)


@pytest.mark.parametrize(
    "points, message",
    [
        ((61, 30), "须在0到60分之间"),
        ((-1, 30), "须在0到60分之间"),
        (("x", 30), "须为数字"),
        ((50.25, 30), "一位小数"),
        ((None, 30), "请填写"),
        (("1e100", 30), "须在0到60分之间"),  # quantized, it raised
        (("NaN", 30), "须在0到60分之间"),
    ],
)
def test_points_out_of_range_or_missing_are_refused(cw, points, message):
    with pytest.raises(ValidationError, match=message):
        services.sheet_submit(
            judge=cw.judge_users[0],
            entry=cw.entries[0],
            scores={cw.item1.pk: points[0], cw.item2.pk: points[1]},
            client_id=uuid.uuid4(),
        )
    assert not ScoreSheet.objects.exists()


def test_a_closed_heat_takes_no_more_sheets(cw):
    for entry in cw.entries:
        for judge in cw.judge_users:
            score(cw, entry, judge, 80)
    services.heat_close(heat=cw.heat)
    with pytest.raises(ValidationError, match="已结束评分"):
        services.heat_sheets_enter(heat=cw.heat, sheets=[], at=cw.heat.scheduled_at)


def test_a_heat_closes_only_with_every_sheet_in(cw):
    score(cw, cw.entries[0], cw.judge_users[0], 80)
    with pytest.raises(ValidationError, match="未提交"):
        services.heat_close(heat=cw.heat)


def test_weights_must_sum_to_one_hundred(world):
    with pytest.raises(ValidationError, match="权重之和须为100"):
        services.contest_create(
            title="比武",
            year=2026,
            region=world.district,
            organizer_name="组织部",
            items=[("实绩", 60, 60), ("演讲", 30, 40)],
        )


def test_an_entrant_is_not_their_heat_s_judge(cw, make_user):
    """Nobody scores themselves: an entrant's own account is refused as the heat's judge,
    and a judge's own resident as its entrant."""
    entrant = cw.entries[0].member
    user = make_user("self_judge")
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.RESIDENT, resident=entrant.resident
    )
    with pytest.raises(ValidationError, match="参赛人不能担任本赛组的评委"):
        services.judge_assign(heat=cw.heat, judge=user)
