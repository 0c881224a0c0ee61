"""The reserve pool (后备人选) of each village: a candidate enters the pool, and later joins
the committees or leaves it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import ReserveCadre
from ._base import as_day, check_county, check_village, short_text

Status = ReserveCadre.Status


@transaction.atomic
def reserve_add(
    *,
    village,
    resident,
    education: str,
    political_status: str,
    added_on,
    measures: str = "",
    user=None,
) -> ReserveCadre:
    branch = check_village(village, user)
    check_county(user, village)
    if resident is None:
        raise ValidationError({"resident": _("请选择后备人选")})
    if education not in ReserveCadre.Education.values:
        raise ValidationError({"education": _("学历无效：%(v)s") % {"v": education}})
    if political_status not in ReserveCadre.Political.values:
        raise ValidationError(
            {"political_status": _("政治面貌无效：%(v)s") % {"v": political_status}}
        )
    added_on = as_day(added_on, what=_("入库日期"))
    if ReserveCadre.objects.filter(
        village=village, resident=resident, status=Status.IN_POOL
    ).exists():
        raise ValidationError({"resident": _("该人选已在本村后备库中")})
    cadre = ReserveCadre(
        village=village,
        branch=branch,
        resident=resident,
        education=education,
        political_status=political_status,
        measures=short_text(measures, what=_("培养措施"), limit=1000),
        added_on=added_on,
    )
    cadre.clean()  # the fields and constraints are checked above, cheaper than full_clean
    try:
        with transaction.atomic():  # two clicks at once: the unique row decides
            cadre.save()
    except IntegrityError:
        raise ValidationError({"resident": _("该人选已在本村后备库中")}) from None
    return cadre


@transaction.atomic
def reserve_set_status(
    *, cadre: ReserveCadre, status: str, on, note: str = "", user=None
) -> ReserveCadre:
    """In the pool → joined the committees, or → left; a candidate leaves the pool once."""
    check_village(cadre.village, user)
    check_county(user, cadre.village)
    cadre = ReserveCadre.objects.select_for_update().get(pk=cadre.pk)
    if status not in (Status.JOINED, Status.LEFT):
        raise ValidationError({"status": _("状态无效：%(v)s") % {"v": status}})
    if cadre.status != Status.IN_POOL:
        raise ValidationError(_("该人选已不在后备库中"))
    on = as_day(on, what=_("变更日期"))
    if on < cadre.added_on:
        raise ValidationError(_("变更日期不能早于入库日期"))
    note = short_text(note, what=_("说明"))
    if status == Status.LEFT and not note:
        raise ValidationError({"note": _("请填写退出原因")})
    cadre.status, cadre.status_on, cadre.note = status, on, note
    cadre.save(update_fields=["status", "status_on", "note"])
    return cadre


@transaction.atomic
def reserve_add_many(*, village, candidates, user=None) -> list[ReserveCadre]:
    """Several candidates into the village's pool at once (a township's list): each a
    dict of `reserve_add`'s arguments, each checked the same way."""
    branch = check_village(village, user)
    check_county(user, village)
    rows, seen = [], set()
    for c in candidates:
        resident = c.get("resident")
        if resident is None:
            raise ValidationError({"resident": _("请选择后备人选")})
        if c.get("education") not in ReserveCadre.Education.values:
            raise ValidationError({"education": _("学历无效：%(v)s") % {"v": c.get("education")}})
        political = c.get("political_status")
        if political not in ReserveCadre.Political.values:
            raise ValidationError({"political_status": _("政治面貌无效：%(v)s") % {"v": political}})
        if resident.pk in seen:
            raise ValidationError({"resident": _("该人选已在本村后备库中")})
        seen.add(resident.pk)
        rows.append(
            ReserveCadre(
                village=village,
                branch=branch,
                resident=resident,
                education=c["education"],
                political_status=political,
                measures=short_text(c.get("measures"), what=_("培养措施"), limit=1000),
                added_on=as_day(c.get("added_on"), what=_("入库日期")),
            )
        )
    taken = ReserveCadre.objects.filter(
        village=village, resident_id__in=seen, status=Status.IN_POOL
    )
    if taken.exists():
        raise ValidationError({"resident": _("该人选已在本村后备库中")})
    return ReserveCadre.objects.bulk_create(rows)
