"""The extent check of uploaded spreadsheets (`banshi.core.spreadsheets`): the real extent
of an XLSX's cells, whatever its <dimension> says, zip bombs, and a CSV's rows and columns.

The workbooks are made by hand with zipfile: what an attacker would send, not what a
well-behaved library writes."""

import io
import os
import resource
import struct
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from banshi.core import spreadsheets
from banshi.core.spreadsheets import SheetError, SheetLimits, check_csv, check_xlsx

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'worksheet+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def cell(ref: str, text: str = "x") -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def sheet_xml(rows: bytes, *, dimension: str = "A1") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension.encode() + b'"/><sheetData>' + rows + b"</sheetData>"
        b"</worksheet>"
    )


def workbook(sheet: bytes, *, name: str = "Sheet1") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK % name.encode())
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def far_cell_workbook() -> bytes:
    """The 1.6 KB workbook of the issue: a header cell, and one cell at XFD1048576."""
    return workbook(
        sheet_xml(
            b'<row r="1">' + cell("A1", "姓名") + b'</row><row r="1048576">'
            b"" + cell("XFD1048576") + b"</row>"
        )
    )


def refused(data: bytes, **limits) -> str:
    with pytest.raises(SheetError) as excinfo:
        check_xlsx(io.BytesIO(data), limits=SheetLimits.from_settings(**limits))
    return str(excinfo.value)


# -- the far cell -----------------------------------------------------------------------------


def test_the_far_cell_is_refused_naming_sheet_cell_and_limit():
    data = far_cell_workbook()
    assert 1500 < len(data) < 1800
    assert refused(data) == (
        "工作表“Sheet1”的单元格 XFD1048576 超出上限（最多 64 列、1,000,000 行）"
    )


