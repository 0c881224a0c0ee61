"""The hotline 12345 import: the rows `demands.hotline` reads are taken in through
`demand_submit` on the hotline channel, with the work-order number as the external id, so
importing the same file twice adds nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.access.models import AuditEvent
from banshi.access.scope import scope_for
from banshi.access.services import audit_record
from banshi.territory import codes

from ..hotline import ImportReport, OrderError, read_orders
from ..models import Demand
from ..workflow import ActionForbidden
from ._base import _now
from .intake import demand_submit


def _check_importer(user) -> None:
    """Work orders come from the whole city: only street staff and above import them."""
    if user is None:
        return
    scope = scope_for(user)
    if not scope.everything and not any(codes.at_least(p, codes.STREET) for p in scope.prefixes):
        raise ActionForbidden(_("只有街道及以上的工作人员可以导入热线工单"))


def _row_error(number: int, exc: ValidationError) -> OrderError:
    message = "；".join(exc.messages)
    return OrderError(number, "联系电话" if "电话" in message else "", message)


@transaction.atomic
def hotline_import(*, file, filename: str, user=None, now=None) -> ImportReport:
    """Import the hotline's work orders (CSV or XLSX). Good rows are taken in; bad rows
    are reported by row and column; a work order already imported is skipped."""
    _check_importer(user)
    at = _now(now)
    report = ImportReport()
    for row in read_orders(file=file, filename=filename, now=at):
        if row.error is not None:
            report.errors.append(row.error)
            continue
        if row.kind is not None:
            try:
                with transaction.atomic():
                    created = row.kind.take(**row.fields, user=user, now=at)
            except ValidationError as exc:
                report.errors.append(_row_error(row.number, exc))
                continue
            if created:
                label = str(row.kind.label)
                report.others[label] = report.others.get(label, 0) + 1
            else:
                report.existing += 1
            continue
        try:
            # A row refused by the service rolls back alone; the good rows stay.
            with transaction.atomic():
                intake = demand_submit(
                    channel=Demand.Channel.HOTLINE, user=user, now=at, **row.fields
                )
        except ValidationError as exc:
            report.errors.append(_row_error(row.number, exc))
            continue
        if intake.created:
            report.created += 1
            report.demand_ids.append(intake.demand.pk)
        else:
            report.existing += 1
    audit_record(
        action=AuditEvent.Action.IMPORT,
        user=user,
        object_type="demands.Demand",
        rows=report.created,
        changes={
            "file": filename[:100],
            "created": report.created,
            "existing": report.existing,
            "errors": len(report.errors),
            **({"others": report.others} if report.others else {}),
        },
    )
    return report
