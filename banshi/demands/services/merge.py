"""合并: a duplicate demand ends by joining its primary, whose progress its reporter then
follows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Demand
from ..selectors import demand_list
from ._base import K, S, _begin, _event, _note, _step


@transaction.atomic
def demand_merge(*, demand: Demand, into: Demand, user, note: str = "", now=None) -> Demand:
    """合并: the duplicate ends here; its reporter follows the primary's progress."""
    at = _begin(demand, user, "merge", now=now)
    if into.pk == demand.pk:
        raise ValidationError(_("不能把诉求合并到它自己"))
    into.refresh_from_db()
    if into.state == S.MERGED:
        raise ValidationError(_("目标诉求已被合并，请合并到它的主诉求"))
    if into.primary().pk == demand.pk:
        raise ValidationError(_("不能形成循环合并"))
    if user is not None and not demand_list(user=user).filter(pk=into.pk).exists():
        raise ValidationError(_("目标诉求不在您的辖区内"))
    note = _note(note, what=_("合并说明"), limit=500)
    _step(
        demand,
        "merge",
        K.MERGED,
        user=user,
        at=at,
        note=note,
        data={"into": into.pk, "into_tracking_code": into.tracking_code},
        merged_into=into,
    )
    _event(into, K.MERGED_IN, user=user, at=at, note=note, data={"demand": demand.pk})
    return demand
