"""Every party-life figure against a recount from the raw Attendance, Activity, Talk and
member rows, at every level; and the figure part of the issue's Done-when: after a branch
holds November's theme party day with check-ins and a make-up, the branch's community's and
the district's figures move by what happened, matching a recount."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from banshi.core import figures
from banshi.core.figures import ratio
from banshi.core.periods import Period
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.services import organization_create
from banshi.partylife import services
from banshi.partylife.codes import checkin_code
from banshi.partylife.models import Activity, Attendance, MakeUp

from .pl_world import activity, at, branches, busy_party_life, make_up

NOV = Period.month(2026, 11)
KEYS = [f.key for f in figures.all_figures(groups=["partylife"])]


# --- the recount, in Python over all rows --------------------------------------------------


def _in(period, moment):
    return moment is not None and period.start <= moment < period.end


def _branches(prefix):
    return [
        o
        for o in PartyOrganization.objects.all()
        if o.kind in PartyOrganization.BRANCH_KINDS and o.territory_code.startswith(prefix)
    ]


def _held(kind, period):
    return [
        a
        for a in Activity.objects.prefetch_related("co_organizations", "attendances")
        if a.kind == kind and a.status == "held" and _in(period, a.held_at)
    ]


def _holders(acts):
    out = set()
    for a in acts:
        out.add(a.organization_id)
        out.update(o.pk for o in a.co_organizations.all())
    return out


def _months(period):
    """Sep, Oct, Nov for November."""
    out, p = [], period
    for _i in range(3):
        out.append(p)
        p = p.previous()
    return out


def recount(subject, period):
    prefix = subject.prefix
    orgs = _branches(prefix)
    org_ids = {o.pk for o in orgs}
    made_up = set(MakeUp.objects.values_list("attendance_id", flat=True))
    expected = [
        r
        for r in Attendance.objects.select_related("activity__organization")
        if r.activity.status == "held"
        and _in(period, r.activity.held_at)
        and r.activity.organization.territory_code.startswith(prefix)
    ]
    ok = [r for r in expected if r.status == "present" or r.pk in made_up]
    theme = _holders(_held("theme_day", period)) & org_ids
    committee_ok = set()
    for a in _held("committee", period):
        rows = list(a.attendances.all())
        if rows and sum(r.status == "present" for r in rows) * 2 > len(rows):
            committee_ok.add(a.organization_id)
    groups = {a.organization.path for a in _held("group_meeting", period)}
    met = set()
    for o in orgs:
        has_groups = o.children.filter(kind="building_group").exists()
        if (
            o.pk in theme
            and (not o.has_committee or o.pk in committee_ok)
            and (not has_groups or any(p.startswith(o.path) for p in groups))
        ):
            met.add(o.pk)
    members = [m for m in PartyMember.objects.all() if m.organization_id in org_ids]
    rows = list(Attendance.objects.select_related("activity"))

    def absent_in(m, p):
        mine = [
            r
            for r in rows
            if r.member_id == m.pk and r.activity.status == "held" and _in(p, r.activity.held_at)
        ]
        return mine and not any(r.status == "present" for r in mine)

    absent = [m for m in members if all(absent_in(m, p) for p in _months(period))]
    return {
        "theme_days_due": len(orgs),
        "theme_days_on_time": len(theme),
        "theme_day_on_time_rate": ratio(len(theme), len(orgs)),
        "attendance_expected": len(expected),
        "attendance_present_or_made_up": len(ok),
        "attendance_rate": ratio(len(ok), len(expected)),
        "members_absent_3_months": len(absent),
        "obligations_due": len(orgs),
        "obligations_held": len(met),
        "obligation_rate": ratio(len(met), len(orgs)),
    }


def recount_out_of_contact(subject, since, until):
    org_ids = {o.pk for o in _branches(subject.prefix)}
    out = 0
    for m in PartyMember.objects.filter(organization_id__in=org_ids):
        mine = [
            r
            for r in Attendance.objects.filter(member=m).select_related("activity")
            if r.activity.status == "held" and since <= r.activity.held_at < until
        ]
        there = any(r.status in ("present", "leave") for r in mine)
        made = MakeUp.objects.filter(attendance__member=m, done_at__gte=since, done_at__lt=until)
        contact = m.last_contact_on and m.last_contact_on >= since.date()
        if mine and not there and not made.exists() and not contact:
            out += 1
    return out


# --- a branch year -------------------------------------------------------------------------


@pytest.fixture
def busy_branches(world):
    b = branches(world)
    b.grid_branch = organization_create(
        name="乌兰社区第一网格党支部", kind="grid_branch", parent=b.a, grid=world.grid1
    )
    a, x = b.a_members, b.b_members
    for month in range(5, 12):
        # B: a theme day every month, its first member never there after May.
        present = x if month == 5 else x[1:]
        activity(b.b, "theme_day", at(2026, month, 6), members=x, present=present)
    for month in (9, 10, 11):
        # A: theme days with the last member absent, the first one present only in October.
        present = a[1:3] + ([a[0]] if month == 10 else [])
        act = activity(b.a, "theme_day", at(2026, month, 8), members=a, present=present)
    make_up(act, a[3], at(2026, 11, 20))
    activity(b.a, "committee", at(2026, 11, 3), members=a[:3], present=a[:2])
    activity(b.a, "committee", at(2026, 10, 3), members=a[:3], present=a[:1])
    activity(b.group, "group_meeting", at(2026, 10, 12))
    # A joint day of the grid branch with B, cancelled and planned activities that count not.
    activity(b.grid_branch, "theme_day", at(2026, 11, 21), co=[b.b])
    activity(b.a, "theme_day", at(2026, 11, 25), members=a, status="cancelled")
    activity(b.b, "committee", at(2026, 11, 25), members=x, status="planned")
    return b


def _subjects(world):
    return [world.city, world.district, world.street, world.community, world.community2]


@pytest.mark.parametrize("period", [NOV, Period.month(2026, 10)], ids=str)
def test_every_figure_is_a_recount_of_the_rows(world, busy_branches, period):
    for subject in [*_subjects(world), world.grid1]:
        values = figures.compute(subject, period, groups=["partylife"])
        expected = recount(subject, period)
        got = {k: values[k] for k in expected}
        assert got == expected, subject.name
        since = period.end.replace(month=period.end.month - 6)
        assert values["members_out_of_contact"] == recount_out_of_contact(
            subject, since, period.as_of()
        ), subject.name


def test_the_figures_count_something(world, busy_branches):
    values = figures.compute(world.street, NOV, groups=["partylife"])
    assert values["theme_days_due"] == 3
    assert values["theme_days_on_time"] == 3  # A, B, and the grid branch's joint day
    # A's day (4 expected) and committee (3), B's day (2); 2 + 1 made up, 2, and 1 there.
    assert values["attendance_expected"] == 4 + 3 + 2
    assert values["attendance_present_or_made_up"] == 3 + 2 + 1
    assert values["members_absent_3_months"] == 2  # A's last member, B's first
    assert values["members_out_of_contact"] == 1  # B's first: nothing since May
    # A met November's committee (2 of 3) but holds no group meeting in November.
    assert values["obligations_held"] == 2
    assert values["obligations_held_committee"] == 1
    assert values["obligations_due_group_meeting"] == 1
    assert values["obligations_held_group_meeting"] == 0


def test_quarterly_and_yearly_obligations_fall_due_in_december_and_in_the_year(world):
    b = branches(world)
    dec, year = Period.month(2026, 12), Period.year(2026)
    nov = figures.compute(world.street, NOV, groups=["partylife"])
    assert nov["obligations_due"] == 2  # the theme day every branch owes in November
    activity(b.b, "general_meeting", at(2026, 10, 9))
    activity(b.b, "party_lecture", at(2026, 12, 9))
    for period in (NOV, dec):
        values = figures.compute(world.street, period, groups=["partylife"])
        # Per rule, the quarter so far: B held Q4's general meeting in October.
        assert values["obligations_due_general_meeting"] == 2
        assert values["obligations_held_general_meeting"] == 1
    # December's lecture is not counted in November's view of the quarter.
    assert figures.compute(world.street, NOV)["obligations_held_party_lecture"] == 0
    assert figures.compute(world.street, dec)["obligations_held_party_lecture"] == 1
    # Over the year, a quarterly rule is met only if met in every quarter.
    values = figures.compute(world.street, year, groups=["partylife"])
    assert values["obligations_held_general_meeting"] == 0
    for month in (1, 4, 7):
        activity(b.b, "general_meeting", at(2026, month, 9))
    values = figures.compute(world.street, year, groups=["partylife"])
    assert values["obligations_held_general_meeting"] == 1


def test_the_totals_count_what_falls_due_in_the_period(world):
    """A branch that met November's monthly rules is up to date in November, whatever its
    quarter and year still hold; in December the quarter's and the year's rules fall due."""
    b = branches(world)
    activity(b.b, "theme_day", at(2026, 11, 6))
    activity(b.b, "theme_day", at(2026, 12, 4))
    nov = figures.compute(world.street, NOV, groups=["partylife"])
    assert (nov["obligations_due"], nov["obligations_held"]) == (2, 1)
    dec = figures.compute(world.street, Period.month(2026, 12), groups=["partylife"])
    assert (dec["obligations_due"], dec["obligations_held"]) == (2, 0)


def test_every_figure_opens_records_that_are_its_count(world, busy_branches):
    for key in KEYS:
        figure = figures.get(key)
        value = figure.compute(world.street, NOV)
        if figure.is_rate:
            num = figure.part_records(world.street, NOV, "numerator").count()
            den = figure.part_records(world.street, NOV, "denominator").count()
            assert value == ratio(num, den), key
        else:
            assert value == figure.part_records(world.street, NOV).count(), key


# --- the Done-when flow ------------------------------------------------------------------------


def test_a_november_theme_day_moves_the_branch_and_the_district(world, make_user):
    b = branches(world)
    months = [
        {"month": m, "theme": f"{m}月主题", "required_items": ["重温入党誓词"]}
        for m in range(1, 13)
    ]
    plan = services.plan_create(organization=b.district, year=2026, months=months)
    plan = services.plan_publish(plan=plan)
    before = {
        s.code: figures.compute(s, NOV, groups=["partylife"])
        for s in (world.community2, world.district)
    }
    start = at(2026, 11, 6, 15)
    act = services.activity_plan(
        organization=b.b,
        kind="theme_day",
        planned_at=start,
        title="十一月主题党日",
        plan_month=plan.months.get(month=11),
    )
    act = services.activity_hold(
        activity=act, held_at=start, ended_at=start + datetime.timedelta(minutes=90)
    )
    first, second = b.b_members
    t1 = start + datetime.timedelta(minutes=5)
    # The first member checked in offline: synced twice, stored once.
    cid = uuid.uuid4()
    for _i in range(2):
        services.attendance_check_in(
            activity=act, member=first, code=checkin_code(act, t1), client_id=cid, at=t1
        )
    # The second one tried a code from a photo taken ten minutes before: refused.
    with pytest.raises(ValidationError):
        services.attendance_check_in(
            activity=act,
            member=second,
            code=checkin_code(act, t1),
            at=t1 + datetime.timedelta(minutes=10),
        )
    row = Attendance.objects.get(activity=act, member=second)
    services.attendance_mark(activity=act, member=second, status="absent")
    services.makeup_record(attendance=row, done_at=at(2026, 11, 20), note="补学十一月主题")

    for subject in (world.community2, world.district):
        after = figures.compute(subject, NOV, groups=["partylife"])
        old = before[subject.code]
        assert after["theme_days_on_time"] == old["theme_days_on_time"] + 1
        assert after["attendance_expected"] == old["attendance_expected"] + 2
        assert after["attendance_present_or_made_up"] == old["attendance_present_or_made_up"] + 2
        assert {k: after[k] for k in recount(subject, NOV)} == recount(subject, NOV)
    assert Attendance.objects.filter(activity=act, client_id=cid).count() == 1


def test_the_busy_helper_gives_every_figure_of_the_street_something(world):
    busy_party_life(world)
    values = figures.compute(world.street, NOV, groups=["partylife"])
    assert [k for k, v in values.items() if not v] == []
