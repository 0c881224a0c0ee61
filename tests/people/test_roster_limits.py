"""The roster import and the hotline import check a spreadsheet's real extent before
calamine reads it: the 1.6 KB workbook with one cell at XFD1048576 is refused with a Chinese
message (web: 400, never a 500 or a dead process); the command line lifts the row limit."""

import os
import resource
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from banshi.demands.hotline import read_table
from banshi.people.roster import RosterFileError, roster_import
from tests.core.test_spreadsheets import far_cell_workbook
from tests.people.test_roster_import import counts, person, write_csv

FAR_CELL = "工作表“Sheet1”的单元格 XFD1048576 超出上限（最多 64 列、1,000,000 行）"

CHILD = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banshi.settings")
import django
django.setup()
from banshi.people.roster.reading import RosterFileError, open_roster
try:
    open_roster(sys.argv[1], max_bytes=10**9)
except RosterFileError as exc:
    print(exc)
"""


def test_the_far_cell_file_is_refused_before_calamine_reads_it(tmp_path):
    """In a child process with 4 GiB of address space: without the check calamine asks for
    512 GiB there and the process aborts (SIGABRT, return code -6)."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_cell_workbook())

    def small_address_space():
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        timeout=120,
        preexec_fn=small_address_space,
        env={**os.environ, "RUST_BACKTRACE": "0"},
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    assert child.returncode == 0, child.stderr[-800:]
    assert child.stdout.decode().strip() == FAR_CELL


def test_roster_import_refuses_the_far_cell_and_writes_nothing(world, tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_cell_workbook())
    before = counts()
    with pytest.raises(RosterFileError, match="XFD1048576"):
        roster_import(path=str(path), workers=1)
    assert counts() == before


def test_web_import_answers_400_with_the_message(world, tmp_path, client, make_user):
    client.force_login(make_user("gw", "grid_worker", grid=world.grid1))
    path = tmp_path / "far.xlsx"
    path.write_bytes(far_cell_workbook())
    before = counts()
    with open(path, "rb") as fh:
        response = client.post(reverse("roster_import"), {"file": fh})
    assert response.status_code == 400
    assert FAR_CELL in response.content.decode()
    assert counts() == before


def test_web_import_bounds_csv_rows_and_columns(world, tmp_path, client, make_user, settings):
    client.force_login(make_user("gw", "grid_worker", grid=world.grid1))
    settings.BANSHI_SHEET_MAX_ROWS = 3
    path = write_csv(tmp_path / "r.csv", [person(i, world) for i in range(1, 5)])
    with open(path, "rb") as fh:
        response = client.post(reverse("roster_import"), {"file": fh})
    assert response.status_code == 400
    assert "CSV 文件超过 3 行，超出上限（最多 3 行）" in response.content.decode()
    settings.BANSHI_SHEET_MAX_ROWS = 1000
    settings.BANSHI_SHEET_MAX_COLUMNS = 5
    with open(path, "rb") as fh:
        response = client.post(reverse("roster_import"), {"file": fh})
    assert response.status_code == 400
    assert "CSV 文件第1行有 10 列，超出上限（最多 5 列）" in response.content.decode()


def test_the_command_line_has_no_row_limit(world, tmp_path, settings, capsys):
    settings.BANSHI_SHEET_MAX_ROWS = 3
    path = write_csv(tmp_path / "r.csv", [person(i, world) for i in range(1, 5)])
    with pytest.raises(RosterFileError, match="超过 3 行"):
        roster_import(path=str(path), user=_admin(), workers=1)
    call_command("import_roster", str(path), "--workers", "1")
    assert "新增 4" in capsys.readouterr().out


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", password="Banshi-test-1")


def test_hotline_read_table_refuses_the_far_cell():
    with pytest.raises(ValidationError) as excinfo:
        read_table(far_cell_workbook(), "工单.xlsx")
    assert excinfo.value.messages == [FAR_CELL]


def test_hotline_read_table_bounds_csv_columns():
    with pytest.raises(ValidationError, match="最多 64 列"):
        read_table(("工单编号," * 80 + "\n").encode(), "工单.csv")


def test_hotline_upload_answers_with_the_message(world, client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("street", "street", region=world.street))
    upload = SimpleUploadedFile("工单.xlsx", far_cell_workbook())
    response = client.post("/demands/import/", {"file": upload})
    assert response.status_code in (200, 400)
    assert FAR_CELL in response.content.decode()


def test_row_numbers_hold_when_the_sheet_starts_lower_and_further_right(world, tmp_path):
    import openpyxl

    from banshi.people.roster import columns
    from tests.people.test_roster_import import HEADER

    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [HEADER, *([p[h] for h in HEADER] for p in [person(1, world), person(2, world)])]
    rows[2][HEADER.index(columns.PHONE)] = "1"
    for r, values in enumerate(rows, start=3):  # from C3
        for c, value in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=value)
    wb.save(tmp_path / "r.xlsx")
    result = roster_import(path=str(tmp_path / "r.xlsx"), workers=1)
    assert list(result.errors) == [5]
    assert result.errors[5][0][0] == columns.PHONE
