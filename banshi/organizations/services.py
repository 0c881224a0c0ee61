"""Writes of the party organization: create and move organizations, admit, transfer and
confirm members (keeping the membership history), designate center households, fill
and vacate committee seats (the committee's history), and record the development of
members from application to admission."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for, visible
from banshi.people.models import Resident

from .models import (
    Applicant,
    CenterHousehold,
    CommitteeSeat,
    Membership,
    PartyMember,
    PartyOrganization,
)
from .selectors import organization_list

# One lock for the whole tree (an arbitrary 64-bit key: "banshi" in ASCII).
_TREE_LOCK = 0x62616E736869


def lock_tree() -> None:
    """Creations and moves in the party organization tree take turns, so every path is
    built from its parent's committed path: two crossing moves cannot both pass the cycle
    check, and a child created under a moving parent gets the parent's new path. On
    PostgreSQL one transaction-scoped advisory lock; on SQLite the IMMEDIATE transactions
    already let one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TREE_LOCK])


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: str,
    parent: PartyOrganization | None = None,
    region=None,
    grid=None,
    building=None,
    has_committee: bool = False,
    is_mobile: bool = False,
    established_on: datetime.date | None = None,
) -> PartyOrganization:
    lock_tree()
    if parent is not None:
        parent = PartyOrganization.objects.get(pk=parent.pk)  # with its committed path
    org = PartyOrganization(
        name=name,
        kind=kind,
        parent=parent,
        region=region,
        grid=grid,
        building=building,
        has_committee=has_committee,
        is_mobile=is_mobile,
        established_on=established_on,
    )
    org.full_clean(exclude=["path"])
    org.save()
    return org


def organization_move_check(
    *, organization: PartyOrganization, parent: PartyOrganization | None, user=None
) -> None:
    """The rules of a move besides the model's kind rules, for a form to report before
    saving; raises ValidationError. `organization` and `parent` carry their stored paths.

    A caller (`user`; None: a trusted caller such as a command) may move only an
    organization in their scope, and only under a parent in their scope; making one
    top-level needs a territorial scope over it: a party secretary's scope is a subtree of
    organizations, which a top-level organization leaves. No organization may go under
    itself or its own subtree."""
    if user is not None:
        visible = organization_list(user=user)
        if not visible.filter(pk=organization.pk).exists():
            raise ValidationError(_("不存在或不在您的范围内"))
        if parent is not None and not visible.filter(pk=parent.pk).exists():
            raise ValidationError({"parent": _("不存在或不在您的范围内")})
        if parent is None and organization.parent_id is not None:
            scope = scope_for(user)
            code = organization.territory_code
            if not (scope.everything or (code and scope.covers_code(code))):
                raise ValidationError({"parent": _("只有辖区覆盖该党组织的人员可以把它设为最上级")})
    if parent is not None and parent.path.startswith(organization.path):
        raise ValidationError({"parent": _("不能把党组织移到它自己的下级之下")})


@transaction.atomic
def organization_move(
    *, organization: PartyOrganization, parent: PartyOrganization | None, user=None
) -> PartyOrganization:
    """Put an organization (and its subtree) under another parent, or at the top level
    (`parent=None`), rewriting the materialized paths of the whole subtree in one UPDATE.

    `user` is the caller (None: a trusted caller such as a command). `organization` may
    carry other unsaved changes (the admin's form); they are saved with the move."""
    lock_tree()
    stored = PartyOrganization.objects.select_for_update().get(pk=organization.pk)
    if parent is not None:
        parent = PartyOrganization.objects.get(pk=parent.pk)  # with its current path
    organization_move_check(organization=stored, parent=parent, user=user)
    old = stored.path
    organization.parent = parent
    organization.path = old
    # The model's kind rules (ALLOWED_PARENTS) decide which kinds may stand at the top
    # level; everything below keeps its own parent, so the levels there stay as they were.
    organization.full_clean(exclude=["path"])
    organization.save()
    new = organization.path
    if new != old:
        PartyOrganization.objects.filter(path__startswith=old).exclude(pk=organization.pk).update(
            path=Concat(Value(new), Substr("path", len(old) + 1), output_field=CharField())
        )
    return organization


