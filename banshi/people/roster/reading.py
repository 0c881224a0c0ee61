"""Opening a roster file: its kind (by content, checked against the extension), its encoding,
its header, and its rows as (row number in the file, cells).

Everything here refuses a file with a `RosterFileError` whose message is for the user.
"""

import codecs
import csv
import datetime
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineError, SheetTypeEnum, SheetVisibleEnum, load_workbook

from banshi.core.spreadsheets import SheetError, SheetLimits, check_csv, check_xlsx
from banshi.core.uploads import HEAD_BYTES, TABLES, XLSX

from . import columns

# An element named f (a formula), with or without a namespace prefix: <f>, <f t="shared"/>, <x:f>.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_CSV_ENCODINGS = ("utf-8", "gb18030")


class RosterFileError(ValueError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class Source:
    path: str
    kind: str  # "csv" | "xlsx"
    encoding: str = ""
    sheet: str = ""
    header_row: int = 1
    headers: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)  # column name → position
    rows: int = 0  # the last row the sheet uses (CSV: its lines), from the extent check

    @property
    def has_tags(self) -> bool:
        return columns.TAGS in self.index

    def chunks(self, size: int) -> Iterator[tuple[str, list]]:
        """The data rows in chunks for `rows.check_chunk`: CSV as raw records (number, text),
        parsed by the workers; XLSX as (number, cells)."""
        if self.kind == "csv":
            items = _csv_records(self)
        else:
            items = ((n, cells) for n, cells in _xlsx_rows(self) if n > self.header_row)
        chunk: list = []
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield self.kind, chunk
                chunk = []
        if chunk:
            yield self.kind, chunk

    def all_rows(self) -> Iterator[tuple[int, list]]:
        """Every row after the header, blank ones included (for the error report)."""
        raw = _csv_rows(self) if self.kind == "csv" else _xlsx_rows(self)
        for number, cells in raw:
            if number > self.header_row:
                yield number, cells


def open_roster(
    path: str, *, filename: str = "", max_bytes: int, limits: SheetLimits | None = None
) -> Source:
    """Check the file and read its header; RosterFileError if it cannot be imported.

    The extent check (`banshi.core.spreadsheets`, `limits`: the settings' by default) runs
    before calamine opens an XLSX: calamine allocates the whole range a sheet's cells span."""
    filename = filename or os.path.basename(path)
    ext = os.path.splitext(filename)[1].lower()
    if ext not in (".csv", ".xlsx"):
        raise RosterFileError(
            _("仅支持 .xlsx 或 .csv 文件，收到的是“%(name)s”") % {"name": filename}
        )
    size = os.path.getsize(path)
    if size > max_bytes:
        raise RosterFileError(
            _("文件大小 %(size)s 字节，超过上限 %(limit)s 字节")
            % {"size": f"{size:,}", "limit": f"{max_bytes:,}"}
        )
    if size == 0:
        raise RosterFileError(_("文件是空的"))
    with open(path, "rb") as fh:
        head = fh.read(4096)
    is_zip = TABLES.of(head[:HEAD_BYTES]) == XLSX
    if ext == ".xlsx":
        if not is_zip:
            raise RosterFileError(
                _("文件扩展名是 .xlsx，但内容不是 Excel（XLSX）文件，可能是改了扩展名的其他文件")
            )
        source = Source(path=path, kind="xlsx")
        extents = _checked(check_xlsx, path, limits=limits)
        _check_xlsx(source)
        rows = [e.rows for e in extents if e.sheet == source.sheet] or [e.rows for e in extents]
        source.rows = max(rows, default=0)
    else:
        if is_zip:
            raise RosterFileError(
                _("文件扩展名是 .csv，但内容是压缩包（可能是 XLSX），请使用正确的扩展名")
            )
        if b"\x00" in head:
            raise RosterFileError(_("文件扩展名是 .csv，但内容不是文本"))
        source = Source(path=path, kind="csv", encoding=_detect_encoding(path))
        source.rows = _checked(check_csv, path, encoding=source.encoding, limits=limits).rows
    _read_header(source)
    return source


