"""Reading the hotline 12345 work orders (CSV or XLSX with Chinese headers): each row is
parsed and checked into the arguments of `demand_submit`, or into an error naming its row
and column. Nothing here writes: the import itself is `services.hotline_import`, which
takes the good rows in.

A row whose 工单类型 is a kind another app registered (`register_kind`: the praise app's
表扬) is not a demand: it is handed, with all its cells by header, to that app's `take`,
which checks the rest of it and writes its record. Rows without the column, or with a
demand's kind (诉求、投诉、求助 …), are demands."""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from banshi.core import spreadsheets

from .models import Category, Urgency

COLUMNS = {
    "工单编号": "external_id",
    "受理时间": "received_at",
    "诉求类别": "category",
    "诉求内容": "description",
    "地址": "address",
    "经度": "lng",
    "纬度": "lat",
    "联系人": "reporter_name",
    "联系电话": "reporter_phone",
    "紧急程度": "urgency",
}
REQUIRED = ("工单编号", "受理时间", "诉求类别", "诉求内容")
KIND_COLUMN = "工单类型"
DEMAND_KINDS = frozenset({"", "诉求", "投诉", "求助", "咨询", "建议", "举报"})


@dataclass(frozen=True)
class OrderKind:
    """A kind of work order that is not a demand. `take(cells=, external_id=, received_at=,
    user=, now=)` writes the app's record for the row (`cells`: every cell by its header)
    and returns True, or False when that work order was taken before; it raises
    ValidationError (its message names what is wrong) for a row it refuses."""

    name: str  # as the hotline writes it in 工单类型, e.g. "表扬"
    label: str  # what the import's report calls the records, e.g. "表扬"
    take: Callable[..., bool]


_KINDS: dict[str, OrderKind] = {}


def register_kind(kind: OrderKind) -> OrderKind:
    known = _KINDS.get(kind.name)
    if known is not None and known != kind:
        raise ValueError(f"hotline kind {kind.name} is registered twice")
    if kind.name in DEMAND_KINDS:
        raise ValueError(f"hotline kind {kind.name} is a demand's")
    _KINDS[kind.name] = kind
    return kind


def registered_kinds() -> dict[str, OrderKind]:
    return dict(_KINDS)


URGENCY = {
    "": Urgency.NORMAL,
    "一般": Urgency.NORMAL,
    "普通": Urgency.NORMAL,
    "紧急": Urgency.URGENT,
    "特急": Urgency.EMERGENCY,
    "特别紧急": Urgency.EMERGENCY,
    **{u.value: u.value for u in Urgency},
}
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


