"""Activities: planned against the plan's month (theme and required items), held (the
expected list fixed from the members on that day: full and probationary, mobile included,
co-organizers' members for a joint day), recorded (the rest absent), cancelled; and the
scope of who may plan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.organizations.services import member_transfer
from banshi.partylife import services
from banshi.partylife.models import Activity, Attendance

from .life import at


def test_planned_from_the_month_takes_its_theme_and_items(life, plan):
    month = plan.months.get(month=11)
    act = services.activity_plan(
        organization=life.branch,
        kind="theme_day",
        planned_at=at(11, 6),
        plan_month=month,
        title="11月主题党日",
        user=life.secretary,
    )
    assert act.theme == month.theme
    assert act.items_planned == month.required_items
    assert act.status == Activity.Status.PLANNED


def test_theme_day_must_keep_the_required_items(life, plan):
    with pytest.raises(ValidationError, match="规定动作：学习党章"):
        services.activity_plan(
            organization=life.branch,
            kind="theme_day",
            planned_at=at(11, 6),
            plan_month=plan.months.get(month=11),
            items_planned=["重温入党誓词", "志愿服务"],
            title="x",
            user=life.secretary,
        )


def test_plan_of_another_year_or_draft_refused(life, plan):
    with pytest.raises(ValidationError, match="计划年度"):
        services.activity_plan(
            organization=life.branch,
            kind="theme_day",
            planned_at=at(1, 6, y=2027),
            plan_month=plan.months.get(month=1),
            title="x",
            user=life.secretary,
        )


def test_hold_fixes_the_expected_list(life, november_day):
    rows = Attendance.objects.filter(activity=november_day)
    assert sorted(rows.values_list("member_id", flat=True)) == sorted(m.pk for m in life.members)
    assert set(rows.values_list("status", flat=True)) == {"expected"}


def test_expected_list_follows_membership_on_the_day(life, plan):
    leaver = life.members[0]
    member_transfer(member=leaver, to=life.other, on=datetime.date(2026, 10, 1))
    act = services.activity_plan(
        organization=life.branch, kind="general_meeting", planned_at=at(11, 3), title="党员大会"
    )
    services.activity_hold(activity=act, held_at=at(11, 3))
    expected = set(act.attendances.values_list("member_id", flat=True))
    assert leaver.pk not in expected
    assert expected == {m.pk for m in life.members[1:]}


def test_joint_activity_expects_co_organizers_members(life, plan):
    act = services.activity_plan(
        organization=life.branch,
        kind="theme_day",
        planned_at=at(10, 9),
        title="联合主题党日",
        co_organizations=[life.other],
        user=life.secretary,
    )
    services.activity_hold(activity=act, held_at=at(10, 9))
    expected = set(act.attendances.values_list("member_id", flat=True))
    assert expected == {m.pk for m in life.members} | {life.outsider.pk}


def test_record_end_marks_the_rest_absent(life, november_day):
    services.attendance_mark(
        activity=november_day, member=life.members[0], status="present", user=life.secretary
    )
    with pytest.raises(ValidationError, match="不少于60分钟"):
        services.activity_record(
            activity=november_day, ended_at=at(11, 6, 9, 30), user=life.secretary
        )
    services.activity_record(
        activity=november_day,
        ended_at=at(11, 6, 10, 30),
        items_done=["重温入党誓词"],
        minutes="会议记录",
        user=life.secretary,
    )
    statuses = dict(november_day.attendances.values_list("member_id", "status"))
    assert statuses.pop(life.members[0].pk) == "present"
    assert set(statuses.values()) == {"absent"}


def test_hold_twice_and_cancel_held_refused(life, november_day):
    with pytest.raises(ValidationError, match="已召开"):
        services.activity_hold(activity=november_day, held_at=at(11, 6), user=life.secretary)
    with pytest.raises(ValidationError, match="计划中"):
        services.activity_cancel(activity=november_day, reason="x", user=life.secretary)


def test_future_hold_refused(life, plan):
    act = services.activity_plan(
        organization=life.branch, kind="committee", planned_at=at(11, 3), title="支委会"
    )
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        services.activity_hold(activity=act, held_at=at(1, 1, y=2099))


def test_secretary_plans_only_in_their_branch(life, plan):
    with pytest.raises(PermissionDenied):
        services.activity_plan(
            organization=life.other,
            kind="committee",
            planned_at=at(11, 3),
            title="支委会",
            user=life.secretary,
        )
    # the district's organization department manages its subtree
    services.activity_plan(
        organization=life.other,
        kind="general_meeting",
        planned_at=at(11, 3),
        title="支委会",
        user=life.district_user,
    )


def test_lecturer_only_for_a_party_lecture(life):
    with pytest.raises(ValidationError, match="只有党课"):
        services.activity_plan(
            organization=life.branch,
            kind="committee",
            planned_at=at(11, 3),
            title="支委会",
            lecturer=life.members[0],
        )
    lecture = services.activity_plan(
        organization=life.branch,
        kind="party_lecture",
        planned_at=at(11, 3),
        title="书记讲党课",
        lecturer=life.members[0],
    )
    assert lecture.lecturer == life.members[0]