def _checked(check, path: str, **kwargs):
    try:
        return check(path, **kwargs)
    except SheetError as exc:
        raise RosterFileError(str(exc)) from None


# CSV ----------------------------------------------------------------------------------------


def _detect_encoding(path: str) -> str:
    with open(path, "rb") as fh:
        if fh.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    for encoding in _CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with open(path, "rb") as fh:
                while block := fh.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise RosterFileError(_("无法识别文件编码，CSV 文件须为 UTF-8 或 GBK 编码"))


def _csv_rows(source: Source) -> Iterator[tuple[int, list]]:
    with open(source.path, encoding=source.encoding, newline="") as fh:
        reader = csv.reader(fh)
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            raise RosterFileError(
                _("CSV 格式错误（第%(row)s行）：%(error)s") % {"row": reader.line_num, "error": exc}
            ) from None


def _csv_records(source: Source) -> Iterator[tuple[int, str]]:
    """(number of its last line, text) for each CSV record after the header, split where
    csv.reader would split them; parsing the fields is left to the workers."""
    with open(source.path, encoding=source.encoding, newline="") as fh:
        number = 0
        pending: list[str] = []
        inside = False
        for line in fh:
            number += 1
            if inside or '"' in line:
                pending.append(line)
                inside = _ends_inside_quotes(line, inside)
                if inside:
                    continue
                line = "".join(pending)
                pending = []
            if number > source.header_row:
                yield number, line
        if pending:
            yield number, "".join(pending)  # an unclosed quote: csv.reader reports it


def _ends_inside_quotes(line: str, inside: bool) -> bool:
    """Whether a quoted field is still open after `line`, by csv's rules for the excel
    dialect: a quote opens a field only at its start; "" inside one is a literal quote."""
    START, FIELD, QUOTED, QUOTE_IN_QUOTED = range(4)
    state = QUOTED if inside else START
    for ch in line:
        if state == QUOTED:
            if ch == '"':
                state = QUOTE_IN_QUOTED
        elif state == QUOTE_IN_QUOTED:
            state = QUOTED if ch == '"' else START if ch == "," else FIELD
        elif state == START:
            state = QUOTED if ch == '"' else START if ch in ",\r\n" else FIELD
        elif ch == ",":
            state = START
    return state == QUOTED


def parse_csv_records(records: list[tuple[int, str]]) -> Iterator[tuple[int, list[str], bool]]:
    """(number, cells, clean) for each record of `_csv_records`. A record without quotes whose
    text is printable and in NFC (nearly every one) is split at its commas, which is what
    csv.reader would do, and its cells are `clean`: what `clean_text` would leave as they
    are. Any other record goes through csv.reader."""
    for number, text in records:
        body = text.rstrip("\r\n")  # a line ends at its terminator (newline="" reading)
        if '"' not in body and body.isprintable() and unicodedata.is_normalized("NFC", body):
            yield number, body.split(",") if body else [], True
            continue
        try:
            cells = next(csv.reader((text,)), [])
        except csv.Error as exc:
            raise RosterFileError(
                _("CSV 格式错误（第%(row)s行）：%(error)s") % {"row": number, "error": exc}
            ) from None
        yield number, cells, False


# XLSX ---------------------------------------------------------------------------------------


def _workbook(path: str):
    try:
        return load_workbook(path)
    except (CalamineError, ValueError, OSError) as exc:
        raise RosterFileError(
            _("无法读取 Excel 文件（%(error)s），请确认文件未损坏且为 .xlsx 格式") % {"error": exc}
        ) from None


