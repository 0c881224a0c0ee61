"""The registered figures of 接诉即办 for a region or a grid: demands received there, and the
three rates of the unit (the region or grid answers for its whole subtree, see `rates`).
Each rate reads one aggregate query for its numerator and denominator together."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Batch, Figure, FigureKind, ratio, register_all
from banshi.territory import codes

from . import rollup
from .models import Demand
from .rates import FIGURES as RATE_PARTS
from .rates import RATES, figure_q


def _assigned(subject, period, part: str):
    """The demands behind one part of a rate (e.g. "responded_in_time") for the unit."""
    return Demand.objects.filter(Q(assigned_code__startswith=subject.prefix)).filter(
        figure_q(part, period.bounds)
    )


def _parts(part: str):
    return lambda s, p: _assigned(s, p, part)


def _rates(subject, period, scope) -> dict:
    """The three rates of the unit: on whole months, one query over the monthly rollup (all
    six counts at once); otherwise one aggregate query per rate over its denominator's rows
    (the numerator is the denominator narrowed: same period column, one more condition)."""
    in_months = rollup.period_months(period) if scope is None else None
    if in_months is not None:
        counts = rollup.code_counts(prefix=subject.prefix, months=in_months)
        return {key: ratio(counts[num], counts[den]) for key, (num, den) in RATES.items()}
    found = {}
    for key, (numerator, denominator) in RATES.items():
        qs = _assigned(subject, period, denominator)
        if scope is not None:
            qs = scope(qs)
        _column, narrower = RATE_PARTS[numerator]
        counts = qs.aggregate(den=Count("pk"), num=Count("pk", filter=narrower))
        found[key] = ratio(counts["num"], counts["den"])
    return found


RATES_BATCH = Batch("demands.rates", _rates)


# Any stage past its deadline: dispatch, sign or resolve (the sweep's marks).
OVERDUE = Q(dispatch_overdue=True) | Q(sign_overdue=True) | Q(resolve_overdue=True)

LABELS = {
    "response_rate": _("响应率"),
    "resolution_rate": _("解决率"),
    "satisfaction_rate": _("满意率"),
}
HELP = {
    "response_rate": _("当期派单中在签收时限内签收的比例"),
    "resolution_rate": _("办结时限在当期的诉求中已办结的比例"),
    "satisfaction_rate": _("当期评价中满意和基本满意的比例"),
}

FIGURES = (
    Figure(
        "demands_received",
        _("受理诉求"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="demands",
        order=200,
        records=lambda s, p: Demand.objects.filter(
            p.q("received_at"), territory_code__startswith=s.prefix
        ),
    ),
    Figure(
        "overdue_demands",
        _("超时诉求"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="demands",
        order=205,
        records=lambda s, p: Demand.objects.filter(
            OVERDUE, p.q("received_at"), territory_code__startswith=s.prefix
        ),
        help=_("当期受理、任一环节超过时限的诉求"),
    ),
    Figure(
        "rider_demands",
        _("骑手随手拍诉求"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="demands",
        order=207,
        records=lambda s, p: Demand.objects.filter(
            p.q("received_at"), channel=Demand.Channel.RIDER, territory_code__startswith=s.prefix
        ),
        help=_("当期流动党员骑手通过“骑手随手拍”反映的诉求"),
    ),
    *(
        Figure(
            key,
            LABELS[key],
            FigureKind.RATE,
            levels=codes.ALL_LEVELS,
            group="demands",
            order=210 + i,
            numerator=_parts(numerator),
            denominator=_parts(denominator),
            batch=RATES_BATCH,
            help=HELP[key],
        )
        for i, (key, (numerator, denominator)) in enumerate(RATES.items())
    ),
)


def register() -> None:
    register_all(FIGURES)
