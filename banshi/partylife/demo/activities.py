"""A year of organizational life for the demo's branches (December 2025 to the month
before `now`): the monthly theme party day from the district's plan (most on time, a few
months missed or cancelled), the committee meeting where the branch has a committee, the
party groups' meetings, the quarterly general meeting and party lecture (the secretary
gives August's), the yearly organizational life meeting and democratic appraisal, and a
heart-to-heart talk with nearly every member.

Activities (planned, held, cancelled), talks and appraisal grades go through the services.
Attendance is the bulk of the records (some ten thousand rows), and a service call per row
(each locks the activity, re-reads the expected list and saves one row) would take the
build past its time budget; so after `activity_plan` created an activity, its expected
list is read with the services' own `expected_members` (once per organization while its
membership does not change) and written with `bulk_create`:
the present members as the check-in (`attendance_check_in`: present, the check-in time,
method "code" and the phone's client_id) or the organiser's mark would store them, approved
leaves with their request, and the rest absent, as `activity_record` marks those still only
expected when an activity is closed. Then `activity_hold` holds it and fixes the list
(adding nobody: everyone expected has a row). The make-ups that close absences and leaves
are written likewise, each later than its activity and before `now`."""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from banshi.organizations.models import CommitteeSeat, Membership, PartyMember

from ..models import Activity, Attendance, LeaveRequest, MakeUp
from ..services import (
    activity_cancel,
    activity_hold,
    activity_plan,
    appraisal_close,
    appraisal_grade_set,
    appraisal_open,
    expected_members,
    talk_record,
)
from . import plan as planning

Kind = Activity.Kind
PRESENT, LEAVE = Attendance.Status.PRESENT, Attendance.Status.LEAVE
LEAVE_REASONS = ["外出就医", "单位加班", "照顾生病家属", "在外地出差", "身体不适", "接送孩子"]
MAKEUP_NOTES = ["自学会议精神并提交心得", "由支部书记单独传达学习", "参加下次活动时补学"]
CANCEL_REASONS = ["社区换届选举工作冲突，本月顺延", "疫情防控工作冲突，本月取消"]
COMMITTEE_TOPICS = ["研究本月工作安排", "研究发展党员工作", "研究党费收缴情况", "研究困难党员帮扶"]
LECTURE_TOPICS = [
    "学习贯彻党的二十届四中全会精神",
    "铸牢中华民族共同体意识",
    "以党建引领基层治理",
    "从党史中汲取奋进力量",
    "新时代党员的责任与担当",
]


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def months_between(start: tuple[int, int], now: datetime.datetime) -> list[tuple[int, int]]:
    """(year, month) from `start` up to the month before `now`."""
    out, (y, m) = [], start
    end = (timezone.localtime(now).year, timezone.localtime(now).month)
    while (y, m) < end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class YearCounts:
    activities: int = 0
    cancelled: int = 0
    attendance: int = 0
    present: int = 0
    leave: int = 0
    absent: int = 0
    makeups: int = 0
    talks: int = 0
    grades: int = 0
    out_of_contact: list[int] = field(default_factory=list)


@dataclass
class MemberHabit:
    """How a member turns up: their chance to be present, and from when they stop coming
    (out of contact) or are away (a mobile member working elsewhere for a while)."""

    presence: float
    gone_from: tuple[int, int] | None = None
    away: set = field(default_factory=set)


