"""Exporting a region's roster as XLSX, in the import's format, through the scoped selector.

ID numbers and phones are masked unless the user holds `people.reveal_personal_info` and
gives a reason; such an export is audited as a reveal as well as an export.
"""

import getpass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.access.models import AuditEvent
from banshi.access.permissions import can_see_tags
from banshi.access.scope import scope_for
from banshi.access.services import audit_record
from banshi.core import crypto
from banshi.core.xlsx import text_value
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from ..models import Resident, ResidentTag
from ..selectors import resident_list
from . import columns

_BATCH = 5000


class CommandLineActor:
    """Whoever runs `banshi export-roster` on the server: every region, every permission."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def get_username(self) -> str:
        return f"cli:{getpass.getuser()}"

    def has_perm(self, perm: str) -> bool:
        return True


def roster_region_get(*, user, code: str) -> Region:
    """The region whose roster `user` may export: one in their scope, or one that contains
    part of it (a grid worker exports their community and gets their grid's residents).
    Region.DoesNotExist otherwise (→ 404)."""
    try:
        return region_get(user=user, code=code)
    except Region.DoesNotExist:
        region = Region.objects.get(code=code)
        if any(p.startswith(region.prefix) for p in scope_for(user).prefixes):
            return region
        raise


def roster_export(
    *, user, region, out, reveal: bool = False, reason: str = "", request=None
) -> int:
    """Write the roster of `region` (as far as `user` may see it) to `out` (a path or a binary
    file); return the number of residents written."""
    import openpyxl  # deferred: a heavy import (half a second), which only exports need

    reason = (reason or "").strip()
    if reveal:
        if not user.has_perm("people.reveal_personal_info"):
            raise PermissionDenied(_("您没有查看完整身份证号和电话的权限"))
        if not reason:
            raise ValueError(_("导出完整身份证号和电话必须填写理由"))
    labels = columns.labels_zh()
    # Service tags (living alone, low income…) only for the roles that deliver the services.
    show_tags = can_see_tags(user)
    queryset = (
        resident_list(user=user, region=region)
        .order_by("grid__code", "household_id", "id")
        .values_list(
            "id",
            "name",
            "id_number_enc" if reveal else "id_number_masked",
            "phone_enc" if reveal else "phone_masked",
            "grid__code",
            "household__building__number",
            "household__unit__number",
            "household__door_number",
            "relation_to_head",
            "ethnicity",
            "political_status",
        )
    )
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("居民花名册"))
    header = [openpyxl.cell.WriteOnlyCell(sheet, value=v) for v in columns.EXPORTED]
    for cell in header:
        cell.font = openpyxl.styles.Font(bold=True)
    sheet.append(header)
    count = 0
    batch: list[tuple] = []

    def write(batch):
        tags: dict[int, list[str]] = {}
        if show_tags:
            for resident_id, tag in ResidentTag.objects.filter(
                resident_id__in=[r[0] for r in batch]
            ).values_list("resident_id", "tag"):
                tags.setdefault(resident_id, []).append(labels[columns.TAGS].get(tag, tag))
        for row in batch:
            id_number, phone = row[2], row[3]
            if reveal:
                id_number, phone = crypto.decrypt(id_number), crypto.decrypt(phone)
            values = [
                row[1],
                id_number,
                phone,
                row[4] or "",
                row[5] or "",
                row[6] or "",
                row[7] or "",
                labels[columns.RELATION].get(row[8], row[8]),
                labels[columns.ETHNICITY].get(row[9], row[9]),
                labels[columns.POLITICAL].get(row[10], row[10]),
                ",".join(sorted(tags.get(row[0], []))),
            ]
            sheet.append([text_value(sheet, v) for v in values])

    for row in queryset.iterator(chunk_size=_BATCH):
        batch.append(row)
        if len(batch) == _BATCH:
            write(batch)
            count += len(batch)
            batch = []
    if batch:
        write(batch)
        count += len(batch)
    workbook.save(out)

    audit_user = user if not isinstance(user, CommandLineActor) else None
    username = user.get_username() if audit_user is None else ""
    common = {
        "user": audit_user,
        "request": request,
        "username": username,
        "object_type": Resident._meta.label,
        "rows": count,
    }
    details = {"region": region.code, "region_name": region.name, "revealed": reveal}
    # The rows are read outside a transaction (a long export must not hold SQLite's write
    # lock); only the audit entries are written together.
    with transaction.atomic():
        if reveal:
            audit_record(
                action=AuditEvent.Action.REVEAL,
                reason=reason,
                changes={**details, "fields": ["id_number", "phone"]},
                **common,
            )
        audit_record(action=AuditEvent.Action.EXPORT, reason=reason, changes=details, **common)
    return count