def test_the_far_cell_aborts_calamine_without_the_check(tmp_path):
    """What the check prevents, shown in a child process (it would abort this one): calamine
    asks for 512 GiB and the failed allocation aborts the process (SIGABRT)."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_cell_workbook())
    code = (
        "import sys; from python_calamine import load_workbook; "
        "load_workbook(sys.argv[1]).get_sheet_by_index(0).to_python()"
    )

    def small_address_space():
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))

    child = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        timeout=120,
        preexec_fn=small_address_space,
        env={**os.environ, "RUST_BACKTRACE": "0"},
    )
    assert child.returncode == -6, child.stderr[-500:]
    assert b"memory allocation of 549755813888 bytes failed" in child.stderr


def test_a_lying_dimension_is_not_believed():
    # Says A1:B2; holds a cell in row 1,500,000.
    data = workbook(sheet_xml(cell("A1") + cell("B1500000"), dimension="A1:B2"))
    assert "单元格 B1500000 超出上限" in refused(data)
    # Says the whole grid; holds two cells: fine.
    data = workbook(sheet_xml(cell("A1") + cell("B2"), dimension="A1:XFD1048576"))
    assert check_xlsx(io.BytesIO(data)) == [spreadsheets.Extent("Sheet1", 2, 2)]


def test_the_range_of_cells_is_bounded():
    data = workbook(sheet_xml(b'<row r="1">' + cell("A1") + cell("E3") + b"</row>"))
    message = refused(data, cells=10)
    assert message == (
        "工作表“Sheet1”的已用范围 A1:E3 有 15 个单元格，超出上限（最多 10 个单元格）"
    )
    assert check_xlsx(io.BytesIO(data), limits=SheetLimits.from_settings(cells=15))


@pytest.mark.parametrize(
    "cells, where",
    [
        # r not written first, single quotes, lower case, a namespace prefix
        (b'<c t="inlineStr" r="XFD1"><is><t>x</t></is></c>', "XFD1"),
        (b"<c r='XFD1'/>", "XFD1"),
        (b'<c r="xfd7"/>', "XFD7"),
        (b'<x:c r="BZ3"/>', "BZ3"),
        # positions left implicit: calamine counts them, so does the check
        (b'<row r="2">' + b"<c><v>1</v></c>" * 70 + b"</row>", "BM2"),  # the first past
        (b'<row r="5"><c r="A5"/><c/><c/></row>', None),
    ],
)
def test_positions_are_read_however_they_are_written(cells, where):
    data = workbook(sheet_xml(cells))
    if where is None:  # three cells from A5: inside the limits, C5 the last
        assert check_xlsx(io.BytesIO(data)) == [spreadsheets.Extent("Sheet1", 5, 3)]
    else:
        assert f"单元格 {where} 超出上限" in refused(data, columns=64)


def test_a_cell_position_in_an_entity_or_a_doctype_is_refused():
    data = workbook(b"<!DOCTYPE x [<!ENTITY e \"<c r='XFD1'/>\">]>" + sheet_xml(b"&e;"))
    assert refused(data) == "Excel 文件已损坏，无法读取"


def test_the_sheet_is_named_as_the_workbook_names_it():
    data = workbook(sheet_xml(cell("ZZ1")), name="花名册 &amp; 名单")
    assert refused(data).startswith("工作表“花名册 & 名单”的单元格 ZZ1")


def test_an_ordinary_workbook_passes_with_its_extent(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "居民"
    for i in range(1, 301):
        wb.active.append([f"张{i}", "150105199001010011", i, None, "x"])
    wb.save(tmp_path / "r.xlsx")
    assert check_xlsx(tmp_path / "r.xlsx") == [spreadsheets.Extent("居民", 300, 5)]


def test_rows_are_unbounded_when_asked_but_cells_are_not():
    data = workbook(sheet_xml(cell("A1") + cell("B1040000")))
    assert "单元格 B1040000" in refused(data)
    extent = check_xlsx(io.BytesIO(data), limits=SheetLimits.from_settings(rows=None))
    assert extent == [spreadsheets.Extent("Sheet1", 1040000, 2)]
    assert "已用范围 A1:B1040000" in refused(data, rows=None, cells=2_000_000)


# -- zip bombs --------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_by_its_ratio():
    padding = b" " * (40 * 1024 * 1024)  # 40 MiB of blanks deflate about 1,000-fold
    data = workbook(sheet_xml(cell("A1") + padding))
    assert len(data) < 100_000
    assert "压缩炸弹" in refused(data)


def test_the_inflated_total_is_bounded():
    data = workbook(sheet_xml(cell("A1") * 200))
    assert refused(data, unzipped_bytes=5000).startswith("Excel 文件解压后有")


def test_a_part_larger_than_its_directory_entry_declares_is_refused():
    data = bytearray(workbook(sheet_xml(cell("A1") + cell("XFD1048576"))))
    # Declare the sheet 100 bytes long in the central directory: zipfile would stop there.
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            break
        at += 4
    data[at + 24 : at + 28] = struct.pack("<I", 100)
    assert refused(bytes(data)) == "Excel 文件已损坏，无法读取"


def test_a_zip_of_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_MEMBERS", 3)
    assert "部件过多（5 个）" in refused(workbook(sheet_xml(cell("A1"))))


def test_not_a_zip_is_damaged():
    assert refused(b"PK\x03\x04" + b"\x00" * 200) == "Excel 文件已损坏，无法读取"


# -- CSV --------------------------------------------------------------------------------------


def csv_check(text: str, **limits):
    return check_csv(io.BytesIO(text.encode()), limits=SheetLimits.from_settings(**limits))


def test_csv_rows_are_bounded():
    text = "a,b\n" + "1,2\n" * 10
    assert csv_check(text, rows=11) == spreadsheets.Extent("", 11, 2)
    with pytest.raises(SheetError, match="CSV 文件超过 5 行，超出上限（最多 5 行）"):
        csv_check(text, rows=5)
    assert csv_check(text, rows=None).rows == 11


def test_csv_columns_are_bounded_by_csv_rules():
    with pytest.raises(SheetError, match="CSV 文件第2行有 70 列，超出上限（最多 64 列）"):
        csv_check("a,b\n" + ",".join("x" * 70) + "\n")
    # Commas inside quotes (and a quoted line break) are not columns.
    quoted = 'a,b\n"' + "，,".join("地址" for _ in range(80)) + '\n第二行",2\n'
    assert csv_check(quoted).columns == 2


def test_a_line_no_quoting_can_save_is_refused_unparsed():
    with pytest.raises(SheetError, match="第3行有 100,000 列"):
        csv_check("a,b\n1,2\n" + "," * 99_999)


def test_csv_without_a_final_newline_counts_its_last_line():
    assert csv_check("a,b\n1,2,3") == spreadsheets.Extent("", 2, 3)


def test_cells_in_a_part_the_relationships_seem_not_to_name_are_scanned_too():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK % b"Sheet1")
        archive.writestr(
            "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace(b"worksheets/sheet1", b"ev%69l")
        )
        archive.writestr("xl/evil.xml", sheet_xml(cell("A1") + cell("XFD1048576")))
    assert "单元格 XFD1048576 超出上限" in refused(out.getvalue())
