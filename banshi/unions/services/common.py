"""What the unions' writes share: who may write for a federation (its street's staff, the
district's, a system administrator) and the parsing of posted values."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for

WRITER_ROLES = frozenset({RoleAssignment.Role.DISTRICT, RoleAssignment.Role.STREET})
MAX_YUAN = Decimal("1000000000")


def may_write(user, federation) -> bool:
    if user is None:  # the demo and the worker's jobs
        return True
    scope = scope_for(user)
    if scope.everything:
        return True
    return bool(scope.roles & WRITER_ROLES) and scope.covers_code(federation.region.code)


def check_writer(user, federation) -> None:
    if not may_write(user, federation):
        raise PermissionDenied(_("只有街道或区的工作人员可以办理工会帮扶事项"))


def text(value, *, what: str, limit: int, required: bool = False) -> str:
    value = str(value or "").strip()
    if any(ord(c) < 32 for c in value):
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def yuan(value, *, what: str) -> Decimal:
    """A non-negative amount in yuan, to the fen."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(what)s应为金额（元）") % {"what": what}) from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_YUAN:
        raise ValidationError(_("%(what)s应为不小于0的金额（元）") % {"what": what})
    return amount.quantize(Decimal("0.01"))


def count(value, *, what: str, least: int = 0, most: int = 100000) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("%(what)s应为整数") % {"what": what}) from None
    if not least <= n <= most:
        raise ValidationError(
            _("%(what)s应在%(a)d到%(b)d之间") % {"what": what, "a": least, "b": most}
        )
    return n


def day(value, *, what: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        result = value
    else:
        try:
            result = datetime.date.fromisoformat(str(value or "").strip()[:10])
        except ValueError:
            raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
    if not 2000 <= result.year <= 2100:
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what})
    return result
