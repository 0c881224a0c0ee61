"""The obligations calendar: what each branch owes under the rules (`rules.py`) in a month,
quarter or year, what it held, and what is overdue; and the members to follow up — absent
three months in a row, or out of contact.

Everything here is a `Q` on `PartyOrganization` (a branch) or `PartyMember`, so the figures,
the pages and the tiles count the same rows the same way, in SQL. A rule's *window* is the
month, quarter or year it must be met in; an obligation is *due in a period* when its window
ends in the period, *overdue* when its window has ended unmet, and *open* while it runs.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from banshi.access.models import RoleAssignment
from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import CommitteeSeat, PartyMember, PartyOrganization

from . import rules as rulebook
from .models import Activity, AppraisalRound, Attendance, MakeUp, Talk
from .rules import Applies, Every, Obligation, Proof

BRANCH_KINDS = tuple(PartyOrganization.BRANCH_KINDS)
HELD = Activity.Status.HELD
PRESENT = Attendance.Status.PRESENT


@dataclass(frozen=True)
class Window:
    start: datetime.datetime  # aware, local midnight
    end: datetime.datetime  # exclusive

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        return timezone.localdate(self.start), timezone.localdate(self.end)

    @property
    def first_day(self) -> datetime.date:
        return self.dates[0]

    @property
    def last_day(self) -> datetime.date:
        return self.dates[1] - datetime.timedelta(days=1)

    def q(self, column: str) -> Q:
        return Q(**{f"{column}__gte": self.start, f"{column}__lt": self.end})

    def date_q(self, column: str) -> Q:
        first, after = self.dates
        return Q(**{f"{column}__gte": first, f"{column}__lt": after})


# --- windows -----------------------------------------------------------------------------


def _aware(year: int, month: int) -> datetime.datetime:
    if month > 12:
        year, month = year + 1, month - 12
    return timezone.make_aware(datetime.datetime(year, month, 1))


def month_window(year: int, month: int) -> Window:
    return Window(_aware(year, month), _aware(year, month + 1))


def window_of(every: Every, year: int, month: int) -> Window:
    """The window of a rule that contains `month` of `year`."""
    if every == Every.MONTH:
        return month_window(year, month)
    if every == Every.QUARTER:
        first = (month - 1) // 3 * 3 + 1
        return Window(_aware(year, first), _aware(year, first + 3))
    return Window(_aware(year, 1), _aware(year + 1, 1))


def windows_ending_in(every: Every, start: datetime.datetime, end: datetime.datetime):
    """The rule's windows that end within (start, end]: those due in a period."""
    local = timezone.localtime(start)
    year, month = local.year, local.month
    out = []
    while True:
        w = window_of(every, year, month)
        if w.end > end:
            break
        if w.end > start:
            out.append(w)
        year, month = timezone.localtime(w.end).year, timezone.localtime(w.end).month
    return out


