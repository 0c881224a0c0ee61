"""The registered figures of union aid for a city, a district or a street (a federation
is a street's): 建会率 (the unions founded ÷ the enterprises on the federations' rolls, read
now), the active needy-worker files by hardship class (stocks), and the aid given in the
period (its amount in yuan, in all and per season, and the number of records)."""

from functools import partial

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from .models import AidCampaign, AidRecord, EnterpriseUnion, NeedyWorker

LEVELS = frozenset({codes.CITY, codes.DISTRICT, codes.STREET})
GROUP = "unions"
_stock = partial(stock, group=GROUP, levels=LEVELS)


def _roll(s, p):
    return EnterpriseUnion.objects.filter(federation__region__code__startswith=s.prefix)


def _founded(s, p):
    return _roll(s, p).filter(founded_on__isnull=False)


def _files(hardship):
    def records(s, p):
        return NeedyWorker.objects.filter(
            federation__region__code__startswith=s.prefix,
            status=NeedyWorker.Status.ACTIVE,
            hardship=hardship,
        )

    return records


def _aid(s, p):
    start, end = (timezone.localdate(t) for t in p.bounds)
    return AidRecord.objects.filter(
        campaign__federation__region__code__startswith=s.prefix,
        given_on__gte=start,
        given_on__lt=end,
    )


def _amount(records):
    def value(s, p):
        total = records(s, p).aggregate(total=Sum("amount"))["total"]
        return float(total or 0)

    return value


def _season_aid(season):
    def records(s, p):
        return _aid(s, p).filter(campaign__season=season)

    return records


# (key, label, class, help) of the active files counted by class.
FILE_STOCKS = (
    (
        "needy_workers_deep",
        _("深度困难职工"),
        NeedyWorker.Hardship.DEEP,
        _("在档困难职工中家庭人均月收入低于低保标准的"),
    ),
    (
        "needy_workers_relative",
        _("相对困难职工"),
        NeedyWorker.Hardship.RELATIVE,
        _("在档困难职工中家庭人均月收入不低于低保标准、低于其两倍的"),
    ),
    (
        "needy_workers_accident",
        _("意外致困职工"),
        NeedyWorker.Hardship.ACCIDENT,
        _("在档困难职工中年意外/疾病支出超过家庭年收入80%的"),
    ),
)
# (season, label, help) of the aid amount per season: the key is aid_amount_<season>.
SEASONS = (
    (AidCampaign.Season.SPRING, _("春送岗位帮扶金额"), _("本期春送岗位活动发放的金额合计")),
    (AidCampaign.Season.SUMMER, _("夏送清凉帮扶金额"), _("本期夏送清凉活动发放的金额合计")),
    (AidCampaign.Season.AUTUMN, _("秋送助学帮扶金额"), _("本期秋送助学活动发放的金额合计")),
    (AidCampaign.Season.WINTER, _("冬送温暖帮扶金额"), _("本期冬送温暖活动发放的金额合计")),
)


def _aid_amount_figure(key, label, *, order, records, help) -> Figure:
    return Figure(
        key=key,
        label=label,
        kind=FigureKind.AMOUNT,
        levels=LEVELS,
        group=GROUP,
        order=order,
        records=records,
        value=_amount(records),
        unit=_("元"),
        help=help,
    )


FIGURES = (
    Figure(
        key="union_founding_rate",
        label=_("企业建会率"),
        kind=FigureKind.RATE,
        levels=LEVELS,
        group=GROUP,
        order=980,
        numerator=_founded,
        denominator=_roll,
        periodic=False,
        help=_("已建立工会的企业 ÷ 工会联合会名录上的企业（辖区企业与登记的其他企业）"),
    ),
    *(
        _stock(key, label, order=981 + i, records=_files(hardship), help=help)
        for i, (key, label, hardship, help) in enumerate(FILE_STOCKS)
    ),
    _aid_amount_figure(
        "aid_amount",
        _("帮扶金额"),
        order=984,
        records=_aid,
        help=_("本期四季送帮扶发放的金额合计"),
    ),
    Figure(
        key="aid_records",
        label=_("帮扶人次"),
        kind=FigureKind.COUNT,
        levels=LEVELS,
        group=GROUP,
        order=985,
        records=_aid,
        help=_("本期四季送帮扶的帮扶记录"),
    ),
    *(
        _aid_amount_figure(
            f"aid_amount_{season.value}",
            label,
            order=986 + i,
            records=_season_aid(season),
            help=help,
        )
        for i, (season, label, help) in enumerate(SEASONS)
    ),
)


def register() -> None:
    register_all(FIGURES)
