"""What the volunteers' writes share: who manages a team (staff whose territory covers its
region, the secretary of its party organization, the instructor of its enterprise), the
residents a user acts for and where they live (the teams they may join), and the parsing of
posted values into Chinese messages."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for
from banshi.people.models import Resident
from banshi.territory.models import Region

from ..models import VolunteerTeam

MAX_TEXT = 2000


def can_manage(user, team: VolunteerTeam) -> bool:
    """None is trusted code (the demo, a command)."""
    if user is None:
        return True
    scope = scope_for(user)
    if scope.everything:
        return True
    if scope.prefixes and scope.covers_code(team.region.code):
        return True
    org = team.organization
    if org is not None and any(org.path.startswith(p) for p in scope.org_paths):
        return True
    enterprise = team.enterprise
    if enterprise is not None:
        if enterprise.instructor_id and enterprise.instructor_id in scope.instructor_ids:
            return True
        party = enterprise.party_organization
        if party is not None and any(party.path.startswith(p) for p in scope.org_paths):
            return True
    return False


def check_manager(user, team: VolunteerTeam) -> None:
    if not can_manage(user, team):
        raise PermissionDenied(_("只有志愿服务队的管理人员可以办理此项"))


def own_resident_ids(user) -> tuple[int, ...]:
    return scope_for(user).resident_ids if user is not None else ()


def home_regions(resident_ids) -> dict[int, set[int]]:
    """Each resident's community and its street (by the resident's grid): the regions whose
    teams they may join themselves."""
    rows = Resident.objects.filter(pk__in=resident_ids, grid__isnull=False).values_list(
        "pk", "grid__community_id", "grid__community__parent_id", "grid__community__parent__kind"
    )
    homes: dict[int, set[int]] = {}
    for pk, community, parent, parent_kind in rows:
        homes[pk] = {community} | ({parent} if parent_kind == Region.Kind.STREET else set())
    return homes


def actor(user):
    """The user to store as who did it (None for trusted code)."""
    return user if getattr(user, "is_authenticated", False) else None


def text(value, *, what: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    if value is not None and not isinstance(value, str | int):
        raise ValidationError(_("%(what)s格式无效") % {"what": what})
    value = str(value or "").strip()
    if "\x00" in value:
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def hours_value(value, *, what: str) -> Decimal:
    """A number of hours in half hours (may be negative: a correction)."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(what)s应为数字") % {"what": what}) from None
    if not hours.is_finite() or abs(hours) > 1000:
        raise ValidationError(_("%(what)s应为数字") % {"what": what})
    if (hours * 2) % 1 != 0:
        raise ValidationError(_("%(what)s应以0.5小时为单位") % {"what": what})
    return hours.quantize(Decimal("0.1"))


def aware(value, *, what: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what})
    if value.tzinfo is None:
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what})
    if not 2000 <= value.year <= 2100:
        raise ValidationError(_("%(what)s的年份无效") % {"what": what})
    return value
