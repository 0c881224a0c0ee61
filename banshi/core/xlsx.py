"""One-sheet XLSX workbooks for the platform's exports (openpyxl, write-only mode: rows are
streamed, so a large export holds one row in memory at a time).

Text is always written as text: a value that starts with "=" stays a string and never
becomes a formula in the reader's Excel (CSV/formula injection)."""

import io
from collections.abc import Iterable, Sequence


def workbook_bytes(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> tuple[bytes, int]:
    """(the .xlsx file, the number of data rows). Numbers stay numbers; None is an empty
    cell; everything else is written as its text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)

    def cell(value):
        if value is None:
            return None
        if isinstance(value, bool):
            value = "是" if value else "否"
        if isinstance(value, int | float):
            return value
        c = WriteOnlyCell(sheet, value=str(value))
        c.data_type = "s"
        return c

    header = []
    for h in headers:
        c = WriteOnlyCell(sheet, value=str(h))
        c.data_type = "s"
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
