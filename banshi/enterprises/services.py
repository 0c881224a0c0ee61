"""Writes of party work in enterprises and among riders: an instructor's visit and its
follow-up, the founding of an enterprise's party organization (an event that also sets the
enterprise's status), and a rider station's day of service.

Who writes: the enterprise's own instructor, or staff (community, street, district) whose
territory holds the enterprise's grid; a founding only the street or the district."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for, visible
from banshi.organizations.models import PartyOrganization

from .models import Enterprise, InstructorVisit, PartyOrgFounding, RiderStation, StationVisit

R = RoleAssignment.Role
STAFF = frozenset({R.COMMUNITY, R.STREET, R.DISTRICT})
FOUNDERS = frozenset({R.STREET, R.DISTRICT})
STATION_SERVICES = ("休息", "饮水", "充电", "热饭", "应急药箱", "学习", "维修")


def _day(value, *, what: str) -> datetime.date:
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationError(_("%(what)s应为日期（YYYY-MM-DD）") % {"what": what}) from None
    if day > timezone.localdate():
        raise ValidationError(_("%(what)s不能晚于今天") % {"what": what})
    return day


def _text(value, *, what: str, limit: int, required: bool = False) -> str:
    value = str(value or "").strip()
    if "\x00" in value:
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def _check_staff(user, code: str, roles=STAFF) -> None:
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything or (scope.roles & roles and scope.covers_code(code)):
        return
    raise PermissionDenied(_("只有辖区的工作人员可以办理此项"))


def check_visitor(user, enterprise: Enterprise) -> None:
    """The enterprise's own instructor, or staff over its grid."""
    if user is None:
        return
    scope = scope_for(user)
    if enterprise.instructor_id and enterprise.instructor_id in scope.instructor_ids:
        return
    _check_staff(user, enterprise.grid.code)


def check_founder(user, enterprise: Enterprise) -> None:
    """Street or district staff over the enterprise's grid."""
    _check_staff(user, enterprise.grid.code, FOUNDERS)


@transaction.atomic
def visit_record(
    *,
    enterprise: Enterprise,
    visited_on,
    notes: str,
    follow_up: str = "",
    follow_up_due=None,
    user=None,
) -> InstructorVisit:
    """A visit by the enterprise's instructor (an enterprise without one has no visits)."""
    check_visitor(user, enterprise)
    if enterprise.instructor_id is None:
        raise ValidationError(_("该企业尚未选派党建指导员"))
    day = _day(visited_on, what=_("走访日期"))
    follow_up = _text(follow_up, what=_("跟进事项"), limit=200)
    due = None
    if follow_up_due not in (None, ""):
        try:
            due = datetime.date.fromisoformat(str(follow_up_due).strip())
        except ValueError:
            raise ValidationError(_("跟进期限应为日期（YYYY-MM-DD）")) from None
        if due < day:
            raise ValidationError(_("跟进期限不能早于走访日期"))
    if due and not follow_up:
        raise ValidationError(_("有跟进期限时请填写跟进事项"))
    return InstructorVisit.objects.create(
        enterprise=enterprise,
        instructor_id=enterprise.instructor_id,
        visited_on=day,
        notes=_text(notes, what=_("走访情况"), limit=2000, required=True),
        follow_up=follow_up,
        follow_up_due=due,
        recorded_by=user,
    )


@transaction.atomic
def visit_follow_up_done(*, visit: InstructorVisit, on, user=None) -> InstructorVisit:
    visit = (
        InstructorVisit.objects.select_for_update()
        .select_related("enterprise__grid")
        .get(pk=visit.pk)
    )
    check_visitor(user, visit.enterprise)
    if not visit.follow_up:
        raise ValidationError(_("这次走访没有跟进事项"))
    if visit.follow_up_done_on:
        raise ValidationError(_("跟进事项已完成"))
    day = _day(on, what=_("完成日期"))
    if day < visit.visited_on:
        raise ValidationError(_("完成日期不能早于走访日期"))
    visit.follow_up_done_on = day
    visit.save(update_fields=["follow_up_done_on"])
    return visit


@transaction.atomic
def party_org_found(
    *, enterprise: Enterprise, organization: PartyOrganization, status: str, on, user=None
) -> PartyOrgFounding:
    """The enterprise's party organization is founded (its own) or it joins a joint branch,
    on a day: the event is kept and the enterprise's status set."""
    enterprise = Enterprise.objects.select_for_update().select_related("grid").get(pk=enterprise.pk)
    check_founder(user, enterprise)
    if enterprise.has_party_org:
        raise ValidationError(_("该企业已建立党组织"))
    if status not in (Enterprise.PartyOrgStatus.OWN, Enterprise.PartyOrgStatus.JOINT):
        raise ValidationError(_("请选择建立方式"))
    if organization is None or (user is not None and not visible(organization, user)):
        raise ValidationError(_("党组织不存在"))
    day = _day(on, what=_("建立日期"))
    founding = PartyOrgFounding.objects.create(
        enterprise=enterprise,
        founded_on=day,
        status=status,
        organization=organization,
        recorded_by=user,
    )
    enterprise.party_org_status = status
    enterprise.party_organization = organization
    enterprise.full_clean()
    enterprise.save(update_fields=["party_org_status", "party_organization"])
    return founding


@transaction.atomic
def station_visit_record(
    *, station: RiderStation, on, riders, services=(), note: str = "", user=None
) -> StationVisit:
    """A station's day: the riders served and the services used (a second record of the
    same day replaces the first)."""
    _check_staff(user, station.grid.code)
    day = _day(on, what=_("日期"))
    try:
        count = int(str(riders).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("服务骑手人次应为整数")) from None
    if not 0 <= count <= 10000:
        raise ValidationError(_("服务骑手人次应在0到10000之间"))
    used = list(dict.fromkeys(str(s) for s in services))
    unknown = [s for s in used if s not in STATION_SERVICES]
    if unknown:
        raise ValidationError(_("未知的服务：%(s)s") % {"s": "、".join(unknown)[:50]})
    visit, _created = StationVisit.objects.update_or_create(
        station=station,
        on=day,
        defaults={
            "riders": count,
            "services": used,
            "note": _text(note, what=_("备注"), limit=200),
            "recorded_by": user,
        },
    )
    return visit
