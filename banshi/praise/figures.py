"""The registered figures of praise and of the party-building brands' carriers, for the
city, a district or a street: praise received through 12345, letters and silk banners in
the period (counted in the praised unit's region), and the Lei Feng carriers held now
(routes, themed carriages, model posts, post models), counted under their brand's unit."""

from functools import partial

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


FIGURES = (
    _count(
        key="praise_hotline",
        label=_("12345表扬"),
        order=970,
        records=_praise(PraiseRecord.Kind.HOTLINE),
        help=_("本期经12345热线收到的表扬，按被表扬单位所在区划统计"),
    ),
    _count(
        key="praise_letters",
        label=_("表扬信"),
        order=971,
        records=_praise(PraiseRecord.Kind.LETTER),
        help=_("本期收到的表扬信，按被表扬单位所在区划统计"),
    ),
    _count(
        key="praise_banners",
        label=_("锦旗"),
        order=972,
        records=_praise(PraiseRecord.Kind.BANNER),
        help=_("本期收到的锦旗，按被表扬单位所在区划统计"),
    ),
    _stock(
        "lei_feng_routes",
        _("雷锋线路"),
        order=973,
        records=_carriers(Carrier.Kind.ROUTE),
        help=_("党建品牌命名的雷锋线路，按品牌所属党组织统计"),
    ),
    _stock(
        "lei_feng_carriages",
        _("雷锋车厢"),
        order=974,
        records=_carriers(Carrier.Kind.CARRIAGE),
        help=_("党建品牌命名的雷锋主题车厢，按品牌所属党组织统计"),
    ),
    _stock(
        "model_posts",
        _("雷锋示范岗"),
        order=975,
        records=_carriers(Carrier.Kind.MODEL_POST),
        help=_("党建品牌命名的雷锋示范岗，按品牌所属党组织统计"),
    ),
    _stock(
        "post_models",
        _("岗位学雷锋标兵"),
        order=976,
        records=_carriers(Carrier.Kind.POST_MODEL),
        help=_("党建品牌评选的岗位学雷锋标兵（各级），按品牌所属党组织统计"),
    ),
)


def register() -> None:
    register_all(FIGURES)
