"""The extent check of an uploaded spreadsheet, run before any reader holds it in memory.

python-calamine builds a dense grid sized by the largest cell position of a sheet: one cell at
XFD1048576 next to A1 asks for 1,048,576 × 16,384 cells (512 GiB) and the allocation failure
aborts the process. Neither calamine nor the sheet's `<dimension ref=…>` (which calamine
ignores, and which anyone can write) tells the real extent, so `check_xlsx` reads it from the
worksheets' XML itself: it inflates every part of the zip in blocks (its own inflate, so a
part that holds more than its directory entry declares is seen for what it is), scans the
`<c r="…">` positions with regular expressions (no XML parse) and stops at the first cell or
byte past a limit. `check_csv` counts a CSV's lines and fields the same way, in blocks.

Limits (settings, each optional; the defaults in brackets):

- ``BANSHI_SHEET_MAX_ROWS`` [1,000,000]: the largest row number a sheet may use (a CSV: the
  lines it may hold). None lifts it (the command line, for rosters of millions of rows).
- ``BANSHI_SHEET_MAX_COLUMNS`` [64]: the largest column (a CSV: fields in one record).
- ``BANSHI_SHEET_MAX_CELLS`` [20,000,000]: rows × columns of the range calamine would
  allocate (XLSX only: a CSV is read a record at a time). About 0.6 GB for calamine's cells
  alone; a 1,000,000-row roster of 12 columns is 12,000,000.
- ``BANSHI_SHEET_MAX_UNZIPPED_BYTES`` [2 GiB]: all parts of an XLSX, inflated.
- ``BANSHI_SHEET_MAX_RATIO`` [200]: how much larger than its compressed size one part may
  inflate once it passes 16 MiB (real sheets inflate 5-30×; a zip bomb by thousands).

Depends on Django only (core is the bottom layer): callers turn `SheetError` into their own
error type.
"""

import codecs
import csv
import functools
import html
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MAX_COLUMNS = 64
DEFAULT_MAX_CELLS = 20_000_000
DEFAULT_MAX_UNZIPPED_BYTES = 2 * 1024**3
DEFAULT_MAX_RATIO = 200
# A part may inflate this far whatever its ratio (small parts compress very well).
RATIO_FLOOR = 16 * 1024 * 1024
# Directory entries an XLSX may have (a workbook has a few dozen parts); zipfile builds an
# object per entry before anything can be checked, so the directory's size is read first.
MAX_MEMBERS = 10_000
BLOCK = 1 << 20
# Excel's own grid: a position beyond it is no spreadsheet.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


class SheetError(ValueError):
    """The spreadsheet is refused; the message is for the user."""


@dataclass(frozen=True)
class SheetLimits:
    rows: int | None
    columns: int
    cells: int
    unzipped_bytes: int
    ratio: int

    @classmethod
    def from_settings(cls, **overrides) -> "SheetLimits":
        limits = cls(
            rows=getattr(settings, "BANSHI_SHEET_MAX_ROWS", DEFAULT_MAX_ROWS),
            columns=getattr(settings, "BANSHI_SHEET_MAX_COLUMNS", DEFAULT_MAX_COLUMNS),
            cells=getattr(settings, "BANSHI_SHEET_MAX_CELLS", DEFAULT_MAX_CELLS),
            unzipped_bytes=getattr(
                settings, "BANSHI_SHEET_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES
            ),
            ratio=getattr(settings, "BANSHI_SHEET_MAX_RATIO", DEFAULT_MAX_RATIO),
        )
        return replace(limits, **overrides)


@dataclass(frozen=True)
class Extent:
    sheet: str  # the sheet's name (a CSV: empty)
    rows: int  # the largest row used (a CSV: its lines, header and blank ones included)
    columns: int  # the largest column used (a CSV: the widest record, or an upper bound)


