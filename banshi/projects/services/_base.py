"""What the project writes share: who may manage a project (staff whose territory covers
its community), and the parsing of the values the forms post."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for
from banshi.core.text import clean_text
from banshi.territory.models import Region

LIMIT = Decimal("1000000000000")  # 10^12: what a money or quantity column holds


def check_manager(user, region: Region) -> None:
    """Staff of the community, its street or district, or a system administrator (None: a
    build that runs as no one, the demo)."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything or scope.covers_code(region.code):
        return
    raise PermissionDenied(_("只有本社区及上级的工作人员可以管理实事项目"))


def number(value, *, what: str, positive: bool = False) -> Decimal:
    try:
        n = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(what)s应为数字") % {"what": what}) from None
    if not n.is_finite() or abs(n) >= LIMIT:
        raise ValidationError(_("%(what)s应为数字") % {"what": what})
    if n < 0 or (positive and n == 0):
        raise ValidationError(
            (_("%(what)s应大于0") if positive else _("%(what)s不能为负数")) % {"what": what}
        )
    return n.quantize(Decimal("0.01"))


def text(value, *, what: str, limit: int, required: bool = False, multiline=False) -> str:
    value = clean_text(str(value or ""), multiline=multiline).strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def day(value, *, what: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what})
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
