"""What the rectification services share: who may write (the county's organization
department decides; the township or the village's own secretary reports progress), and
the checks of dates and texts (as villages checks them; the two apps do not import each
other)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region


def sees_village(user, village: Region, branch: PartyOrganization | None) -> bool:
    """The township, the county or the village's own secretary (their branch's subtree)."""
    if user is None:
        return True
    scope = scope_for(user)
    if scope.covers_code(village.code):
        return True
    return branch is not None and any(branch.path.startswith(p) for p in scope.org_paths)


def check_sees(user, screening) -> None:
    """Another writer is told the record does not exist."""
    if not sees_village(user, screening.village, screening.organization):
        raise ValidationError(_("整顿方案不存在"))


def check_county(user, region: Region) -> None:
    """Only the county's organization department (a district role over the region) or a
    system administrator runs the campaign, confirms, accepts and signs off."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything:
        return
    if RoleAssignment.Role.DISTRICT in scope.roles and scope.covers_code(region.code):
        return
    raise PermissionDenied(_("只有县委组织部可以办理此项"))


def may_decide(user, region: Region) -> bool:
    try:
        check_county(user, region)
    except PermissionDenied:
        return False
    return True


def as_day(value, *, what: str, future: bool = False) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
    if not future and value > timezone.localdate():
        raise ValidationError(_("%(what)s不能晚于今天") % {"what": what})
    if value.year < 2000 or value.year > 2100:
        raise ValidationError(_("%(what)s无效") % {"what": what})
    return value


def text(value, *, what: str, limit: int = 200, required: bool = True) -> str:
    value = (str(value) if value is not None else "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value