def column_name(number: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _n(value: int) -> str:
    return f"{value:,}"


# XLSX ---------------------------------------------------------------------------------------

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ATTR = rb"""\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*')"""
# Every cell element (<c …>, <x:c/>), however its attributes are written.
_CELL_TAG = re.compile(_PREFIX + rb"c[\s/>]")
# A cell element whose r attribute is a plain position (the common case, found in bulk).
_CELL_REF = re.compile(
    _PREFIX + rb"c(?:\s+(?!r\s*=)[A-Za-z_][\w.:-]*\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
    rb"""\s+r\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']"""
)
# The same as written by Excel, openpyxl, WPS and LibreOffice: r first, in double quotes.
_SIMPLE_REF = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"')
_ODD_REF = re.compile(rb'<c r="(?![A-Za-z]{1,3}[0-9]{1,7}")')
_SIMPLE_TAGS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
# Rows and cells in document order, for sheets that leave some positions implicit.
_TAG = re.compile(_PREFIX + rb"(row|c)((?:" + _ATTR + rb")*)\s*/?>")
_R = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_POSITION = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xlsx(file, *, limits: SheetLimits | None = None) -> list[Extent]:
    """The extent of every worksheet of the XLSX `file` (a path or a seekable binary file);
    SheetError as soon as one passes a limit, or when the zip is no honest workbook."""
    limits = limits or SheetLimits.from_settings()
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as fh:
            return _check_zip(fh, limits)
    file.seek(0)
    try:
        return _check_zip(file, limits)
    finally:
        file.seek(0)


def _damaged() -> SheetError:
    return SheetError(_("Excel 文件已损坏，无法读取"))


def _check_zip(fh, limits: SheetLimits) -> list[Extent]:
    _check_directory_size(fh)
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged() from None
    with archive:
        members = archive.infolist()
        declared = sum(m.file_size for m in members)
        if declared > limits.unzipped_bytes:
            raise _too_big(declared, limits)
        for member in members:
            if member.flag_bits & 0x1:
                raise SheetError(_("Excel 文件已加密，请取消密码保护后再导入"))
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _damaged()
            if member.file_size > max(RATIO_FLOOR, member.compress_size * limits.ratio):
                raise _bomb(member.filename)
        names = _sheet_names(archive)
        extents, total = [], 0
        for member in members:
            sheet = names.get(member.filename)
            is_sheet = sheet is not None or _is_worksheet(member.filename)
            # Every XML part is scanned, sheet or not: a reader may find a sheet where the
            # relationships, read here by simple patterns, seemed to point elsewhere.
            if sheet is None and member.filename.lower().endswith(".xml"):
                sheet = member.filename.rsplit("/", 1)[-1].removesuffix(".xml")
            scan = _Scan(sheet, limits) if sheet is not None else None
            try:
                size = _inflate(fh, member, limits, total, scan)
            except _ImplicitPositions:
                scan = _Scan(sheet, limits, exact=True)
                size = _inflate(fh, member, limits, total, scan)
            total += size
            if is_sheet:
                extents.append(scan.extent())
    return extents


def _check_directory_size(fh) -> None:
    """The central directory's entry count, read from its end record before zipfile makes
    an object of every entry."""
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(max(0, size - (1 << 16) - 22))
    tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise _damaged()
    entries, directory_bytes = struct.unpack("<xxxxxxxxxxHI", tail[at : at + 16])
    if entries > MAX_MEMBERS or directory_bytes > MAX_MEMBERS * 1024:
        raise SheetError(
            _("Excel 文件中的部件过多（%(n)s 个），不是正常的工作簿") % {"n": _n(entries)}
        )


def _too_big(size: int, limits: SheetLimits) -> SheetError:
    return SheetError(
        _("Excel 文件解压后有 %(size)s 字节，超出上限（最多 %(limit)s 字节）")
        % {"size": _n(size), "limit": _n(limits.unzipped_bytes)}
    )


def _bomb(name: str) -> SheetError:
    return SheetError(
        _("Excel 文件中的“%(part)s”解压后异常膨胀，可能是压缩炸弹，已拒绝读取") % {"part": name}
    )


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _inflate(fh, member: zipfile.ZipInfo, limits: SheetLimits, before: int, scan) -> int:
    """Inflate `member` from the raw zip (not trusting the sizes it declares), feeding the
    scan; the bytes it really holds."""
    fh.seek(member.header_offset)
    header = fh.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _damaged()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fh.seek(member.header_offset + 30 + name_length + extra_length)
    bound = max(RATIO_FLOOR, member.compress_size * limits.ratio)
    inflater = zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced = member.compress_size, 0

    def take(data: bytes) -> None:
        nonlocal produced
        produced += len(data)
        if produced > member.file_size:
            raise _damaged()  # more than the directory declares: what would a reader see?
        if produced > bound:
            raise _bomb(member.filename)
        if before + produced > limits.unzipped_bytes:
            raise _too_big(before + produced, limits)
        if scan is not None and data:
            scan.feed(data)

    while left > 0:
        raw = fh.read(min(BLOCK, left))
        if not raw:
            raise _damaged()
        left -= len(raw)
        if inflater is None:
            take(raw)
            continue
        try:
            while raw:
                take(inflater.decompress(raw, BLOCK))
                raw = inflater.unconsumed_tail
        except zlib.error:
            raise _damaged() from None
    if inflater is not None:
        take(inflater.flush())
    if scan is not None:
        scan.close()
    return produced


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name, from xl/workbook.xml and its relationships."""

    def read(name: str) -> bytes:
        try:
            with archive.open(name) as part:
                return part.read(4 * BLOCK)
        except (KeyError, zipfile.BadZipFile, OSError):
            return b""

    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\s[^>]*>", read("xl/_rels/workbook.xml.rels")):
        rid, target = _attr(tag, b"Id"), _attr(tag, b"Target")
        if rid and target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rid] = os.path.normpath(path).replace(os.sep, "/")
    names = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\s[^>]*>", read("xl/workbook.xml")):
        name, rid = _attr(tag, b"name"), _attr(tag, rb"(?:\w+:)?id")
        if name and rid in targets:
            names[targets[rid]] = name
    return names


def _attr(tag: bytes, name: bytes) -> str:
    found = re.search(rb"\s" + name + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
    if not found:
        return ""
    return html.unescape((found.group(1) or found.group(2) or b"").decode("utf-8", "replace"))


class _Scan:
    """The largest row and column a worksheet's cells use, fed its XML in blocks."""

    def __init__(self, sheet: str, limits: SheetLimits, *, exact: bool = False):
        self.sheet, self.limits = sheet, limits
        self.rows = self.columns = 0
        self.carry = b""
        self.exact = exact  # some position is implicit: follow rows and cells in order
        self.row = self.column = 0  # the position reached (exact mode)

    def feed(self, data: bytes) -> None:
        data = self.carry + data
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:  # a tag that goes on in the next block
            data, self.carry = data[:cut], data[cut:]
            if len(self.carry) > BLOCK:
                raise _damaged()
        else:
            self.carry = b""
        self._scan(data)

    def close(self) -> None:
        self._scan(self.carry)
        self.carry = b""

    def _scan(self, data: bytes) -> None:
        if b"<!" in data and _DOCTYPE.search(data):
            raise _damaged()  # entities could spell positions no scan sees
        if self.exact:
            self._scan_in_order(data)
            return
        plain = data.count(b'<c r="')
        if (
            b":c" in data
            or _ODD_REF.search(data)
            or (plain != data.count(b"<c") and plain != sum(map(data.count, _SIMPLE_TAGS)))
        ):
            # A prefixed element (<x:c>) or r not written first: the thorough patterns.
            refs = _CELL_REF.findall(data)
            if len(refs) != len(_CELL_TAG.findall(data)):
                # A cell without a plain r attribute: calamine numbers it by its place, so
                # the positions must be followed one by one, from the start of the sheet.
                raise _ImplicitPositions
            self._take(refs)
            return
        if not plain:
            return
        # Rows come in order and the columns repeat: the last cell holds the largest row,
        # and no cell goes past the widest column so far, which two searches confirm
        # without making an object per cell. Only a block where they do not is listed.
        last = _SIMPLE_REF.match(data, data.rfind(b'<c r="'))
        if last is None:
            self._take(_SIMPLE_REF.findall(data))
            return
        rows = max(self.rows, int(last.group(2)))
        if _past(rows, self.columns).search(data):
            self._take(_SIMPLE_REF.findall(data))
            return
        self._reach(rows, self.columns, None)

    def _take(self, refs: list[tuple[bytes, bytes]]) -> None:
        if not refs:
            return
        letters, numbers = zip(*refs, strict=True)
        widest = max({s.upper() for s in set(letters)}, key=lambda s: (len(s), s))
        numbers = set(map(int, set(numbers)))
        if min(numbers) < 1:
            raise _damaged()
        self._reach(max(numbers), _column_number(widest), refs)

    def _scan_in_order(self, data: bytes) -> None:
        tags = _TAG.findall(data)
        if sum(1 for name, _a in tags if name == b"c") != len(_CELL_TAG.findall(data)):
            raise _damaged()  # a cell element whose attributes are not well formed
        for name, attrs in tags:
            found = _R.search(attrs)
            value = (found.group(1) or found.group(2)) if found else None
            if name == b"row":
                self.row = self._number(value) if value is not None else self.row + 1
                self.column = 0
                continue
            if value is None:
                self.column += 1
            else:
                position = _POSITION.fullmatch(
                    html.unescape(value.decode("latin-1")).upper().encode()
                )
                if position is None or int(position.group(2)) < 1:
                    raise _damaged()
                self.row = int(position.group(2))
                self.column = _column_number(position.group(1))
            self._reach(max(self.row, 1), self.column, None)

    @staticmethod
    def _number(value: bytes) -> int:
        if not value.isdigit() or len(value) > 7:
            raise _damaged()
        return int(value)

    def _reach(self, row: int, column: int, refs) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)
        limits = self.limits
        max_rows = min(limits.rows or EXCEL_ROWS, EXCEL_ROWS)
        max_columns = min(limits.columns, EXCEL_COLUMNS)
        if self.rows > max_rows or self.columns > max_columns:
            cell = self._offender(refs, max_rows, max_columns) or (f"{column_name(column)}{row}")
            raise SheetError(
                _("工作表“%(sheet)s”的单元格 %(cell)s 超出上限（最多 %(columns)s 列、%(rows)s 行）")
                % {
                    "sheet": self.sheet,
                    "cell": cell,
                    "columns": _n(max_columns),
                    "rows": _n(max_rows),
                }
            )
        if self.rows * self.columns > limits.cells:
            raise SheetError(
                _(
                    "工作表“%(sheet)s”的已用范围 A1:%(corner)s 有 %(cells)s 个单元格，"
                    "超出上限（最多 %(limit)s 个单元格）"
                )
                % {
                    "sheet": self.sheet,
                    "corner": f"{column_name(self.columns)}{self.rows}",
                    "cells": _n(self.rows * self.columns),
                    "limit": _n(limits.cells),
                }
            )

    @staticmethod
    def _offender(refs, max_rows: int, max_columns: int) -> str | None:
        """The first cell past the limits, to name it."""
        for letters, digits in refs or ():
            if int(digits) > max_rows or _column_number(letters) > max_columns:
                return f"{letters.upper().decode()}{int(digits)}"
        return None

    def extent(self) -> Extent:
        return Extent(sheet=self.sheet, rows=self.rows, columns=self.columns)