class Year:
    def __init__(self, rng: random.Random, *, now, plan, venues) -> None:
        self.rng, self.now, self.plan, self.venues = rng, now, plan, venues
        self.months = {pm.month: pm for pm in plan.months.all()}
        self.counts = YearCounts()
        self.habits: dict[int, MemberHabit] = {}
        self.pending_makeups: list[tuple[Attendance, datetime.datetime]] = []
        self._lists: dict[tuple, tuple[datetime.date, list[int]]] = {}

    # --- members ---------------------------------------------------------------------

    def gone(self) -> dict[int, tuple[int, int]]:
        """Members out of contact: member id → the month they stopped coming."""
        return {pk: h.gone_from for pk, h in self.habits.items() if h.gone_from is not None}

    def habits_for(self, branch, calendar: list[tuple[int, int]], *, gone: int, away: int):
        rng = self.rng
        members = [m for m in branch.members if m.pk != branch.secretary.pk]
        for m in branch.members:
            presence = 0.62 if m.is_mobile else rng.uniform(0.84, 0.97)
            self.habits[m.pk] = MemberHabit(0.99 if m.pk == branch.secretary.pk else presence)
        early = calendar[:-7]  # gone long enough to be out of contact by now
        for m in rng.sample(members, min(gone, len(members))):
            if early:
                self.habits[m.pk].gone_from = rng.choice(early)
        mobile = [m for m in members if m.is_mobile and self.habits[m.pk].gone_from is None]
        for m in mobile[:away]:
            self.habits[m.pk].away = set(calendar[-3:])

    def _outcome(self, member_id: int, ym: tuple[int, int]) -> str:
        habit = self.habits.get(member_id) or MemberHabit(0.9)
        if habit.gone_from is not None and ym >= habit.gone_from:
            return "gone"
        if ym in habit.away:
            return "away"
        r = self.rng.random()
        if r < habit.presence:
            return PRESENT
        return LEAVE if r < habit.presence + (1 - habit.presence) * 0.4 else "absent"

    # --- one activity ----------------------------------------------------------------

    def hold(
        self,
        org,
        kind: str,
        start: datetime.datetime,
        *,
        title: str,
        minutes: int,
        plan_month=None,
        theme: str = "",
        items=(),
        done=None,
        fmt: str = "",
        venue=None,
        co=(),
        lecturer=None,
        notes: str = "",
    ) -> Activity:
        rng = self.rng
        activity = activity_plan(
            organization=org,
            kind=kind,
            planned_at=start,
            title=title,
            plan_month=plan_month,
            theme=theme,
            items_planned=list(items),
            format=fmt,
            venue=venue,
            co_organizations=co,
            lecturer=lecturer,
        )
        ym = (timezone.localtime(start).year, timezone.localtime(start).month)
        end = start + datetime.timedelta(minutes=minutes)
        rows, leaves, closable = [], [], []
        for member_id in self._expected(activity, org, co, start.date()):
            outcome = self._outcome(member_id, ym)
            row = Attendance(activity=activity, member_id=member_id)
            if outcome == PRESENT:
                row.status = PRESENT
                if rng.random() < 0.8:  # on the phone, with the code then shown
                    row.method = Attendance.Method.CODE
                    row.checked_in_at = start + datetime.timedelta(seconds=rng.randint(-600, 900))
                    row.client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                else:
                    row.method = Attendance.Method.ORGANISER
                    row.checked_in_at = start
            elif outcome == LEAVE:
                row.status = LEAVE
                leaves.append(row)
            else:  # what `activity_record` makes of a member still only expected
                row.status = Attendance.Status.ABSENT
            rows.append(row)
            if outcome in (LEAVE, "absent", "away") and rng.random() < 0.75:
                closable.append(row)
        Attendance.objects.bulk_create(rows)
        LeaveRequest.objects.bulk_create(
            LeaveRequest(
                attendance=row,
                reason=rng.choice(LEAVE_REASONS),
                status=LeaveRequest.Status.APPROVED,
                decided_at=start - datetime.timedelta(hours=rng.randint(2, 40)),
            )
            for row in leaves
        )
        activity = activity_hold(
            activity=activity,
            held_at=start,
            ended_at=end,
            items_done=list(items if done is None else done),
            minutes=notes,
        )
        for row in closable:
            done_at = end + datetime.timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 6))
            if done_at < self.now:
                self.pending_makeups.append((row, done_at))
        c = self.counts
        c.activities += 1
        c.attendance += len(rows)
        c.present += sum(r.status == PRESENT for r in rows)
        c.leave += len(leaves)
        return activity

    def _expected(self, activity, org, co, on: datetime.date) -> list[int]:
        """The services' expected list, read once per organization (and co-organisers) and
        kind of list (the members, or a committee meeting's committee): it stays the same
        all year when nobody joins, moves or leaves after the first day it was read for;
        otherwise it is read again for each day."""
        committee = activity.kind == Kind.COMMITTEE
        orgs = (org.pk, *sorted(o.pk for o in co))
        key = (*orgs, committee)
        found = self._lists.get(key)
        if found is None or on < found[0]:
            ids = list(expected_members(activity, on=on).values_list("pk", flat=True))
            later = Q(started_on__gt=on) | Q(ended_on__isnull=False)
            changes = Membership.objects.filter(later, organization_id__in=orgs).exists()
            if committee:
                seats = CommitteeSeat.objects.filter(later, organization_id__in=orgs)
                changes = changes or seats.exists()
            if changes:
                return ids
            found = self._lists[key] = (on, ids)
        return found[1]

    def flush_makeups(self) -> None:
        MakeUp.objects.bulk_create(
            MakeUp(attendance_id=row.pk, done_at=done_at, note=self.rng.choice(MAKEUP_NOTES))
            for row, done_at in self.pending_makeups
        )
        self.counts.makeups += len(self.pending_makeups)
        self.pending_makeups = []

    # --- a branch's year -------------------------------------------------------------

    def branch_year(self, branch, calendar, *, behind: bool = False) -> None:
        rng = self.rng
        org, secretary = branch.org, branch.secretary
        host = secretary.resident.name
        room = self.venues.get(org.pk)
        for index, (y, m) in enumerate(calendar):
            self._theme_day(branch, y, m, behind=behind, room=room)
            if org.has_committee and rng.random() > (0.25 if behind else 0.04):
                day = datetime.date(y, m, rng.randint(8, 14))
                self.hold(
                    org,
                    Kind.COMMITTEE,
                    local(day, 15),
                    title=f"{m}月支委会",
                    minutes=60,
                    venue=room,
                    notes=f"{host}主持，{rng.choice(COMMITTEE_TOPICS)}。",
                )
            for i, group in enumerate(branch.groups):
                if rng.random() < (0.3 if behind else 0.06):
                    continue
                day = datetime.date(y, m, 16 + i * 3)
                self.hold(
                    group,
                    Kind.GROUP_MEETING,
                    local(day, 19),
                    title=f"{group.name}{m}月党小组会",
                    minutes=60,
                    notes="学习本月主题，交流思想。",
                )
            if m in (2, 5, 8, 11) or (y, m) == (2025, 12):
                self._quarter(branch, y, m, index, room=room)
            if (y, m) == (2026, 1):
                self._yearly(branch, y, m, room=room)
        self._talks(branch, calendar, behind=behind)

    def _theme_day(self, branch, y, m, *, behind, room) -> None:
        rng = self.rng
        pm = self.months.get(m) if y == planning.YEAR else None
        miss = rng.random() < (0.25 if behind else 0.05)
        day = planning.fixed_day(y, m)
        if miss and rng.random() < 0.5:
            activity = activity_plan(
                organization=branch.org,
                kind=Kind.THEME_DAY,
                planned_at=local(day, 9),
                title=f"{m}月主题党日",
                plan_month=pm,
            )
            activity_cancel(activity=activity, reason=rng.choice(CANCEL_REASONS))
            self.counts.cancelled += 1
            return
        if miss:
            return
        if pm is not None:
            optional = rng.sample(pm.optional_items, 2)
            items = [*pm.required_items, *optional]
            fmt, theme = rng.choice(pm.formats), pm.theme
        else:
            items, fmt, theme = [planning.OATH, "年终党员学习"], planning.STUDY, "总结提升"
        venue = room
        if fmt == planning.FIELD and self.venues.get("red"):
            venue = rng.choice(self.venues["red"])
        done = items if rng.random() < 0.85 else items[:-1]
        self.hold(
            branch.org,
            Kind.THEME_DAY,
            local(day, rng.choice([9, 15])),
            title=f"{m}月主题党日：{theme}",
            minutes=rng.choice([70, 90, 120]),
            plan_month=pm,
            theme=theme,
            items=items,
            done=done,
            fmt=fmt,
            venue=venue,
            notes=f"{branch.secretary.resident.name}主持。" + "；".join(done) + "。",
        )

    def _quarter(self, branch, y, m, index, *, room) -> None:
        rng = self.rng
        day = datetime.date(y, m, rng.randint(18, 26))
        self.hold(
            branch.org,
            Kind.GENERAL_MEETING,
            local(day, 9),
            title=f"{y}年{m}月支部党员大会",
            minutes=90,
            venue=room,
            notes="通报支部工作，讨论党员发展和党费收缴。",
        )
        # The secretary gives the summer lecture; the others are given by committee members
        # or invited teachers of the district's party school.
        others = [
            x
            for x in branch.members
            if x.status == PartyMember.Status.FULL and self.habits[x.pk].gone_from is None
        ]
        lecturer = branch.secretary if m == 8 else rng.choice(others)
        topic = LECTURE_TOPICS[index % len(LECTURE_TOPICS)]
        self.hold(
            branch.org,
            Kind.PARTY_LECTURE,
            local(day, 14),
            title=f"党课：{topic}",
            minutes=60,
            venue=room,
            lecturer=lecturer,
            notes=f"{lecturer.resident.name}讲授。",
        )

    def _yearly(self, branch, y, m, *, room) -> None:
        rng = self.rng
        org = branch.org
        day = datetime.date(y, m, 20)
        self.hold(
            org,
            Kind.LIFE_MEETING,
            local(day, 9),
            title=f"{y - 1}年度组织生活会",
            minutes=150,
            venue=room,
            notes="对照检查，开展批评和自我批评。",
        )
        self.hold(
            org,
            Kind.APPRAISAL,
            local(day, 14),
            title=f"{y - 1}年度民主评议党员",
            minutes=90,
            venue=room,
            notes="个人自评、党员互评、民主测评。",
        )
        round_ = appraisal_open(organization=org, year=y - 1, held_on=day)
        full = [m for m in branch.members if m.status == PartyMember.Status.FULL]
        cap = len(full) // 3
        excellent = set(rng.sample(full, min(cap, max(1, len(full) // 5))))
        for member in full:
            grade = "excellent" if member in excellent else "qualified"
            habit = self.habits.get(member.pk)
            if habit and habit.gone_from is not None and rng.random() < 0.5:
                grade = "basic"
            appraisal_grade_set(round=round_, member=member, grade=grade)
            self.counts.grades += 1
        appraisal_close(round=round_, at=local(day, 17))

    def _talks(self, branch, calendar, *, behind: bool) -> None:
        """A talk this year with every member but those out of contact (who cannot be
        reached); a branch behind misses a few more."""
        rng = self.rng
        months = [ym for ym in calendar if ym[0] == planning.YEAR] or calendar
        for member in branch.members:
            habit = self.habits.get(member.pk)
            if habit and habit.gone_from is not None:
                continue
            if behind and rng.random() < 0.15:
                continue
            y, m = rng.choice(months)
            talk_record(
                organization=branch.org,
                member=member,
                held_on=datetime.date(y, m, rng.randint(1, 28)),
                by_name=branch.secretary.resident.name
                if member != branch.secretary
                else "上级党组织",
                note="了解思想、工作和生活情况。",
            )
            self.counts.talks += 1
