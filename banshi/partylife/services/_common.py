"""What every party-life service shares: parsing a value from a form or a phone into what
the models hold, with a Chinese message for each bad input, and the check that the user may
manage an organization."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for
from banshi.organizations.services import check_manager as organization_manager

# A phone's clock may run a little fast; more than this ahead is refused.
CLOCK_SKEW = datetime.timedelta(minutes=5)
MAX_TEXT = 2000
MAX_ITEMS = 30


def text(value, *, what: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    if value is not None and not isinstance(value, str | int):
        raise ValidationError(_("%(what)s格式无效") % {"what": what})
    value = str(value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def items(value, *, what: str) -> list[str]:
    """A list of short texts (items, formats), de-duplicated in order."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [line for line in value.splitlines()]
    if not isinstance(value, list | tuple):
        raise ValidationError(_("%(what)s格式无效") % {"what": what})
    out: list[str] = []
    for v in value:
        v = text(v, what=what, limit=100)
        if v and v not in out:
            out.append(v)
    if len(out) > MAX_ITEMS:
        raise ValidationError(_("%(what)s不能超过%(n)d项") % {"what": what, "n": MAX_ITEMS})
    return out


def when(value, *, what: str, now: datetime.datetime | None = None, required: bool = True):
    """A moment, aware; refused if later than now (beyond a phone clock's skew)."""
    now = now or timezone.now()
    if value in (None, ""):
        if required:
            raise ValidationError(_("请填写%(what)s") % {"what": what})
        return None
    if isinstance(value, datetime.datetime):
        at = value
    else:
        try:
            at = parse_datetime(str(value))
        except ValueError:  # well formed but impossible, like 2026-02-30T10:00:00
            at = None
        if at is None:
            raise ValidationError(_("%(what)s格式无效：%(v)s") % {"what": what, "v": value})
    at = _sane_year(at, what=what)
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + CLOCK_SKEW:
        raise ValidationError(_("%(what)s不能晚于当前时间") % {"what": what})
    return at


# Party life is recorded from 2000 to 2100: outside that a time is a typing error (and year
# 1 or 9999 would overflow the conversions to UTC).
YEARS = (2000, 2100)


def _sane_year(at, *, what: str):
    if not YEARS[0] <= at.year <= YEARS[1]:
        raise ValidationError(
            _("%(what)s的年份应在%(lo)s至%(hi)s之间")
            % {"what": what, "lo": YEARS[0], "hi": YEARS[1]}
        )
    return at


def moment(value, *, what: str):
    """A moment that may lie in the future (a planned time)."""
    if value in (None, ""):
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if isinstance(value, datetime.datetime):
        at = value
    else:
        try:
            at = parse_datetime(str(value))
        except ValueError:
            at = None
        if at is None:
            raise ValidationError(_("%(what)s格式无效：%(v)s") % {"what": what, "v": value})
    at = _sane_year(at, what=what)
    return timezone.make_aware(at) if timezone.is_naive(at) else at


def day(value, *, what: str, not_after: datetime.date | None = None) -> datetime.date:
    if value in (None, ""):
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = parse_date(str(value))
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(_("%(what)s格式无效") % {"what": what})
    if not_after and value > not_after:
        raise ValidationError(_("%(what)s不能晚于今天") % {"what": what})
    return value


def a_uuid(value, *, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(_("%(what)s的记录编号无效") % {"what": what}) from None


def choice(value, choices, *, what: str) -> str:
    if value not in choices.values:
        raise ValidationError(_("%(what)s无效：%(v)s") % {"what": what, "v": value})
    return value


def check_manager(user, organization) -> None:
    """The user may manage `organization`'s party life (its secretary, or an organization
    department above it). None is trusted code (the demo, a command)."""
    organization_manager(user, organization, _("只有党组织书记和组织部门可以管理组织生活"))


def check_not_self(user, member) -> None:
    """Nobody decides their own case: their leave, make-up, attendance or grade."""
    if user is not None and not getattr(user, "is_superuser", False):
        if member.resident_id in own_resident_ids(user):
            raise PermissionDenied(_("不能为本人审批或登记，请由其他负责人办理"))


def own_resident_ids(user) -> tuple[int, ...]:
    return scope_for(user).resident_ids if user is not None else ()


def saved(obj):
    """full_clean (the model's invariants) then save."""
    obj.full_clean()
    obj.save()
    return obj
