"""The registered figures of praise and of the party-building brands' carriers, for the
city, a district or a street: praise received through 12345, letters and silk banners in
the period (counted in the praised unit's region), and the Lei Feng carriers held now
(routes, themed carriages, model posts, post models), counted under their brand's unit."""

from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from .models import Carrier, PraiseRecord

LEVELS = frozenset({codes.CITY, codes.DISTRICT, codes.STREET})
_count = partial(Figure, kind=FigureKind.COUNT, levels=LEVELS, group="praise")
_stock = partial(stock, group="praise", levels=LEVELS)


def _praise(kind):
    def records(s, p):
        return PraiseRecord.objects.filter(
            kind=kind,
            region__code__startswith=s.prefix,
            received_on__gte=p.start.date(),
            received_on__lt=p.end.date(),
        )

    return records


def _carriers(kind):
    def records(s, p):
        return Carrier.objects.filter(kind=kind, brand__owner__territory_code__startswith=s.prefix)

    return records


# (key, kind, note): the label is the kind's own name.
_PRAISE = (
    ("praise_hotline", PraiseRecord.Kind.HOTLINE, _("本期经12345热线收到的表扬")),
    ("praise_letters", PraiseRecord.Kind.LETTER, _("本期收到的表扬信")),
    ("praise_banners", PraiseRecord.Kind.BANNER, _("本期收到的锦旗")),
)
_CARRIERS = (
    ("lei_feng_routes", Carrier.Kind.ROUTE, _("党建品牌命名的雷锋线路")),
    ("lei_feng_carriages", Carrier.Kind.CARRIAGE, _("党建品牌命名的雷锋主题车厢")),
    ("model_posts", Carrier.Kind.MODEL_POST, _("党建品牌命名的雷锋示范岗")),
    ("post_models", Carrier.Kind.POST_MODEL, _("党建品牌评选的岗位学雷锋标兵（各级）")),
)
_IN_REGION = _("，按被表扬单位所在区划统计")
_UNDER_BRAND = _("，按品牌所属党组织统计")

FIGURES = tuple(
    _count(
        key=key,
        label=kind.label,
        order=970 + i,
        records=_praise(kind),
        help=format_lazy("{}{}", note, _IN_REGION),
    )
    for i, (key, kind, note) in enumerate(_PRAISE)
) + tuple(
    _stock(
        key,
        kind.label,
        order=973 + i,
        records=_carriers(kind),
        help=format_lazy("{}{}", note, _UNDER_BRAND),
    )
    for i, (key, kind, note) in enumerate(_CARRIERS)
)


def register() -> None:
    register_all(FIGURES)