def _check_xlsx(source: Source) -> None:
    workbook = _workbook(source.path)
    sheets = [
        m.name
        for m in workbook.sheets_metadata
        if m.typ == SheetTypeEnum.WorkSheet and m.visible == SheetVisibleEnum.Visible
    ]
    if not sheets:
        raise RosterFileError(_("Excel 文件中没有可见的工作表"))
    source.sheet = sheets[0]
    sheet = workbook.get_sheet_by_name(source.sheet)
    merged = sheet.merged_cell_ranges or []
    if merged:
        shown = "、".join(f"{_cell_name(a)}:{_cell_name(b)}" for a, b in merged[:5])
        raise RosterFileError(
            _("工作表“%(sheet)s”含有合并单元格（%(cells)s），请取消合并并逐行填写后再导入")
            % {"sheet": source.sheet, "cells": shown}
        )
    if _has_formula_markup(source.path):
        cells = _formula_cells(source.path, source.sheet)
        if cells:
            raise RosterFileError(
                _("工作表“%(sheet)s”含有公式（%(cells)s），导入不计算公式，请粘贴为数值后再导入")
                % {"sheet": source.sheet, "cells": "、".join(cells[:5])}
            )
    workbook.close()


def _has_formula_markup(path: str) -> bool:
    """A cheap scan of the worksheets' XML for formula elements (no XML parsing)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as fh:
                    tail = b""
                    while block := fh.read(1 << 20):
                        if _FORMULA.search(tail + block):
                            return True
                        tail = block[-32:]
    except zipfile.BadZipFile:
        raise RosterFileError(_("Excel 文件已损坏，无法读取")) from None
    return False


def _formula_cells(path: str, sheet: str) -> list[str]:
    """Where the formulas are, found with openpyxl (only once the scan found some)."""
    import openpyxl  # deferred: a heavy import (half a second), needed only here

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        found = []
        for row in workbook[sheet].iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(cell.coordinate)
        return found
    finally:
        workbook.close()


def _xlsx_rows(source: Source) -> Iterator[tuple[int, list]]:
    workbook = _workbook(source.path)
    try:
        sheet = workbook.get_sheet_by_name(source.sheet)
        start = sheet.start or (0, 0)
        pad = [""] * start[1]
        # iter_rows pads the rows above the first cell (not the columns to its left): the
        # row's place in the list is its number.
        for offset, cells in enumerate(sheet.iter_rows()):
            yield offset + 1, pad + cells if pad else cells
    finally:
        workbook.close()


def _cell_name(position: tuple[int, int]) -> str:
    row, col = position
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def cell_text(value) -> str:
    """A cell as text: XLSX numbers that are whole (phones, door numbers) without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


# Header -------------------------------------------------------------------------------------


def _read_header(source: Source) -> None:
    raw = _csv_rows(source) if source.kind == "csv" else _xlsx_rows(source)
    try:
        header = next(((n, c) for n, c in raw if any(cell_text(x) for x in c)), None)
        if header is None:
            raise RosterFileError(_("文件中没有内容（应有表头和数据行）"))
        _parse_header(source, *header)
        if not any(any(cell_text(x) for x in c) for _n, c in raw):
            raise RosterFileError(_("文件只有表头，没有数据行"))
    finally:
        raw.close()


def _parse_header(source: Source, number: int, cells: list) -> None:
    names = [cell_text(c).lstrip("\ufeff") for c in cells]
    index: dict[str, int] = {}
    duplicated, unknown = [], []
    allowed = set(columns.REQUIRED) | set(columns.OPTIONAL)
    for position, name in enumerate(names):
        if not name:
            continue
        if name in index:
            duplicated.append(name)
        elif name not in allowed:
            unknown.append(name)
        else:
            index[name] = position
    missing = [c for c in columns.REQUIRED if c not in index]
    problems = []
    if missing:
        problems.append(_("缺少列：%(names)s") % {"names": "、".join(missing)})
    if unknown:
        problems.append(_("无法识别的列：%(names)s") % {"names": "、".join(unknown)})
    if duplicated:
        problems.append(_("重复的列：%(names)s") % {"names": "、".join(duplicated)})
    if problems:
        expected = "、".join(columns.REQUIRED)
        optional = "、".join(columns.OPTIONAL)
        raise RosterFileError(
            _("第%(row)s行表头有误：%(problems)s。表头应为：%(expected)s（可选：%(optional)s）")
            % {
                "row": number,
                "problems": "；".join(problems),
                "expected": expected,
                "optional": optional,
            }
        )
    source.header_row = number
    source.headers = names
    source.index = index
