"""One entry for a workflow action coming from a form or a JSON body: read the generic
input (note, unit key, departments, rating, target state, merge target, photos, the date
an extension asks for) and call
the service. The web pages and the API both come through here, so both run exactly the
same services with the same checks."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from banshi.access.models import Department

from . import services
from .models import Demand
from .selectors import demand_list
from .units import HandlingUnit, UnitError
from .workflow import ACTIONS

# Every id a client names is a positive 64-bit integer (a larger one overflows the database).
MAX_ID = 2**63 - 1


def client_id(value) -> int | None:
    """`value` (an int, or a str of digits) as an id, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit():
            return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


def _unit(data: Mapping) -> HandlingUnit | None:
    key = (data.get("unit") or "").strip()
    if not key:
        return None
    level, _sep, value = key.partition(":")
    if level == "department" and client_id(value) is None:
        raise ValidationError(_("职能部门编号无效（应为正整数）"))
    try:
        return HandlingUnit.from_key(key)
    except UnitError as exc:
        raise ValidationError(str(exc)) from None


def _departments(data: Mapping) -> list[Department]:
    raw = data.getlist("departments") if hasattr(data, "getlist") else data.get("departments")
    if raw in (None, ""):
        return []
    if isinstance(raw, str | int):
        raw = [raw]
    ids = {client_id(x) for x in raw}
    if None in ids:
        raise ValidationError(_("职能部门编号无效（应为正整数）"))
    found = list(Department.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError(_("所选职能部门不存在"))
    return found


def _merge_target(data: Mapping, user) -> Demand:
    ref = str(data.get("into") or "").strip()
    if not ref:
        raise ValidationError(_("请填写要合并到的主诉求（查询码或编号）"))
    qs = demand_list(user=user)
    pk = client_id(ref)
    found = qs.filter(pk=pk).first() if pk is not None else None
    found = found or qs.filter(tracking_code=ref.upper()).first()
    if found is None:
        raise ValidationError(_("找不到主诉求：%(ref)s") % {"ref": ref})
    return found


def perform(action: str, *, demand: Demand, user, data: Mapping, files=()) -> Demand:
    """Run `action` on `demand` for `user`. Raises TransitionError, ActionForbidden or
    ValidationError with a message for the user."""
    if action not in ACTIONS:
        raise ValidationError(_("未知的办理操作：%(a)s") % {"a": action})
    note = str(data.get("note") or data.get("reason") or "")
    if action == "progress":
        return services.demand_progress_note(demand=demand, user=user, note=note)
    if action == "extend_request":
        services.extension_request(demand=demand, user=user, reason=note, due=data.get("due"))
        return demand
    if action == "extend_approve":
        services.extension_approve(demand=demand, user=user, note=note)
        return demand
    if action == "extend_refuse":
        services.extension_refuse(demand=demand, user=user, note=note)
        return demand
    if action == "dispatch":
        return services.demand_dispatch(demand=demand, user=user, unit=_unit(data), note=note)
    if action == "reassign":
        return services.demand_reassign(demand=demand, user=user, unit=_unit(data), note=note)
    if action == "sign":
        return services.demand_sign(demand=demand, user=user)
    if action == "start":
        return services.demand_start(demand=demand, user=user, note=note)
    if action == "resolve":
        return services.demand_resolve(demand=demand, user=user, note=note, photos=files)
    if action == "return":
        return services.demand_return(demand=demand, user=user, reason=note)
    if action == "rate":
        return services.demand_rate(
            demand=demand, user=user, rating=str(data.get("rating") or ""), note=note
        )
    if action == "close":
        return services.demand_close(demand=demand, user=user, note=note)
    if action == "reopen":
        to = str(data.get("to") or Demand.State.DISPATCHED)
        return services.demand_reopen(demand=demand, user=user, to=to, note=note)
    if action == "escalate":
        services.demand_escalate(
            demand=demand, user=user, departments=_departments(data), note=note
        )
        return demand
    if action == "merge":
        return services.demand_merge(
            demand=demand, into=_merge_target(data, user), user=user, note=note
        )
    raise ValidationError(_("未知的办理操作：%(a)s") % {"a": action})  # pragma: no cover
