"""Writes of the access app: the audit trail, reveals of personal information."""

import datetime
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from banshi.core.client_ip import client_ip as request_client_ip
from banshi.core.xlsx import workbook_bytes

from .models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request_client_ip(request) or None


def audit_record(
    *,
    action: str,
    user=None,
    request=None,
    obj=None,
    changes=None,
    reason: str = "",
    rows: int | None = None,
    username: str = "",
    object_type: str = "",
) -> AuditEvent:
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=username or (user.get_username() if user else ""),
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        reason=reason[:200],
        ip_address=client_ip(request),
        rows=rows,
    )


@transaction.atomic
def resident_reveal(*, user, resident, reason: str, request=None) -> dict[str, str]:
    """The clear ID number and phone of a resident, for a user allowed to see them."""
    if not user.has_perm("people.reveal_personal_info"):
        raise PermissionDenied("no reveal permission")
    if not reason or not reason.strip():
        raise ValueError("查看完整信息必须填写理由")
    audit_record(
        action=AuditEvent.Action.REVEAL,
        user=user,
        request=request,
        obj=resident,
        reason=reason.strip(),
        changes={"fields": ["id_number", "phone"]},
    )
    return {"id_number": resident.id_number, "phone": resident.phone}


AUDIT_MIN_RETENTION_DAYS = 180


def audit_prune(*, days: int = AUDIT_MIN_RETENTION_DAYS, now=None) -> int:
    """Remove audit events older than `days` (never fewer than 180); returns the count.

    The retention prune is the only path that deletes audit events: a bulk queryset
    delete, because AuditEvent.delete() refuses single rows.
    """
    if days < AUDIT_MIN_RETENTION_DAYS:
        raise ValueError(
            _("审计记录至少保留%(min)s天，不能只保留%(days)s天")
            % {"min": AUDIT_MIN_RETENTION_DAYS, "days": days}
        )
    keep = max(days, AUDIT_MIN_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep)
    with transaction.atomic():
        deleted, _per_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
        audit_record(
            action=AuditEvent.Action.DELETE,
            object_type=AuditEvent._meta.label,
            rows=deleted,
            reason=_("保留期清理：删除%(cutoff)s（%(days)s天）以前的记录")
            % {"cutoff": f"{timezone.localtime(cutoff):%Y-%m-%d %H:%M}", "days": keep},
        )
    return deleted


@transaction.atomic
def totp_device_start(*, user):
    """The user's unconfirmed TOTP device to enrol (created if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device, token: str, request=None) -> bool:
    """Confirm an enrolment with a code from the authenticator; False if the code is wrong.

    The confirmed device replaces any device the user had before.
    """
    if device.confirmed or not device.verify_token((token or "").strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    audit_record(
        action=AuditEvent.Action.PERMISSION,
        user=device.user,
        request=request,
        obj=device.user,
        changes={"two_factor": {"after": "totp"}},
    )
    return True


def totp_verify(*, user, token: str):
    """The user's confirmed device that accepts `token`, or None."""
    token = (token or "").strip()
    if not token.isdigit():
        return None
    return match_token(user, token)


AUDIT_EXPORT_HEADERS = (
    "时间",
    "用户名",
    "操作",
    "对象类型",
    "对象编号",
    "对象",
    "变更内容",
    "理由",
    "IP地址",
    "行数",
)


def audit_export(*, user, events, request=None) -> tuple[bytes, int]:
    """The given audit events as an XLSX workbook; the export itself is audited (in its
    own short transaction: reading the events holds no write lock)."""
    content, rows = workbook_bytes(
        title="审计记录",
        headers=AUDIT_EXPORT_HEADERS,
        rows=(
            (
                f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}",
                e.username,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.object_repr,
                json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
                e.reason,
                e.ip_address or "",
                e.rows,
            )
            for e in events.iterator(chunk_size=2000)
        ),
    )
    with transaction.atomic():
        audit_record(
            action=AuditEvent.Action.EXPORT,
            user=user,
            request=request,
            object_type=AuditEvent._meta.label,
            rows=rows,
        )
    return content, rows