def months_back(as_of: datetime.datetime, n: int) -> list[Window]:
    """The `n` whole months up to the month that contains the moment just before `as_of`."""
    last = timezone.localtime(as_of - datetime.timedelta(microseconds=1))
    year, month = last.year, last.month
    out = []
    for _i in range(n):
        out.append(month_window(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


# --- what counts -------------------------------------------------------------------------


def _held(kind: str, w: Window) -> QuerySet:
    return Activity.objects.filter(w.q("held_at"), kind=kind, status=HELD)


def _by_branch() -> Q:
    # The holder, or a co-organiser of a joint activity.
    return Q(organization=OuterRef("pk")) | Q(co_organizations=OuterRef("pk"))


def held_q(rule: Obligation, w: Window) -> Q:
    """The branch met `rule` in window `w`."""
    if rule.counts == Proof.EACH_MEMBER:
        untalked = PartyMember.objects.filter(
            organization=OuterRef("pk"), joined_on__lt=w.dates[1]
        ).exclude(Exists(Talk.objects.filter(w.date_q("held_on"), member=OuterRef("pk"))))
        return ~Exists(untalked)
    if rule.counts == Proof.QUORUM:
        # Only the meeting's own expected list counts: a committee meeting's expected list
        # is the committee. Grouped over its attendance rows, so it names no reverse field.
        quorate = (
            Attendance.objects.filter(
                activity__organization=OuterRef("pk"),
                activity__kind=rule.kind,
                activity__status=HELD,
                activity__held_at__gte=w.start,
                activity__held_at__lt=w.end,
            )
            .values("activity")
            .annotate(n=Count("pk"), present=Count("pk", filter=Q(status=PRESENT)))
            .filter(present__gt=F("n") * rule.quorum)
        )
        return Q(Exists(quorate))
    held = _held(rule.kind, w)
    if rule.counts == Proof.SECRETARY:
        # The secretary is the member holding the branch's secretary seat on the day of the
        # lecture, or (where no seat is recorded) the resident of a user with the branch's
        # secretary role.
        seated = CommitteeSeat.objects.filter(
            organization=OuterRef(OuterRef("pk")),
            post=CommitteeSeat.Post.SECRETARY,
            member=OuterRef("lecturer"),
            started_on__lte=OuterRef("held_on"),
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("held_on")))
        residents = RoleAssignment.objects.filter(
            role=RoleAssignment.Role.RESIDENT,
            user__role_assignments__role=RoleAssignment.Role.PARTY_SECRETARY,
            user__role_assignments__party_organization=OuterRef(OuterRef("pk")),
        ).values("resident")
        by_secretary = Q(Exists(seated)) | Q(lecturer__resident__in=residents)
        held = held.annotate(held_on=TruncDate("held_at"))
        return Q(Exists(held.filter(_by_branch()).filter(by_secretary)))
    if rule.applies == Applies.GROUPS:
        # A group meeting is held by one of the branch's party groups (or the branch).
        return Q(Exists(held.filter(organization__path__startswith=OuterRef("path"))))
    found = Q(Exists(held.filter(_by_branch())))
    if rule.counts == Proof.ROUND:
        found |= Q(
            Exists(AppraisalRound.objects.filter(w.date_q("held_on"), organization=OuterRef("pk")))
        )
    return found


def owes_q(rule: Obligation) -> Q:
    """The branch owes `rule` at all."""
    if rule.applies == Applies.COMMITTEE:
        return Q(has_committee=True)
    if rule.applies == Applies.GROUPS:
        return Q(
            Exists(
                PartyOrganization.objects.filter(
                    parent=OuterRef("pk"), kind=PartyOrganization.Kind.BUILDING_GROUP
                )
            )
        )
    return Q()


def branches(prefix: str) -> QuerySet:
    """The branches of a region or grid (by the territory they serve)."""
    return PartyOrganization.objects.filter(
        kind__in=BRANCH_KINDS, territory_code__startswith=prefix
    )


# --- per period (the figures) --------------------------------------------------------------


def due_windows(rule: Obligation, period) -> list[Window]:
    return windows_ending_in(rule.every, period.start, period.end)


def due_q(rule: Obligation, period) -> Q | None:
    """The branch has `rule` due in the period (None: no window of it ends in the period)."""
    if not due_windows(rule, period):
        return None
    return owes_q(rule)


def met_q(rule: Obligation, period) -> Q:
    """The branch met `rule` in every window of it due in the period."""
    q = Q()
    for w in due_windows(rule, period):
        q &= held_q(rule, w)
    return q


def due_branches(prefix: str, period, rule: Obligation | None = None) -> QuerySet:
    """Branches with something due in the period (or `rule` due)."""
    chosen = [rule] if rule else rulebook.rules()
    qs = [q for q in (due_q(r, period) for r in chosen) if q is not None]
    if not qs:
        return PartyOrganization.objects.none()
    if Q() in qs:  # a rule every branch owes (an empty Q would vanish from an OR)
        return branches(prefix)
    any_due = qs[0]
    for q in qs[1:]:
        any_due |= q
    return branches(prefix).filter(any_due)


def met_branches(prefix: str, period, rule: Obligation | None = None) -> QuerySet:
    """Branches that met everything due in the period (or `rule`)."""
    qs = due_branches(prefix, period, rule)
    for r in [rule] if rule else rulebook.rules():
        due = due_q(r, period)
        if due is None:
            continue
        qs = qs.filter(~due | met_q(r, period)) if due != Q() else qs.filter(met_q(r, period))
    return qs


def progress_windows(rule: Obligation, period) -> list[Window]:
    """The rule's windows that overlap the period, each cut at the period's end: for a
    quarterly or yearly rule read in a month, the quarter or year so far."""
    local = timezone.localtime(period.start)
    w = window_of(rule.every, local.year, local.month)
    out = []
    while w.start < period.end:
        out.append(Window(w.start, min(w.end, period.end)))
        after = timezone.localtime(w.end)
        w = window_of(rule.every, after.year, after.month)
    return out


def progress_due(prefix: str, period, rule: Obligation) -> QuerySet:
    """Branches that owe `rule` in a window overlapping the period."""
    return branches(prefix).filter(owes_q(rule))


def progress_met(prefix: str, period, rule: Obligation) -> QuerySet:
    """Of those, the branches that met it in each such window by the period's end."""
    qs = progress_due(prefix, period, rule)
    for w in progress_windows(rule, period):
        qs = qs.filter(held_q(rule, w))
    return qs


# --- members to follow up ----------------------------------------------------------------


def _expected_in(w: Window) -> QuerySet:
    return Attendance.objects.filter(
        member=OuterRef("pk"),
        activity__status=HELD,
        activity__held_at__gte=w.start,
        activity__held_at__lt=w.end,
    )


def absent_q(as_of: datetime.datetime, months: int | None = None) -> Q:
    """The member was expected at organizational life in each of the last `months` months
    up to `as_of` and present at none of it that month (a make-up closes the absence but
    does not undo it)."""
    q = Q()
    for w in months_back(as_of, months or rulebook.ABSENT_MONTHS_IN_A_ROW):
        q &= Q(Exists(_expected_in(w))) & ~Q(Exists(_expected_in(w).filter(status=PRESENT)))
    return q


def _months_before(moment: datetime.datetime, n: int) -> datetime.datetime:
    local = timezone.localtime(moment)
    year, month = local.year, local.month - n
    while month < 1:
        year, month = year - 1, month + 12
    day = min(local.day, 28)
    return timezone.make_aware(datetime.datetime(year, month, day))


def out_of_contact_q(as_of: datetime.datetime, months: int | None = None) -> Q:
    """A member of at least `months` months who, in the `months` months up to `as_of`, was
    expected at organizational life and was never there, nor on approved leave, made none
    of it up, and has no recorded contact. (A member whose branch held nothing was not
    absent: that is the branch's overdue obligation.)"""
    since = _months_before(as_of, months or rulebook.OUT_OF_CONTACT_MONTHS)
    w = Window(since, as_of)
    present = _expected_in(w).filter(status__in=(PRESENT, Attendance.Status.LEAVE))
    made_up = MakeUp.objects.filter(
        attendance__member=OuterRef("pk"), done_at__gte=since, done_at__lt=as_of
    )
    return (
        Q(joined_on__lte=timezone.localdate(since))
        & Q(Exists(_expected_in(w)))
        & ~Q(Exists(present))
        & ~Q(Exists(made_up))
        & (Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=timezone.localdate(since)))
    )


