"""The error report: the input file's rows as they were, plus a column 错误信息, as XLSX.

Rows keep their order (and, with the header on the first row, their row numbers), so a
user can fix the rows in the report and import it again.
"""

import os

from django.utils.translation import gettext as _

from banshi.core.xlsx import text_cell, text_value

from . import columns
from .reading import Source


def format_errors(errors: list[tuple[str, str]]) -> str:
    parts = []
    for column, message in errors:
        if column:
            parts.append(_("“%(column)s”：%(message)s") % {"column": column, "message": message})
        else:
            parts.append(message)
    return "；".join(parts)


def write_report(source: Source, errors: dict[int, list[tuple[str, str]]], path: str) -> str:
    import openpyxl  # deferred: a heavy import (half a second), needed only for a report

    WriteOnlyCell, Font = openpyxl.cell.WriteOnlyCell, openpyxl.styles.Font
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("导入错误"))
    width = len(source.headers)
    header = [text_cell(sheet, v or "") for v in [*source.headers, columns.ERRORS]]
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    red = Font(color="C62828")
    for number, cells in source.all_rows():
        # Whatever the input held is written as the value it was; text that looks like a
        # formula never becomes one (see `banshi.core.xlsx`).
        values = [text_value(sheet, v) for v in cells[:width]] + [""] * (width - len(cells))
        problems = errors.get(number)
        if problems:
            note = WriteOnlyCell(sheet, value=format_errors(problems))
            note.font = red
            values.append(note)
        sheet.append(values)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    workbook.save(path)
    return path
