"""The registered figures of learning materials for a region (or grid) and a period, by the
territory the target branch serves: pushes made in the period, the receipts they created
(one per member of the branch at push time), those opened, and the open rate. Coverage,
never time spent. One batch reads all four."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Batch, Figure, FigureKind, ratio, register_all
from banshi.territory import codes

from .models import MaterialPush, MaterialReceipt

LEVELS = codes.ALL_LEVELS


def _scoped(qs, scope):
    return qs if scope is None else scope(qs)


def _pushes(s, p):
    return MaterialPush.objects.filter(
        p.q("pushed_at"), organization__territory_code__startswith=s.prefix
    )


def _expected(s, p):
    return MaterialReceipt.objects.filter(
        p.q("push__pushed_at"), push__organization__territory_code__startswith=s.prefix
    )


def _opened(s, p):
    return _expected(s, p).filter(opened_at__isnull=False)


def _counts(s, p, scope):
    pushed = _scoped(_pushes(s, p), scope).count()
    row = _scoped(_expected(s, p), scope).aggregate(
        n=Count("id"), opened=Count("id", filter=Q(opened_at__isnull=False))
    )
    return {
        "materials_pushed": pushed,
        "material_receipts_expected": row["n"],
        "material_receipts_opened": row["opened"],
        "material_open_rate": ratio(row["opened"], row["n"]),
    }


MATERIALS = Batch("materials.coverage", _counts)


def _figure(key, label, kind, order, **kw):
    return Figure(key, label, kind, levels=LEVELS, group="materials", order=order, **kw)


FIGURES = (
    _figure(
        "materials_pushed",
        _("学习材料推送支部次数"),
        FigureKind.COUNT,
        720,
        records=_pushes,
        batch=MATERIALS,
    ),
    _figure(
        "material_receipts_expected",
        _("学习材料应送达人次"),
        FigureKind.COUNT,
        721,
        records=_expected,
        batch=MATERIALS,
    ),
    _figure(
        "material_receipts_opened",
        _("学习材料已打开人次"),
        FigureKind.COUNT,
        722,
        records=_opened,
        batch=MATERIALS,
    ),
    _figure(
        "material_open_rate",
        _("学习材料打开率"),
        FigureKind.RATE,
        723,
        numerator=_opened,
        denominator=_expected,
        batch=MATERIALS,
        help=_("推送时支部党员每人一份，已打开的占应送达的比例（不统计阅读时长）"),
    ),
)


def register() -> None:
    register_all(FIGURES)
