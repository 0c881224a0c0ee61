"""The demands as Excel workbooks: a list (any filter of the list page, so every figure's
records too) and a month's ranking. Each export is audited with its row count; the
reporter's contact leaves masked, as on the pages."""

from django.db import transaction
from django.utils import timezone

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.xlsx import workbook_bytes

from .models import Demand

DEMAND_HEADERS = (
    "查询码",
    "受理时间",
    "渠道",
    "类别",
    "紧急程度",
    "诉求内容",
    "地址",
    "网格",
    "承办单位",
    "状态",
    "派单时间",
    "签收时限",
    "签收时间",
    "办结时限",
    "办结时间",
    "办理结果",
    "评价",
    "评价时间",
    "派单逾期",
    "签收逾期",
    "办结逾期",
    "督办层级",
    "联系人",
    "联系电话",
)

RANKING_HEADERS = (
    "名次",
    "承办单位",
    "派单数",
    "按时签收",
    "响应率(%)",
    "应办结",
    "已办结",
    "解决率(%)",
    "已评价",
    "满意及基本满意",
    "满意率(%)",
    "综合得分",
)


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _demand_row(d: Demand) -> tuple:
    return (
        d.tracking_code,
        _when(d.received_at),
        d.get_channel_display(),
        d.category.name,
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


@transaction.atomic
def demand_export(*, user, demands, description: str = "", request=None) -> tuple[bytes, int]:
    """The given demands (a scoped selector's queryset) as a workbook, audited."""
    content, rows = workbook_bytes(
        title="诉求清单",
        headers=DEMAND_HEADERS,
        rows=(_demand_row(d) for d in demands.iterator(chunk_size=1000)),
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=user,
        request=request,
        object_type=Demand._meta.label,
        rows=rows,
        changes={"filters": description} if description else None,
    )
    return content, rows


@transaction.atomic
def ranking_export(*, user, rows, level: str, period: str, request=None) -> tuple[bytes, int]:
    """A ranking (`rates.unit_rates` rows) as a workbook, audited."""
    content, count = workbook_bytes(
        title=f"{period} 三率排名",
        headers=RANKING_HEADERS,
        rows=(
            (
                r["rank"],
                r["name"],
                r["dispatched"],
                r["responded_in_time"],
                r["response_rate"],
                r["due"],
                r["resolved"],
                r["resolution_rate"],
                r["rated"],
                r["satisfied"],
                r["satisfaction_rate"],
                r["score"],
            )
            for r in (row.as_dict() for row in rows)
        ),
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=user,
        request=request,
        object_type="demands.UnitRates",
        rows=count,
        changes={"level": level, "period": period},
    )
    return content, count
