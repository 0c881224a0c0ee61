"""What the red-flag services share: who may act at each step (the village declares, the
township first-reviews, the county decides) and the checks of plain input."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.organizations.models import PartyOrganization
from banshi.territory import codes
from banshi.territory.models import Region

Role = RoleAssignment.Role


def village_branch(village: Region) -> PartyOrganization | None:
    """The village's own party branch (the first one serving the village itself)."""
    return (
        PartyOrganization.objects.filter(
            region=village, kind__in=PartyOrganization.BRANCH_KINDS, grid__isnull=True
        )
        .order_by("pk")
        .first()
    )


def _by_branch(scope, branch) -> bool:
    return branch is not None and any(branch.path.startswith(p) for p in scope.org_paths)


def sees_village(user, village: Region, branch: PartyOrganization | None) -> bool:
    """The township, the county or the village's own secretary (their branch's subtree)."""
    if user is None:
        return True
    scope = scope_for(user)
    return scope.covers_code(village.code) or _by_branch(scope, branch)


def check_village(village, user) -> PartyOrganization | None:
    """The village's branch; a ValidationError, in the words used for one that does not
    exist, for a region that is no village or one the writer may not see."""
    if not isinstance(village, Region) or village.level != codes.COMMUNITY:
        raise ValidationError({"village": _("村不存在")})
    branch = village_branch(village)
    if not sees_village(user, village, branch):
        raise ValidationError({"village": _("村不存在")})
    return branch


def check_declarer(user, village: Region, branch) -> None:
    """The village itself declares: its branch's secretary, or the village's staff."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything or _by_branch(scope, branch):
        return
    if Role.COMMUNITY in scope.roles and scope.covers_code(village.code):
        return
    raise PermissionDenied(_("只有本村可以申报"))


def check_township(user, village: Region) -> None:
    """The township over the village makes the first review."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything or (Role.STREET in scope.roles and scope.covers_code(village.code)):
        return
    raise PermissionDenied(_("只有乡镇可以初审"))


def check_county(user, region: Region) -> None:
    """The county's organization department (a district role over the region) decides."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything or (Role.DISTRICT in scope.roles and scope.covers_code(region.code)):
        return
    raise PermissionDenied(_("只有县委组织部可以办理此项"))


def may(check, *args) -> bool:
    """Whether a check passes (for pages deciding which forms to show)."""
    try:
        check(*args)
    except (PermissionDenied, ValidationError):
        return False
    return True


def as_day(value, *, what: str) -> datetime.date:
    if value is None or value == "":
        return timezone.localdate()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
    if value.year < 2000:
        raise ValidationError(_("%(what)s无效") % {"what": what})
    return value


def as_score(value, *, what: str, top: Decimal = Decimal(100)) -> Decimal:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
    if not score.is_finite() or score < 0 or score > top:
        raise ValidationError(
            _("%(what)s须在0到%(top)s之间") % {"what": what, "top": top.normalize()}
        )
    return score.quantize(Decimal("0.1"))


def text(value, *, what: str, limit: int = 500, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value