def members(prefix: str) -> QuerySet:
    """The members of the branches of a region or grid."""
    return PartyMember.objects.filter(
        organization__kind__in=BRANCH_KINDS, organization__territory_code__startswith=prefix
    )


# --- the calendar of one branch, and the branches behind -----------------------------------


@dataclass(frozen=True)
class Line:
    rule: Obligation
    window: Window
    status: str  # "held", "open" (running, not yet met) or "overdue" (ended unmet)
    held: int  # activities of the kind held in the window (talks: members talked with)


def calendar(branch: PartyOrganization, year: int, month: int, *, now=None) -> list[Line]:
    """Each rule the branch owes, in its window containing `month`: held, open or overdue."""
    now = now or timezone.now()
    owed = [r for r in rulebook.rules() if _owes(branch, r)]
    if not owed:
        return []
    windows = {r.key: window_of(r.every, year, month) for r in owed}
    flags = (
        PartyOrganization.objects.filter(pk=branch.pk)
        .annotate(**{f"m_{r.key}": _flag(held_q(r, windows[r.key])) for r in owed})
        .values(*[f"m_{r.key}" for r in owed])
        .get()
    )
    lines = []
    for r in owed:
        w = windows[r.key]
        met = flags[f"m_{r.key}"]
        status = "held" if met else ("overdue" if w.end <= now else "open")
        lines.append(Line(r, w, status, _held_count(branch, r, w)))
    return lines


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def _owes(branch: PartyOrganization, rule: Obligation) -> bool:
    q = owes_q(rule)
    if q == Q():
        return True
    return PartyOrganization.objects.filter(q, pk=branch.pk).exists()


