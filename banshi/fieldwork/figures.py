"""The registered figures of field work for a region or a grid and a period: home-visit
coverage as of the period's end (a household is covered when visited within its cycle, see
`selectors.covered_q`), visits, patrols and what patrols found, in the period.

Four batches read them: one aggregate over the households, one over the visits, one over
the patrols and two over the findings, whatever the size of the region."""

from django.db.models import Count, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Batch, Figure, FigureKind, ratio, register_all
from banshi.territory import codes
from banshi.territory.models import Household

from .models import Finding, HomeVisit, Patrol
from .selectors import RESOLVED_STATES, covered_q

LEVELS = codes.ALL_LEVELS


def _scoped(qs, scope):
    return qs if scope is None else scope(qs)


# --- records -----------------------------------------------------------------------------


def _households(s, p):
    return Household.objects.filter(grid__code__startswith=s.prefix)


def _covered(s, p):
    return _households(s, p).filter(covered_q(p.as_of()))


def _overdue(s, p):
    return _households(s, p).exclude(covered_q(p.as_of()))


def _visits(s, p):
    return HomeVisit.objects.filter(p.q("visited_at"), grid__code__startswith=s.prefix)


def _flagged(s, p):
    return HomeVisit.objects.filter(grid__code__startswith=s.prefix, flagged_for_review=True)


def _patrols(s, p):
    return Patrol.objects.filter(p.q("started_at"), grid__code__startswith=s.prefix)


def _findings(s, p):
    return Finding.objects.filter(p.q("found_at"), patrol__grid__code__startswith=s.prefix)


def _to_demand(s, p):
    return _findings(s, p).filter(demand__isnull=False)


def _resolved(s, p):
    return _findings(s, p).filter(demand__state__in=RESOLVED_STATES)


def _of_kind(kind):
    return lambda s, p: _findings(s, p).filter(kind=kind)


# --- batches -----------------------------------------------------------------------------


def _coverage(s, p, scope):
    as_of = p.as_of()
    row = _scoped(_households(s, p), scope).aggregate(
        households=Count("id"), covered=Count("id", filter=covered_q(as_of))
    )
    return {
        "covered_households": row["covered"],
        "overdue_households": row["households"] - row["covered"],
        "visit_coverage_rate": ratio(row["covered"], row["households"]),
    }


def _visit_counts(s, p, scope):
    row = _scoped(HomeVisit.objects.filter(grid__code__startswith=s.prefix), scope).aggregate(
        visits=Count("id", filter=p.q("visited_at")),
        flagged=Count("id", filter=Q(flagged_for_review=True)),
        workers=Count("worker_id", filter=p.q("visited_at"), distinct=True),
    )
    weeks = p.days / 7
    per_week = row["visits"] / row["workers"] / weeks if row["workers"] and weeks else None
    return {
        "visits": row["visits"],
        "flagged_visits": row["flagged"],
        "visiting_workers": row["workers"],
        "visits_per_worker_week": None if per_week is None else round(per_week, 1),
    }


def _patrol_counts(s, p, scope):
    row = _scoped(_patrols(s, p), scope).aggregate(n=Count("id"), metres=Sum("route_m"))
    return {"patrols": row["n"], "patrol_km": round((row["metres"] or 0) / 1000, 1)}


def _finding_counts(s, p, scope):
    findings = _scoped(_findings(s, p), scope)
    row = findings.aggregate(
        total=Count("id"),
        to_demand=Count("id", filter=Q(demand__isnull=False)),
        resolved=Count("id", filter=Q(demand__state__in=RESOLVED_STATES)),
    )
    by_kind = dict(findings.order_by().values_list("kind").annotate(n=Count("id")))
    return {
        "findings": row["total"],
        "findings_to_demand": row["to_demand"],
        "findings_to_demand_rate": ratio(row["to_demand"], row["total"]),
        "findings_resolved": row["resolved"],
        "findings_resolution_rate": ratio(row["resolved"], row["to_demand"]),
        **{f"findings_{kind}": by_kind.get(kind, 0) for kind in Finding.Kind.values},
    }


COVERAGE = Batch("fieldwork.coverage", _coverage)
VISITS = Batch("fieldwork.visits", _visit_counts)
PATROLS = Batch("fieldwork.patrols", _patrol_counts)
FINDINGS = Batch("fieldwork.findings", _finding_counts)


def _figure(key, label, kind, order, **kw):
    return Figure(key, label, kind, levels=LEVELS, group="fieldwork", order=order, **kw)


FIGURES = (
    _figure(
        "covered_households",
        _("周期内已走访户数"),
        FigureKind.COUNT,
        300,
        records=_covered,
        batch=COVERAGE,
    ),
    _figure(
        "overdue_households",
        _("逾期未走访户数"),
        FigureKind.COUNT,
        301,
        records=_overdue,
        batch=COVERAGE,
    ),
    _figure(
        "visit_coverage_rate",
        _("入户走访覆盖率"),
        FigureKind.RATE,
        302,
        numerator=_covered,
        denominator=_households,
        batch=COVERAGE,
        help=_("在走访周期内走访过的户占全部户的比例（重点户30天，其他户90天）"),
    ),
    _figure("visits", _("走访次数"), FigureKind.COUNT, 310, records=_visits, batch=VISITS),
    _figure(
        "flagged_visits",
        _("待核查走访"),
        FigureKind.COUNT,
        311,
        records=_flagged,
        batch=VISITS,
        periodic=False,
    ),
    _figure(
        "visiting_workers",
        _("开展走访的网格员"),
        FigureKind.COUNT,
        312,
        records=_visits,
        distinct="worker_id",
        batch=VISITS,
    ),
    _figure(
        "visits_per_worker_week",
        _("网格员周均走访"),
        FigureKind.AMOUNT,
        313,
        records=_visits,
        batch=VISITS,
        unit=_("次/周"),
    ),
    _figure("patrols", _("巡查次数"), FigureKind.COUNT, 320, records=_patrols, batch=PATROLS),
    _figure(
        "patrol_km",
        _("巡查里程"),
        FigureKind.AMOUNT,
        321,
        records=_patrols,
        batch=PATROLS,
        unit=_("公里"),
    ),
    _figure("findings", _("巡查发现"), FigureKind.COUNT, 330, records=_findings, batch=FINDINGS),
    _figure(
        "findings_to_demand",
        _("转为诉求的发现"),
        FigureKind.COUNT,
        331,
        records=_to_demand,
        batch=FINDINGS,
    ),
    _figure(
        "findings_to_demand_rate",
        _("发现转诉求率"),
        FigureKind.RATE,
        332,
        numerator=_to_demand,
        denominator=_findings,
        batch=FINDINGS,
    ),
    _figure(
        "findings_resolved",
        _("已办结的发现诉求"),
        FigureKind.COUNT,
        333,
        records=_resolved,
        batch=FINDINGS,
    ),
    _figure(
        "findings_resolution_rate",
        _("发现诉求办结率"),
        FigureKind.RATE,
        334,
        numerator=_resolved,
        denominator=_to_demand,
        batch=FINDINGS,
    ),
    *(
        _figure(
            f"findings_{kind}",
            format_lazy("{}·{}", _("巡查发现"), label),
            FigureKind.COUNT,
            340 + i,
            records=_of_kind(kind),
            batch=FINDINGS,
            detail=True,
        )
        for i, (kind, label) in enumerate(Finding.Kind.choices)
    ),
)


def register() -> None:
    register_all(FIGURES)
