"""The `--region CODE_OR_NAME` argument of every command: a 12-digit region code, an exact
region name or (where the command accepts one) a 15-digit grid code. An unknown or ambiguous
value is a CommandError with exit code 2 that says what to type instead."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from . import codes
from .models import Grid, Region
from .selectors import region_find


def region_argument(value: str, *, grids: bool = False) -> Region | Grid:
    text = (value or "").strip()
    if grids and codes.is_grid_prefix(text) and text.isdigit():
        grid = Grid.objects.select_related("community").filter(code=text).first()
        if grid is None:
            raise CommandError(_("找不到网格“%(g)s”") % {"g": text}, returncode=2)
        return grid
    try:
        return region_find(text)
    except Region.DoesNotExist:
        raise CommandError(
            _("找不到区划“%(r)s”：请输入12位区划代码或准确的区划名称") % {"r": value},
            returncode=2,
        ) from None
    except Region.MultipleObjectsReturned:
        matches = Region.objects.filter(name=text).select_related("parent")
        listed = "、".join(
            f"{r.code}（{r.parent.name if r.parent else ''}{r.name}）" for r in matches
        )
        raise CommandError(
            _("区划名称“%(r)s”不唯一：%(m)s，请改用12位区划代码") % {"r": value, "m": listed},
            returncode=2,
        ) from None
