"""The demands as Excel workbooks: a list (any filter of the list page, so every figure's
records too) and a month's ranking. Each export is audited with its row count; the
reporter's contact leaves masked, as on the pages."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.xlsx import workbook_bytes

from .models import Demand

DEMAND_HEADERS = (
    gettext_lazy("查询码"),
    gettext_lazy("受理时间"),
    gettext_lazy("渠道"),
    gettext_lazy("类别"),
    gettext_lazy("紧急程度"),
    gettext_lazy("诉求内容"),
    gettext_lazy("地址"),
    gettext_lazy("网格"),
    gettext_lazy("承办单位"),
    gettext_lazy("状态"),
    gettext_lazy("派单时间"),
    gettext_lazy("签收时限"),
    gettext_lazy("签收时间"),
    gettext_lazy("办结时限"),
    gettext_lazy("办结时间"),
    gettext_lazy("办理结果"),
    gettext_lazy("评价"),
    gettext_lazy("评价时间"),
    gettext_lazy("派单逾期"),
    gettext_lazy("签收逾期"),
    gettext_lazy("办结逾期"),
    gettext_lazy("督办层级"),
    gettext_lazy("联系人"),
    gettext_lazy("联系电话"),
)

RANKING_HEADERS = (
    gettext_lazy("名次"),
    gettext_lazy("承办单位"),
    gettext_lazy("派单数"),
    gettext_lazy("按时签收"),
    gettext_lazy("响应率(%)"),
    gettext_lazy("应办结"),
    gettext_lazy("已办结"),
    gettext_lazy("解决率(%)"),
    gettext_lazy("已评价"),
    gettext_lazy("满意及基本满意"),
    gettext_lazy("满意率(%)"),
    gettext_lazy("综合得分"),
)


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _demand_row(d: Demand) -> tuple:
    return (
        d.tracking_code,
        _when(d.received_at),
        d.get_channel_display(),
        d.category.label,
        d.get_urgency_display(),
        d.description,
        d.address,
        d.grid.name if d.grid_id else "",
        d.assigned_unit_name,
        d.get_state_display(),
        _when(d.dispatched_at),
        _when(d.sign_due),
        _when(d.signed_at),
        _when(d.resolve_due),
        _when(d.resolved_at),
        d.resolution_note,
        d.get_rating_display() if d.rating else "",
        _when(d.rated_at),
        d.dispatch_overdue,
        d.sign_overdue,
        d.resolve_overdue,
        d.escalation_level,
        d.reporter_name_masked,
        d.reporter_phone_masked,
    )


def demand_export(*, user, demands, description: str = "", request=None) -> tuple[bytes, int]:
    """The given demands (a scoped selector's queryset) as a workbook, audited. The rows
    are read with no transaction open (on SQLite one would hold the write lock for the
    whole export); the audit event is its own short transaction."""
    content, rows = workbook_bytes(
        title=_("诉求清单"),
        headers=DEMAND_HEADERS,
        rows=(_demand_row(d) for d in demands.iterator(chunk_size=1000)),
    )
    with transaction.atomic():
        audit_record(
            action=AuditEvent.Action.EXPORT,
            user=user,
            request=request,
            object_type=Demand._meta.label,
            rows=rows,
            changes={"filters": description} if description else None,
        )
    return content, rows


def _percent(rate: float | None) -> float | None:
    """A rate (a fraction) as the "(%)" columns hold it: a percentage with one decimal."""
    return None if rate is None else round(rate * 100, 1)


def ranking_export(*, user, rows, level: str, period: str, request=None) -> tuple[bytes, int]:
    """A ranking (`rates.unit_rates` rows) as a workbook, audited."""
    content, count = workbook_bytes(
        title=_("%(period)s 三率排名") % {"period": period},
        headers=RANKING_HEADERS,
        rows=(
            (
                r["rank"],
                r["name"],
                r["dispatched"],
                r["responded_in_time"],
                _percent(r["response_rate"]),
                r["due"],
                r["resolved"],
                _percent(r["resolution_rate"]),
                r["rated"],
                r["satisfied"],
                _percent(r["satisfaction_rate"]),
                r["score"],
            )
            for r in (row.as_dict() for row in rows)
        ),
    )
    with transaction.atomic():
        audit_record(
            action=AuditEvent.Action.EXPORT,
            user=user,
            request=request,
            object_type="demands.UnitRates",
            rows=count,
            changes={"level": level, "period": period},
        )
    return content, count