@dataclass(frozen=True)
class OrderError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = _("第%(row)d行") % {"row": self.row}
        if self.column:
            where += _("“%(col)s”列") % {"col": self.column}
        return f"{where}：{self.message}"


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    errors: list[OrderError] = field(default_factory=list)
    demand_ids: list[int] = field(default_factory=list)
    # Rows of a registered kind (not demands): kind label → records created.
    others: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class _RowProblem(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def read_table(data: bytes, filename: str) -> list[list]:
    """Rows of the first sheet (XLSX) or of the CSV file (UTF-8, or GB18030 as Excel
    in China saves it)."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        try:
            if data[:4] == b"PK\x03\x04":  # calamine allocates the whole range cells span
                spreadsheets.check_xlsx(io.BytesIO(data))
        except spreadsheets.SheetError as exc:
            raise ValidationError(str(exc)) from None
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for broken files
            raise ValidationError(_("无法读取表格文件：%(err)s") % {"err": exc}) from exc
    if not name.endswith((".csv", ".txt")):
        raise ValidationError(_("只支持 CSV 或 XLSX 文件"))
    try:
        spreadsheets.check_csv(io.BytesIO(data))
    except spreadsheets.SheetError as exc:
        raise ValidationError(str(exc)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValidationError(_("无法识别文件编码"))
    return list(csv.reader(io.StringIO(text)))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _datetime(value, column) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        dt = value
    elif isinstance(value, datetime.date):
        dt = datetime.datetime.combine(value, datetime.time())
    else:
        text = _text(value)
        for fmt in DATETIME_FORMATS:
            try:
                dt = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise _RowProblem(
                column, _("时间格式无效：“%(v)s”（应为 2026-11-03 08:15）") % {"v": text}
            )
    if timezone.is_naive(dt):
        dt = timezone.make_aware(dt)
    return dt


def _coordinate(value, column, low, high) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise _RowProblem(column, _("不是数字：“%(v)s”") % {"v": text}) from None
    if not low <= number <= high:
        raise _RowProblem(
            column, _("超出范围（%(lo)s 至 %(hi)s）：%(v)s") % {"lo": low, "hi": high, "v": text}
        )
    return number


def _parse_row(cells: dict, categories: dict, now: datetime.datetime) -> dict:
    external_id = _order_number(cells)
    received_at = _received_at(cells, now)
    category_text = _text(cells.get("诉求类别"))
    category = categories.get(category_text) or categories.get(category_text.lower())
    if category is None:
        raise _RowProblem("诉求类别", _("未知的诉求类别：“%(v)s”") % {"v": category_text})
    description = _text(cells.get("诉求内容"))
    if not description:
        raise _RowProblem("诉求内容", _("诉求内容为空"))
    lng = _coordinate(cells.get("经度"), "经度", -180, 180)
    lat = _coordinate(cells.get("纬度"), "纬度", -90, 90)
    if (lat is None) != (lng is None):
        raise _RowProblem("经度" if lng is None else "纬度", _("经度和纬度必须同时填写"))
    urgency_text = _text(cells.get("紧急程度"))
    if urgency_text not in URGENCY:
        raise _RowProblem(
            "紧急程度", _("未知的紧急程度：“%(v)s”（一般、紧急或特急）") % {"v": urgency_text}
        )
    return {
        "external_id": external_id,
        "received_at": received_at,
        "category": category,
        "description": description,
        "address": _text(cells.get("地址")),
        "lat": lat,
        "lng": lng,
        "reporter_name": _text(cells.get("联系人")),
        "reporter_phone": _text(cells.get("联系电话")),
        "urgency": URGENCY[urgency_text],
    }


@dataclass(frozen=True)
class Row:
    """A row of the file: the arguments of `demand_submit` for it, or what is wrong."""

    number: int  # as a spreadsheet numbers it: the header is row 1
    fields: dict | None = None
    error: OrderError | None = None
    kind: OrderKind | None = None  # a registered kind: `fields` holds every cell by header


def read_orders(*, file, filename: str, now: datetime.datetime) -> list[Row]:
    """The work orders of the file, row by row, each parsed or with its error (a work-order
    number repeated within the file is an error of the later row). A problem with the whole
    file (empty, a required column missing) is one error at row 1; a file too large or not
    readable raises ValidationError."""
    data = file.read() if hasattr(file, "read") else bytes(file)
    if len(data) > settings.BANSHI_IMPORT_MAX_BYTES:
        raise ValidationError(_("文件过大"))
    table = read_table(data, filename)
    if not table:
        return [Row(1, error=OrderError(1, "", _("文件为空")))]
    header = [_text(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        message = _("缺少必需的列：%(cols)s") % {"cols": "、".join(missing)}
        return [Row(1, error=OrderError(1, missing[0], message))]
    index = {name: header.index(name) for name in COLUMNS if name in header}
    kinds = header.index(KIND_COLUMN) if KIND_COLUMN in header else None
    categories = {}
    for c in Category.objects.filter(active=True):
        categories[c.name] = categories[c.code] = c
    seen: dict[str, int] = {}
    rows = []
    for number, row in enumerate(table[1:], start=2):
        if not any(_text(v) for v in row):
            continue
        cells = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        kind_text = _text(row[kinds]) if kinds is not None and kinds < len(row) else ""
        try:
            if kind_text in DEMAND_KINDS:
                kind, fields = None, _parse_row(cells, categories, now)
            elif kind_text in _KINDS:
                kind = _KINDS[kind_text]
                fields = _parse_other(header, row, now)
            else:
                message = _("未知的工单类型：“%(v)s”") % {"v": kind_text}
                raise _RowProblem(KIND_COLUMN, message)
            first = seen.setdefault(fields["external_id"], number)
            if first != number:
                raise _RowProblem("工单编号", _("与第%(row)d行的工单编号重复") % {"row": first})
        except _RowProblem as problem:
            rows.append(Row(number, error=OrderError(number, problem.column, problem.message)))
        else:
            rows.append(Row(number, fields=fields, kind=kind))
    return rows


def _order_number(cells: dict) -> str:
    external_id = _text(cells.get("工单编号"))
    if not external_id:
        raise _RowProblem("工单编号", _("工单编号为空"))
    if len(external_id) > 64:
        raise _RowProblem("工单编号", _("工单编号过长（最多64个字符）"))
    return external_id


def _received_at(cells: dict, now: datetime.datetime) -> datetime.datetime:
    received_at = _datetime(cells.get("受理时间"), "受理时间")
    if received_at > now + datetime.timedelta(minutes=5):
        raise _RowProblem("受理时间", _("受理时间晚于当前时间"))
    return received_at


def _parse_other(header: list[str], row: list, now: datetime.datetime) -> dict:
    """A registered kind's row: its number and time checked here, every cell by header."""
    cells = {name: (row[i] if i < len(row) else None) for i, name in enumerate(header) if name}
    return {
        "external_id": _order_number(cells),
        "received_at": _received_at(cells, now),
        "cells": {k: _text(v) for k, v in cells.items()},
    }
