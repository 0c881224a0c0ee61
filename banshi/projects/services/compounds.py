"""Merging compounds (拆墙并院) as a change of the territory: the compounds named, all in
one community, become one under a new name. Nothing of the territory is created or
deleted: the buildings and their households are kept; the merge records, per building, the
compound it was in (a building belongs to the compound its name begins with, or to the
compound a later merge moved it into)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.territory import codes
from banshi.territory.models import Building, Region

from ..models import CompoundMerge, CompoundMergeBuilding, Project
from ._base import check_manager, day, text


def compound_names(buildings) -> dict[int, str]:
    """Each building's compound now: the new name of the latest merge that moved it, or the
    leading part of its name (before its number)."""
    buildings = list(buildings)
    moved = {}
    for building_id, name in (
        CompoundMergeBuilding.objects.filter(building__in=buildings)
        .order_by("merge__on", "merge_id")
        .values_list("building_id", "merge__new_name")
    ):
        moved[building_id] = name
    return {b.pk: moved.get(b.pk) or _leading_name(b) for b in buildings}


def compound_buildings(buildings) -> dict[str, list[Building]]:
    """The compounds of `buildings` by name (sorted), each with its buildings; a building
    whose name gives no compound is left out."""
    buildings = list(buildings)
    names = compound_names(buildings)
    found: dict[str, list[Building]] = {}
    for b in buildings:
        if names[b.pk]:
            found.setdefault(names[b.pk], []).append(b)
    return dict(sorted(found.items()))


def _leading_name(building: Building) -> str:
    name = building.name or ""
    if building.number and name.endswith(building.number):
        name = name[: -len(building.number)]
    return name


@transaction.atomic
def compounds_merge(
    *,
    region: Region,
    names,
    new_name: str,
    on,
    project: Project | None = None,
    user=None,
    now: datetime.datetime | None = None,
) -> CompoundMerge:
    """Merge the compounds `names` of the community into `new_name`; the buildings moved
    are those whose compound is one of `names`. The project, if given, must be the
    community's."""
    if not isinstance(region, Region) or region.level != codes.COMMUNITY:
        raise ValidationError(_("请选择社区"))
    check_manager(user, region)
    names = [text(n, what=_("小区名称"), limit=64, required=True) for n in names]
    if len(set(names)) < 2:
        raise ValidationError(_("请至少选择两个不同的小区合并"))
    new_name = text(new_name, what=_("合并后名称"), limit=64, required=True)
    if project is not None and project.region_id != region.pk:
        raise ValidationError(_("实事项目不属于该社区"))
    on = day(on, what=_("合并日期"))
    buildings = Building.objects.filter(grid__code__startswith=region.prefix).order_by("pk")
    current = compound_names(buildings)
    moves = [(pk, name) for pk, name in current.items() if name in names]
    found = {name for _pk, name in moves}
    missing = [n for n in names if n not in found]
    if missing:
        raise ValidationError(_missing(region, missing))
    taken = set(current.values()) - set(names)
    if new_name in taken:
        raise ValidationError(
            _("本社区已有小区“%(n)s”，请换一个名称或把它一并选上") % {"n": new_name}
        )
    merge = CompoundMerge.objects.create(
        region=region,
        project=project,
        merged_names=names,
        new_name=new_name,
        on=on,
        by=user,
        at=now or timezone.now(),
    )
    CompoundMergeBuilding.objects.bulk_create(
        CompoundMergeBuilding(merge=merge, building_id=pk, old_name=name) for pk, name in moves
    )
    return merge


def _missing(region: Region, missing: list[str]) -> str:
    """The message for compounds not in the community: merged already, or never there."""
    merged = dict(
        CompoundMergeBuilding.objects.filter(
            merge__region=region, old_name__in=missing
        ).values_list("old_name", "merge__new_name")
    )
    parts = [
        _("小区“%(n)s”已并入“%(m)s”") % {"n": n, "m": merged[n]} for n in missing if n in merged
    ]
    never = [n for n in missing if n not in merged]
    if never:
        parts.append(_("本社区没有小区：%(n)s") % {"n": "、".join(never)})
    return "；".join(parts)
