"""The obligations calendar, one test per rule: what a branch owes in a month, quarter or
year, held, open or overdue; the branches of a region behind; and the members to follow up
(absent three months in a row, out of contact)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from banshi.access.models import RoleAssignment
from banshi.partylife import obligations
from banshi.partylife import rules as rulebook
from banshi.partylife.models import AppraisalRound

from .pl_world import activity, at, branches, make_up, talk

DEC_1 = at(2026, 12, 1, 0)
NOV_15 = at(2026, 11, 15)


@pytest.fixture
def b(world):
    return branches(world)


def status(branch, key, year=2026, month=11, now=DEC_1):
    lines = {ln.rule.key: ln for ln in obligations.calendar(branch, year, month, now=now)}
    return lines[key].status if key in lines else None


def test_a_branch_with_no_committee_meeting_in_a_month_is_overdue(b):
    assert status(b.a, "committee") == "overdue"
    assert status(b.a, "committee", now=NOV_15) == "open"
    # A branch without a committee owes none.
    assert status(b.b, "committee") is None


def test_a_committee_meeting_counts_only_with_more_than_half_of_the_committee(b):
    committee = b.a_members[:3]
    activity(b.a, "committee", at(2026, 11, 3), members=committee, present=committee[:1])
    assert status(b.a, "committee") == "overdue"  # 1 of 3: no quorum
    activity(b.a, "committee", at(2026, 11, 20), members=committee, present=committee[:2])
    assert status(b.a, "committee") == "held"
    # October is still missed.
    assert status(b.a, "committee", month=10) == "overdue"


def test_theme_day_is_monthly_and_a_joint_day_counts_for_the_co_organiser(b):
    assert status(b.b, "theme_day") == "overdue"
    activity(b.a, "theme_day", at(2026, 11, 6), co=[b.b])
    assert status(b.a, "theme_day") == "held"
    assert status(b.b, "theme_day") == "held"
    assert status(b.b, "theme_day", month=10) == "overdue"


def test_a_planned_or_cancelled_activity_is_not_held(b):
    activity(b.b, "theme_day", at(2026, 11, 6), status="planned")
    activity(b.b, "theme_day", at(2026, 11, 7), status="cancelled")
    assert status(b.b, "theme_day") == "overdue"


def test_group_meetings_are_owed_by_branches_with_groups_and_held_by_a_group(b):
    assert status(b.b, "group_meeting") is None
    assert status(b.a, "group_meeting") == "overdue"
    activity(b.group, "group_meeting", at(2026, 11, 12))
    assert status(b.a, "group_meeting") == "held"


def test_quarterly_rules_run_over_the_quarter(b):
    # November is in the fourth quarter: open until the end of December.
    assert status(b.b, "general_meeting") == "open"
    assert status(b.b, "general_meeting", now=at(2027, 1, 2)) == "overdue"
    activity(b.b, "general_meeting", at(2026, 10, 9))
    assert status(b.b, "general_meeting", now=at(2027, 1, 2)) == "held"
    assert status(b.b, "party_lecture", month=9) == "overdue"  # Q3 ended unmet
    activity(b.b, "party_lecture", at(2026, 7, 9))
    assert status(b.b, "party_lecture", month=9) == "held"


def test_yearly_rules_life_meeting_and_appraisal(b):
    after = at(2027, 1, 5)
    assert status(b.b, "life_meeting") == "open"
    assert status(b.b, "life_meeting", now=after) == "overdue"
    activity(b.b, "life_meeting", at(2026, 3, 9))
    assert status(b.b, "life_meeting", now=after) == "held"
    assert status(b.b, "appraisal", now=after) == "overdue"
    AppraisalRound.objects.create(organization=b.b, year=2026, held_on=datetime.date(2026, 6, 1))
    assert status(b.b, "appraisal", now=after) == "held"


def test_the_secretary_gives_a_party_lecture_a_year(b, make_user):
    secretary = b.b_members[0]
    other = b.b_members[1]
    user = make_user("sec", RoleAssignment.Role.PARTY_SECRETARY, party_organization=b.b)
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.RESIDENT, resident=secretary.resident
    )
    lecture = activity(b.b, "party_lecture", at(2026, 4, 9))
    lecture.lecturer = other
    lecture.save()
    assert status(b.b, "secretary_lecture") == "open"
    lecture.lecturer = secretary
    lecture.save()
    assert status(b.b, "secretary_lecture") == "held"


def test_every_member_has_a_talk_a_year(b):
    first, second = b.b_members
    talk(b.b, first, datetime.date(2026, 5, 1))
    talk(b.b, first, datetime.date(2026, 6, 1))
    assert status(b.b, "talk", now=at(2027, 1, 2)) == "overdue"
    line = next(ln for ln in obligations.calendar(b.b, 2026, 11) if ln.rule.key == "talk")
    assert line.held == 1  # one member talked with, however many talks
    talk(b.b, second, datetime.date(2025, 12, 30))  # last year's does not count
    assert status(b.b, "talk", now=at(2027, 1, 2)) == "overdue"
    talk(b.b, second, datetime.date(2026, 12, 30))
    assert status(b.b, "talk", now=at(2027, 1, 2)) == "held"


def test_the_branches_behind_most_overdue_first(world, b):
    for month in range(1, 12):
        activity(b.b, "theme_day", at(2026, month, 6))
    rows = obligations.behind(world.street.prefix, 2026, now=DEC_1)
    assert [org for org, _n in rows] == [b.a, b.b]
    missed = dict(rows)
    # B: Q1–Q3 general meetings and party lectures (6) missed; A also: 11 theme days,
    # 11 committee meetings, 11 group meetings.
    assert missed[b.b] == 6
    assert missed[b.a] == 6 + 33
    assert obligations.behind(world.community2.prefix, 2026, now=DEC_1) == [(b.b, 6)]


def _flagged(world, q):
    return set(obligations.members(world.street.prefix).filter(q))


def test_a_member_absent_three_months_in_a_row(world, b):
    x, y = b.b_members
    for month in (9, 10, 11):
        activity(b.b, "theme_day", at(2026, month, 6), members=[x, y], present=[y])
    assert _flagged(world, obligations.absent_q(DEC_1)) == {x}
    # Present once in October: the run is broken.
    activity(b.b, "committee", at(2026, 10, 20), members=[x], present=[x])
    assert _flagged(world, obligations.absent_q(DEC_1)) == set()


def test_a_member_not_expected_in_a_month_is_not_absent_that_month(world, b):
    x, y = b.b_members
    for month in (9, 11):
        activity(b.b, "theme_day", at(2026, month, 6), members=[x, y], present=[y])
    assert _flagged(world, obligations.absent_q(DEC_1)) == set()


def test_a_member_absent_six_months_is_out_of_contact(world, b):
    x, y = b.b_members
    activity(b.b, "theme_day", at(2026, 5, 6), members=[x, y], present=[x, y])
    for month in range(6, 12):
        activity(b.b, "theme_day", at(2026, month, 6), members=[x, y], present=[y])
    # x was last present on 6 May: out of contact from 6 November on, not before.
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == {x}
    assert _flagged(world, obligations.out_of_contact_q(at(2026, 11, 1))) == set()


def test_a_make_up_or_a_recorded_contact_keeps_a_member_in_contact(world, b):
    x, y = b.b_members
    june = None
    for month in range(5, 12):
        act = activity(b.b, "theme_day", at(2026, month, 6), members=[x, y], present=[y])
        june = act if month == 6 else june
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == {x}
    make_up(june, x, at(2026, 7, 1))
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == set()
    june.attendances.get(member=x).makeup.delete()
    x.last_contact_on = datetime.date(2026, 9, 1)
    x.save()
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == set()
    x.last_contact_on = datetime.date(2026, 5, 1)
    x.save()
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == {x}


def test_leave_counts_as_contact_and_a_branch_holding_nothing_loses_no_one(world, b):
    x, y = b.b_members
    acts = [activity(b.b, "theme_day", at(2026, m, 6), members=[x, y]) for m in range(6, 12)]
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == {x, y}
    att = acts[2].attendances.get(member=y)
    att.status = "leave"
    att.save()
    # Branch A held nothing: its members were never absent.
    assert _flagged(world, obligations.out_of_contact_q(DEC_1)) == {x}


def test_a_new_member_is_not_out_of_contact(world, b):
    x, y = b.b_members
    activity(b.b, "theme_day", at(2026, 11, 6), members=[x, y], present=[y])
    x.joined_on = datetime.date(2026, 9, 1)
    x.save()
    assert x not in _flagged(world, obligations.out_of_contact_q(DEC_1))


def test_the_rules_follow_the_setting(settings, b):
    settings.BANSHI_PARTYLIFE_RULES = {"group_meeting": None, "committee": {"every": "quarter"}}
    assert status(b.a, "group_meeting") is None
    assert status(b.a, "committee") == "open"  # Q4 runs to the end of December
    assert [r.key for r in rulebook.rules()].count("committee") == 1


def test_a_bad_setting_is_refused_loudly(settings):
    for bad in ({"nope": None}, {"committee": {"colour": "red"}}, {"talk": {"every": "week"}}):
        settings.BANSHI_PARTYLIFE_RULES = bad
        with pytest.raises(ImproperlyConfigured):
            rulebook.rules()