def _held_count(branch: PartyOrganization, rule: Obligation, w: Window) -> int:
    if rule.counts == Proof.EACH_MEMBER:
        return (
            Talk.objects.filter(w.date_q("held_on"), member__organization=branch)
            .values("member")
            .distinct()
            .count()
        )
    qs = _held(rule.kind, w)
    if rule.applies == Applies.GROUPS:
        return qs.filter(organization__path__startswith=branch.path).count()
    return qs.filter(Q(organization=branch) | Q(co_organizations=branch)).distinct().count()


def overdue_q(rule: Obligation, year: int, *, now=None) -> list[Q]:
    """One Q per window of `rule` in `year` that has ended by `now`: the branch missed it."""
    now = now or timezone.now()
    out = []
    start, end = _aware(year, 1), _aware(year + 1, 1)
    for w in windows_ending_in(rule.every, start, min(end, now)):
        out.append(owes_q(rule) & ~held_q(rule, w))
    return out


def branches_under(organization: PartyOrganization) -> QuerySet:
    """The branches in an organization's subtree (itself, if it is one)."""
    return PartyOrganization.objects.filter(
        kind__in=BRANCH_KINDS, path__startswith=organization.path
    )


def behind(where, year: int, *, now=None) -> list[tuple[PartyOrganization, int]]:
    """The branches of a region (`where` a territory prefix) or of a queryset of branches
    with obligations of `year` overdue by `now`, most overdue first: (branch, number of
    missed windows)."""
    now = now or timezone.now()
    annotations = {}
    for r in rulebook.rules():
        for i, q in enumerate(overdue_q(r, year, now=now)):
            annotations[f"o_{r.key}_{i}"] = _flag(q)
    if not annotations:
        return []
    chosen = branches(where) if isinstance(where, str) else where
    rows = chosen.annotate(**annotations).values("pk", *annotations)
    counts = {row["pk"]: sum(bool(row[k]) for k in annotations) for row in rows}
    late = {pk: n for pk, n in counts.items() if n}
    orgs = PartyOrganization.objects.in_bulk(list(late))
    out = [(orgs[pk], n) for pk, n in late.items()]
    return sorted(out, key=lambda t: (-t[1], t[0].path))


def missed(branch: PartyOrganization, year: int, *, now=None) -> list[tuple[Obligation, Window]]:
    """The windows of `year` the branch has let pass unmet by `now`, in order."""
    now = now or timezone.now()
    start, end = _aware(year, 1), _aware(year + 1, 1)
    candidates = [
        (r, w)
        for r in rulebook.rules()
        if _owes(branch, r)
        for w in windows_ending_in(r.every, start, min(end, now))
    ]
    if not candidates:
        return []
    flags = (
        PartyOrganization.objects.filter(pk=branch.pk)
        .annotate(**{f"m{i}": _flag(held_q(r, w)) for i, (r, w) in enumerate(candidates)})
        .values(*[f"m{i}" for i in range(len(candidates))])
        .get()
    )
    out = [c for i, c in enumerate(candidates) if not flags[f"m{i}"]]
    return sorted(out, key=lambda c: (c[1].start, c[0].order))


# --- the scoped reads of the pages and tiles ------------------------------------------------


def organization_get(*, user, pk: int) -> PartyOrganization:
    """An organization in the user's scope; PartyOrganization.DoesNotExist otherwise."""
    return restrict(PartyOrganization.objects.all(), user).get(pk=pk)


def is_branch(organization: PartyOrganization) -> bool:
    return organization.kind in BRANCH_KINDS


def user_branches(*, user) -> QuerySet:
    """The branches the user serves as secretary (the roots of their organization scope)."""
    paths = scope_for(user).org_paths
    qs = PartyOrganization.objects.filter(kind__in=BRANCH_KINDS, path__in=paths)
    return restrict(qs, user).order_by("path")


def behind_visible(*, user, where, year: int, now=None):
    """`behind`, only the branches the user may open."""
    rows = behind(where, year, now=now)
    visible = set(
        restrict(
            PartyOrganization.objects.filter(pk__in=[o.pk for o, _n in rows]), user
        ).values_list("pk", flat=True)
    )
    return [(o, n) for o, n in rows if o.pk in visible]


def follow_up(*, user, branch: PartyOrganization, as_of: datetime.datetime) -> dict:
    """The branch's members to follow up that the user may see."""
    qs = restrict(PartyMember.objects.filter(organization=branch), user).select_related("resident")
    return {
        "absent": list(qs.filter(absent_q(as_of))),
        "out_of_contact": list(qs.filter(out_of_contact_q(as_of))),
    }
