"""One-sheet XLSX workbooks for the platform's exports (openpyxl, write-only mode: rows are
streamed, so a large export holds one row in memory at a time).

Text is always written as text: a value that starts with "=" stays a string and never
becomes a formula in the reader's Excel (CSV/formula injection). Control characters that
XML cannot carry (a pasted \x0b in a description) are dropped rather than failing the
whole export."""

import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _


def workbook_bytes(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> tuple[bytes, int]:
    """(the .xlsx file, the number of data rows). Numbers stay numbers; None is an empty
    cell; everything else is written as its text."""
    import openpyxl  # deferred: a heavy import (half a second), which only exports need

    WriteOnlyCell = openpyxl.cell.WriteOnlyCell
    ILLEGAL_CHARACTERS_RE = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", str(title))[:31])
    bold = openpyxl.styles.Font(bold=True)

    yes, no = _("是"), _("否")

    def text(value) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        c.data_type = "s"
        return c

    def cell(value):
        if value is None:
            return None
        if isinstance(value, bool):
            value = yes if value else no
        if isinstance(value, int | float):
            return value
        return text(value)

    header = []
    for h in headers:
        c = text(h)
        c.font = bold
        header.append(c)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([cell(v) for v in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