@functools.lru_cache(maxsize=64)
def _past(rows: int, columns: int) -> re.Pattern:
    """A plain cell reference beyond row `rows` or beyond column `columns`."""
    row = _greater(str(rows), "0123456789")
    column = (
        _greater(column_name(columns), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") if columns else b"[A-Za-z]+"
    )
    return re.compile(rb'<c r="(?:[A-Za-z]{1,3}0*(?:' + row + rb')"|(?:' + column + rb")[0-9])")


def _greater(value: str, alphabet: str) -> bytes:
    """A pattern for the strings over `alphabet` (letters in either case) that come after
    `value` in its numbering: longer ones, or as long and larger at the first difference."""

    def after(ch: str) -> str:
        rest = alphabet[alphabet.index(ch) + 1 :]
        return rest + rest.lower() if rest.isalpha() else rest

    def cls(chars: str) -> str:
        return "[" + re.escape(chars) + "]" if chars else ""

    anything = cls(alphabet + (alphabet.lower() if alphabet.isalpha() else ""))
    first = cls(alphabet[1:]) if alphabet[0] == "0" else anything
    options = [f"{first}{anything}{{{len(value)},}}"]
    for i, ch in enumerate(value):
        if after(ch):
            same = "".join(cls(c + c.lower()) if c.isalpha() else c for c in value[:i])
            options.append(f"{same}{cls(after(ch))}{anything}{{{len(value) - i - 1}}}")
    return "|".join(options).encode()


class _ImplicitPositions(Exception):
    pass


# CSV ----------------------------------------------------------------------------------------


def check_csv(file, *, encoding: str = "utf-8", limits: SheetLimits | None = None) -> Extent:
    """The lines and the widest record of the CSV `file` (a path or a seekable binary file),
    counted in blocks; SheetError past a limit. A comma byte is a comma in UTF-8 and GB18030
    alike, so counting bytes is an upper bound; only a file that seems past a limit is parsed
    (quoted commas and line breaks) to be sure."""
    limits = limits or SheetLimits.from_settings()
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as fh:
            return _check_csv(fh, encoding, limits)
    file.seek(0)
    try:
        return _check_csv(file, encoding, limits)
    finally:
        file.seek(0)


def _check_csv(fh, encoding: str, limits: SheetLimits) -> Extent:
    lines, widest, commas = 0, 0, 0  # commas: those of the line the last block left open
    # Past this many commas in one line no quoting makes it fit; parsing it would build a
    # list of every field first.
    hopeless = limits.columns * 64
    while block := fh.read(BLOCK):
        parts = block.split(b"\n")
        counts = [p.count(b",") for p in parts]
        counts[0] += commas
        commas = counts[-1]
        done = max(counts[:-1], default=-1)
        if max(done, commas) >= hopeless:
            at = next((i for i, c in enumerate(counts) if c >= hopeless), len(counts) - 1)
            raise _too_wide(lines + at + 1, max(done, commas) + 1, limits)
        lines += len(parts) - 1
        widest = max(widest, done + 1)
        if (limits.rows is not None and lines > limits.rows) or widest > limits.columns:
            return _count_records(fh, encoding, limits)
    if commas or fh.tell() and not _ends_with_newline(fh):
        lines += 1
        widest = max(widest, commas + 1)
    if widest > limits.columns:
        return _count_records(fh, encoding, limits)
    return Extent(sheet="", rows=lines, columns=widest)


def _ends_with_newline(fh) -> bool:
    fh.seek(-1, io.SEEK_END)
    return fh.read(1) == b"\n"


def _too_wide(row: int, columns: int, limits: SheetLimits) -> SheetError:
    return SheetError(
        _("CSV 文件第%(row)s行有 %(n)s 列，超出上限（最多 %(limit)s 列）")
        % {"row": row, "n": _n(columns), "limit": _n(limits.columns)}
    )


def _count_records(fh, encoding: str, limits: SheetLimits) -> Extent:
    """The exact count, by csv's own rules (quoted commas and line breaks)."""
    fh.seek(0)
    if fh.read(3) != codecs.BOM_UTF8:
        fh.seek(0)
    text = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text)
    records = widest = 0
    try:
        for cells in reader:
            records += 1
            if len(cells) > limits.columns:
                raise _too_wide(reader.line_num, len(cells), limits)
            widest = max(widest, len(cells))
            if limits.rows is not None and records > limits.rows:
                raise SheetError(
                    _("CSV 文件超过 %(limit)s 行，超出上限（最多 %(limit)s 行）")
                    % {"limit": _n(limits.rows)}
                )
    except csv.Error:
        pass  # not this check's to judge: the reader reports the broken record by its row
    finally:
        text.detach()
    return Extent(sheet="", rows=records, columns=widest)