@transaction.atomic
def member_admit(
    *,
    resident: Resident,
    organization: PartyOrganization,
    joined_on: datetime.date,
    status: str = PartyMember.Status.FULL,
    is_mobile: bool = False,
    occupation: str = "",
) -> PartyMember:
    if hasattr(resident, "party_member"):
        raise ValidationError(_("该居民已是党员"))
    member = PartyMember.objects.create(
        resident=resident,
        organization=organization,
        status=status,
        joined_on=joined_on,
        is_mobile=is_mobile,
        occupation=occupation,
    )
    Membership.objects.create(member=member, organization=organization, started_on=joined_on)
    resident.political_status = (
        Resident.PoliticalStatus.PARTY_MEMBER
        if status == PartyMember.Status.FULL
        else Resident.PoliticalStatus.PROBATIONARY
    )
    resident.save(update_fields=["political_status", "updated_at"])
    return member


@transaction.atomic
def member_transfer(
    *, member: PartyMember, to: PartyOrganization, on: datetime.date, note: str = ""
) -> PartyMember:
    """Move a member's organizational relationship; the history keeps both periods."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.organization_id == to.pk:
        raise ValidationError(_("党员已在该党组织"))
    current = member.history.filter(ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError(_("转出日期不能早于转入日期"))
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    # A member who leaves leaves their seats on the old committee the same day.
    for seat in member.committee_seats.filter(ended_on__isnull=True).exclude(organization=to):
        seat.ended_on, seat.note = max(on, seat.started_on), _("组织关系转出")
        seat.save(update_fields=["ended_on", "note"])
    Membership.objects.create(member=member, organization=to, started_on=on, note=note)
    member.organization = to
    member.save(update_fields=["organization"])
    return member


@transaction.atomic
def member_confirm_full(*, member: PartyMember, on: datetime.date) -> PartyMember:
    """A probationary member becomes a full member (转正)."""
    if member.status != PartyMember.Status.PROBATIONARY:
        raise ValidationError(_("只有预备党员可以转正"))
    member.status = PartyMember.Status.FULL
    member.save(update_fields=["status"])
    resident = member.resident
    resident.political_status = Resident.PoliticalStatus.PARTY_MEMBER
    resident.save(update_fields=["political_status", "updated_at"])
    return member


@transaction.atomic
def center_household_designate(
    *, household, member: PartyMember, group: PartyOrganization
) -> CenterHousehold:
    """Designate a household as a party member center household (the rules are the
    model's: CenterHousehold.clean)."""
    center = CenterHousehold(household=household, member=member, group=group, unit=household.unit)
    center.full_clean()
    center.save()
    return center


# Roles that manage an organization (its secretary, or an organization department above it).
MANAGERS = frozenset(
    {
        RoleAssignment.Role.PARTY_SECRETARY,
        RoleAssignment.Role.DISTRICT,
        RoleAssignment.Role.STREET,
        RoleAssignment.Role.COMMUNITY,
        RoleAssignment.Role.SYSTEM_ADMIN,
    }
)


def check_manager(user, organization: PartyOrganization, denied: str | None = None) -> None:
    """The user may manage `organization`. None is trusted code (the demo, a command)."""
    if user is None:
        return
    if not visible(organization, user):
        raise PermissionDenied(_("该党组织不在您的管辖范围内"))
    scope = scope_for(user)
    # Seeing a branch is not managing it: a grid worker sees the branch of their grid.
    if not (scope.everything or scope.roles & MANAGERS):
        raise PermissionDenied(denied or _("只有党组织书记和组织部门可以管理该党组织"))


def _seat_day(value, *, what: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
    if value > timezone.localdate():
        raise ValidationError(_("%(what)s不能晚于今天") % {"what": what})
    if value.year < 1950:
        raise ValidationError(_("%(what)s无效") % {"what": what})
    return value


@transaction.atomic
def committee_seat_fill(
    *,
    organization: PartyOrganization,
    member: PartyMember,
    post: str,
    started_on,
    note: str = "",
    user=None,
) -> CommitteeSeat:
    """A member takes a post on the organization's committee (elected, or appointed to fill
    a vacancy). The member must belong to the organization; one seat each, one secretary,
    at most seven; a branch without a committee has only a secretary and a deputy."""
    check_manager(user, organization)
    organization = PartyOrganization.objects.select_for_update().get(pk=organization.pk)
    if post not in CommitteeSeat.Post.values:
        raise ValidationError(_("职务无效：%(v)s") % {"v": post})
    started_on = _seat_day(started_on, what=_("任职日期"))
    if member.organization_id != organization.pk:
        raise ValidationError(_("只能由本党组织的党员任职"))
    if post not in CommitteeSeat.WITHOUT_COMMITTEE and not organization.has_committee:
        raise ValidationError(_("该党组织未设委员会，只能设书记、副书记"))
    seats = organization.committee_seats.filter(ended_on__isnull=True)
    if seats.filter(member=member).exists():
        raise ValidationError(_("该党员已在委员会任职，请先办理离任"))
    if post == CommitteeSeat.Post.SECRETARY and seats.filter(post=post).exists():
        raise ValidationError(_("该党组织已有书记，请先办理现任书记离任"))
    if seats.count() >= CommitteeSeat.MAX_SEATS:
        raise ValidationError(
            _("委员会一般不超过%(n)d人，请先办理离任") % {"n": CommitteeSeat.MAX_SEATS}
        )
    if len(note) > 200:
        raise ValidationError(_("说明不能超过200个字"))
    seat = CommitteeSeat(
        organization=organization,
        member=member,
        post=post,
        started_on=started_on,
        note=(note or "").strip(),
    )
    # The rules are checked above; full_clean would only repeat them (and look each
    # foreign key up again), and the constraints decide between two writes at once.
    seat.clean()
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError:
        raise ValidationError(_("该党员已在委员会任职，请先办理离任")) from None
    return seat


@transaction.atomic
def committee_seat_vacate(*, seat: CommitteeSeat, ended_on, note: str, user=None):
    """The holder leaves the post (term ended, resigned, dismissed); the reason is kept."""
    check_manager(user, seat.organization)
    seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.ended_on is not None:
        raise ValidationError(_("该职务已离任"))
    ended_on = _seat_day(ended_on, what=_("离任日期"))
    if ended_on < seat.started_on:
        raise ValidationError(_("离任日期不能早于任职日期"))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("请填写离任原因"))
    if len(note) > 200:
        raise ValidationError(_("离任原因不能超过200个字"))
    seat.ended_on = ended_on
    seat.note = note
    seat.clean()
    seat.save(update_fields=["ended_on", "note"])
    return seat


@transaction.atomic
def applicant_record(
    *, organization: PartyOrganization, resident: Resident, applied_on, note: str = "", user=None
) -> Applicant:
    """A resident hands in an application to join the party (入党申请书) to the branch."""
    check_manager(user, organization)
    applied_on = _seat_day(applied_on, what=_("递交申请日期"))
    # A query, not hasattr: the resident's instance may predate their admission.
    if PartyMember.objects.filter(resident=resident).exists():
        raise ValidationError(_("该居民已是党员"))
    if len(note or "") > 200:
        raise ValidationError(_("说明不能超过200个字"))
    applicant = Applicant(
        organization=organization, resident=resident, applied_on=applied_on, note=note.strip()
    )
    applicant.clean()
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError:
        raise ValidationError(_("该居民已有正在进行的发展党员记录")) from None
    return applicant


@transaction.atomic
def applicant_advance(*, applicant: Applicant, on, user=None) -> Applicant:
    """The next step: activist (积极分子), then candidate (发展对象), then admitted as a
    probationary member (which admits the member to the branch)."""
    check_manager(user, applicant.organization)
    applicant = Applicant.objects.select_for_update(of=("self",)).get(pk=applicant.pk)
    stage = applicant.stage
    if stage in (Applicant.Stage.ADMITTED, Applicant.Stage.DROPPED):
        raise ValidationError(_("该发展党员记录已结束"))
    steps = [field for _step, field in Applicant.STEPS]
    field = steps[steps.index(dict(Applicant.STEPS)[stage]) + 1]
    setattr(applicant, field, _seat_day(on, what=_("日期")))
    applicant.clean()
    applicant.save(update_fields=[field])
    if field == "admitted_on":
        member_admit(
            resident=applicant.resident,
            organization=applicant.organization,
            joined_on=applicant.admitted_on,
            status=PartyMember.Status.PROBATIONARY,
        )
    return applicant


@transaction.atomic
def applicant_drop(*, applicant: Applicant, on, note: str, user=None) -> Applicant:
    """The development stops (withdrawn, not qualified, moved away); the reason is kept."""
    check_manager(user, applicant.organization)
    applicant = Applicant.objects.select_for_update(of=("self",)).get(pk=applicant.pk)
    if applicant.stage in (Applicant.Stage.ADMITTED, Applicant.Stage.DROPPED):
        raise ValidationError(_("该发展党员记录已结束"))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("请填写终止原因"))
    if len(note) > 200:
        raise ValidationError(_("终止原因不能超过200个字"))
    applicant.dropped_on = _seat_day(on, what=_("终止日期"))
    applicant.note = note
    applicant.clean()
    applicant.save(update_fields=["dropped_on", "note"])
    return applicant
