"""Writes of the access app: the audit trail, reveals of personal information."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
