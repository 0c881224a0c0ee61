"""One-sheet XLSX workbooks for the platform's exports (openpyxl, write-only mode: rows are
streamed, so a large export holds one row in memory at a time).

Text is always written as text (`text_cell`, the one writer of text cells for every
workbook the platform makes): a value that starts like a formula (= + - @, a tab or a CR)
is a string cell marked with Excel's quote prefix, so it is shown as typed and never becomes
a formula in the reader's Excel, not even once the cell is edited (CSV/formula injection).
Control characters that XML cannot carry (a pasted \x0b in a description) are dropped
rather than failing the whole export."""

import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

# How a spreadsheet formula (or a DDE payload) starts.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet would take the text `value` for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(sheet, value):
    """A write-only cell of `sheet` holding `value` as text (see the module)."""
    import openpyxl  # deferred: a heavy import (half a second), which only exports need

    text = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def text_value(sheet, value):
    """`value` for a write-only row of `sheet`: a text cell (`text_cell`) when it needs one
    to stay harmless text, otherwise the value itself (cheaper for a large export)."""
    import openpyxl  # deferred: a heavy import (half a second), which only exports need

    if isinstance(value, str) and (
        looks_like_formula(value) or openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.search(value)
    ):
        return text_cell(sheet, value)
    return value


def workbook_bytes(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> tuple[bytes, int]:
    """(the .xlsx file, the number of data rows). Numbers stay numbers; None is an empty
    cell; everything else is written as its text."""
    import openpyxl  # deferred: a heavy import (half a second), which only exports need

    ILLEGAL_CHARACTERS_RE = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", str(title))[:31])
    bold = openpyxl.styles.Font(bold=True)

    yes, no = _("是"), _("否")

    def cell(value):
        if value is None:
            return None
        if isinstance(value, bool):
            value = yes if value else no
        if isinstance(value, int | float):
            return value
        return text_cell(sheet, value)

    header = []
    for h in headers:
        c = text_cell(sheet, h)
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
