"""`banshi import-roster` and the web import: good files, bad files, bad rows, scope."""

import csv
import datetime
import io
import random
import zipfile

import openpyxl
import phonenumbers
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from pypinyin import Style, lazy_pinyin

from banshi.access.models import AuditEvent
from banshi.core import crypto
from banshi.people import identity
from banshi.people.models import Resident, ResidentTag
from banshi.people.roster import RosterFileError, columns, importing, roster_import
from banshi.people.services import resident_fields
from banshi.territory.models import Household, Unit
from tests.conftest import make_id_number

HEADER = list(columns.REQUIRED)


def person(seq, world, **over):
    values = {
        columns.NAME: f"张{'一二三四五六七八九十'[seq % 10]}",
        columns.ID_NUMBER: make_id_number(100 + seq, birth="19950312"),
        columns.PHONE: f"1394710{seq:04d}",
        columns.GRID: world.grid1.code,
        columns.BUILDING: "1号楼",
        columns.UNIT: "1单元",
        columns.DOOR: f"{300 + seq}",
        columns.RELATION: "户主",
        columns.ETHNICITY: "汉族",
        columns.POLITICAL: "群众",
    }
    values.update(over)
    return values


def write_csv(path, people, *, header=None, encoding="utf-8", extra=()):
    header = list(header or HEADER) + list(extra)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for p in people:
        writer.writerow([p.get(h, "") for h in header])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path, people, *, header=None, extra=(), raw_rows=()):
    header = list(header or HEADER) + list(extra)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for p in people:
        ws.append([p.get(h, "") for h in header])
    for r in raw_rows:
        ws.append(r)
    wb.save(path)
    return path


def counts():
    return (
        Resident.objects.count(),
        Household.objects.count(),
        Unit.objects.count(),
        ResidentTag.objects.count(),
    )


def run(path, **kwargs):
    kwargs.setdefault("workers", 1)
    return roster_import(path=str(path), **kwargs)


# -- good files -------------------------------------------------------------------------------


def test_csv_import_creates_residents_units_and_households(world, tmp_path):
    before = counts()
    people = [
        person(1, world, **{columns.TAGS: "独居老人,低保户"}),
        person(2, world, **{columns.UNIT: "2单元", columns.DOOR: "201", columns.ETHNICITY: "蒙古"}),
        person(
            3,
            world,
            **{
                columns.GRID: world.grid3.name,
                columns.RELATION: "配偶",
                columns.POLITICAL: "中共党员",
                columns.PHONE: "",
                columns.DOOR: "101",
            },
        ),
    ]
    path = write_csv(tmp_path / "roster.csv", people, extra=[columns.TAGS])
    result = run(path)

    assert result.committed and result.errors == {}
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert counts() == (before[0] + 3, before[1] + 2, before[2] + 1, before[3] + 2)

    first = Resident.objects.get(id_number_hash=crypto.blind_index(people[0][columns.ID_NUMBER]))
    assert first.id_number == people[0][columns.ID_NUMBER]
    assert first.phone == people[0][columns.PHONE]
    assert first.grid == world.grid1
    assert first.household.unit.number == "1单元"
    assert first.household.building.number == "1号楼"
    assert first.relation_to_head == "head"
    assert set(first.tags.values_list("tag", flat=True)) == {"elderly_alone", "low_income"}
    # Stored exactly as resident_fields would store it (ciphertexts differ by their nonce).
    expected = resident_fields(
        name=people[0][columns.NAME],
        id_number=people[0][columns.ID_NUMBER],
        phone=people[0][columns.PHONE],
    )
    for key, value in expected.items():
        if key.endswith("_enc"):
            assert crypto.decrypt(getattr(first, key)) == crypto.decrypt(value)
        else:
            assert getattr(first, key) == value, key

    second = Resident.objects.get(id_number_hash=crypto.blind_index(people[1][columns.ID_NUMBER]))
    assert second.ethnicity == "02"  # 蒙古 → 蒙古族
    assert second.household.unit.number == "2单元"
    assert second.household.unit.building.grid == world.grid1
    third = Resident.objects.get(id_number_hash=crypto.blind_index(people[2][columns.ID_NUMBER]))
    assert third.grid == world.grid3
    assert third.household.door_number == "101"
    assert third.household == world.households[world.grid3.code][0]  # an existing household
    assert (third.relation_to_head, third.political_status) == ("spouse", "party_member")
    assert third.phone_enc == "" and third.phone_hash == ""

    event = AuditEvent.objects.get(action="import")
    assert event.rows == 3
    assert event.changes["created"] == 3 and event.changes["committed"] is True


def test_existing_household_and_unit_are_reused(world, tmp_path):
    before = counts()
    path = write_csv(tmp_path / "r.csv", [person(1, world, **{columns.DOOR: "101"})])
    result = run(path)
    assert result.created == 1
    assert counts()[:3] == (before[0] + 1, before[1], before[2])
    resident = Resident.objects.get(
        id_number_hash=crypto.blind_index(make_id_number(101, birth="19950312"))
    )
    assert resident.household == world.households[world.grid1.code][0]


def test_reimport_changes_nothing_and_rewrites_nothing(world, tmp_path):
    people = [person(i, world, **{columns.TAGS: "残疾人"}) for i in range(1, 6)]
    path = write_csv(tmp_path / "roster.csv", people, extra=[columns.TAGS])
    assert run(path).created == 5
    stored = list(
        Resident.objects.order_by("id").values_list("id_number_enc", "phone_enc", "updated_at")
    )
    tags = list(ResidentTag.objects.order_by("id").values_list("id", flat=True))
    before = counts()

    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert counts() == before
    assert (
        list(
            Resident.objects.order_by("id").values_list("id_number_enc", "phone_enc", "updated_at")
        )
        == stored
    )
    assert list(ResidentTag.objects.order_by("id").values_list("id", flat=True)) == tags


def test_changed_rows_are_updated(world, tmp_path):
    people = [person(i, world) for i in range(1, 4)]
    run(write_csv(tmp_path / "a.csv", people, extra=[columns.TAGS]))
    people[0][columns.PHONE] = "13947199999"
    people[1][columns.DOOR] = "999"
    people[2][columns.TAGS] = "退役军人"
    result = run(write_csv(tmp_path / "b.csv", people, extra=[columns.TAGS]))
    assert (result.created, result.updated, result.unchanged) == (0, 3, 0)
    by_hash = {r.id_number_hash: r for r in Resident.objects.all()}
    r0, r1, r2 = (by_hash[crypto.blind_index(p[columns.ID_NUMBER])] for p in people)
    assert r0.phone == "13947199999" and r0.phone_masked == "139****9999"
    assert r1.household.door_number == "999"
    assert list(r2.tags.values_list("tag", flat=True)) == ["veteran"]
    # Without the 标签 column, tags are left as they are.
    result = run(write_csv(tmp_path / "c.csv", people))
    assert result.unchanged == 3
    assert list(r2.tags.values_list("tag", flat=True)) == ["veteran"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_encodings(world, tmp_path, encoding):
    people = [person(i, world, **{columns.NAME: "乌兰其其格"}) for i in range(1, 3)]
    result = run(write_csv(tmp_path / "r.csv", people, encoding=encoding))
    assert result.created == 2
    assert Resident.objects.filter(name="乌兰其其格").count() == 2


def test_xlsx_with_numeric_cells(world, tmp_path):
    people = [person(1, world), person(2, world)]
    people[0][columns.PHONE] = 13947100001  # typed as a number in Excel
    people[0][columns.DOOR] = 301
    result = run(write_xlsx(tmp_path / "r.xlsx", people))
    assert result.created == 2
    r = Resident.objects.get(
        id_number_hash=crypto.blind_index(make_id_number(101, birth="19950312"))
    )
    assert r.phone == "13947100001"
    assert r.household.door_number == "301"


def test_xlsx_id_number_typed_as_number_is_refused(world, tmp_path):
    before = counts()
    p = person(1, world)
    p[columns.ID_NUMBER] = 150105199503121010
    result = run(write_xlsx(tmp_path / "r.xlsx", [p, person(2, world)]))
    assert not result.committed
    assert result.errors[2][0][0] == columns.ID_NUMBER
    assert "文本格式" in result.errors[2][0][1]
    assert counts() == before


def test_blank_rows_are_skipped(world, tmp_path):
    path = tmp_path / "r.csv"
    write_csv(path, [person(1, world)])
    path.write_bytes(
        path.read_bytes()
        + b",,,,,,,,,\n\n"
        + write_csv(tmp_path / "x.csv", [person(2, world)]).read_bytes().split(b"\n", 1)[1]
    )
    result = run(path)
    assert (result.total, result.created) == (2, 2)


# -- bad rows ---------------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_writes_a_report(world, tmp_path):
    before = counts()
    people = [person(i, world) for i in range(1, 5)]
    people[1][columns.PHONE] = "12345"
    path = write_csv(tmp_path / "roster.csv", people)
    result = run(path)

    assert not result.committed
    assert (result.created, result.invalid) == (0, 1)
    assert counts() == before
    errors = result.error_list()
    assert [(e.row, e.column) for e in errors] == [(3, columns.PHONE)]
    assert str(errors[0]).startswith("第3行“联系电话”")

    assert result.report_path == str(tmp_path / "roster.errors.xlsx")
    ws = openpyxl.load_workbook(result.report_path).active
    table = [[c.value for c in row] for row in ws.iter_rows()]
    assert table[0] == [*HEADER, columns.ERRORS]
    assert len(table) == 5
    assert table[2][1] == people[1][columns.ID_NUMBER]  # the input, as text
    assert "联系电话" in table[2][-1]
    assert table[1][-1] in (None, "")
    event = AuditEvent.objects.get(action="import")
    assert event.rows == 0 and event.changes["committed"] is False


def test_skip_invalid_imports_the_good_rows(world, tmp_path):
    before = counts()
    people = [person(i, world) for i in range(1, 5)]
    people[1][columns.ID_NUMBER] = people[1][columns.ID_NUMBER][:-1] + (
        "0" if people[1][columns.ID_NUMBER][-1] != "0" else "1"
    )
    people[3][columns.ID_NUMBER] = people[0][columns.ID_NUMBER]
    report = tmp_path / "out" / "report.xlsx"
    result = run(write_csv(tmp_path / "r.csv", people), skip_invalid=True, report_path=str(report))
    assert result.committed
    assert result.created == 2
    assert sorted(result.errors) == [3, 5]
    assert result.errors[3] == [(columns.ID_NUMBER, "公民身份号码校验位错误")]
    assert result.errors[5] == [(columns.ID_NUMBER, "与第2行的公民身份号码重复")]
    assert counts()[0] == before[0] + 2
    assert report.exists()
    assert AuditEvent.objects.get(action="import").rows == 2


BAD_ROWS = {
    "duplicate": (
        lambda w, p: p[1].update({columns.ID_NUMBER: p[0][columns.ID_NUMBER]}),
        columns.ID_NUMBER,
        "重复",
    ),
    "unknown grid": (
        lambda w, p: p[1].update({columns.GRID: "150105001001999"}),
        columns.GRID,
        "未找到网格",
    ),
    "unknown grid name": (
        lambda w, p: p[1].update({columns.GRID: "不存在的网格"}),
        columns.GRID,
        "未找到网格",
    ),
    "unknown building": (
        lambda w, p: p[1].update({columns.BUILDING: "99号楼"}),
        columns.BUILDING,
        "没有楼栋",
    ),
    "invalid id": (
        lambda w, p: p[1].update({columns.ID_NUMBER: "15010519900101"}),
        columns.ID_NUMBER,
        "18位",
    ),
    "invalid id date": (
        lambda w, p: p[1].update({columns.ID_NUMBER: "150105199002300011"}),
        columns.ID_NUMBER,
        "出生日期",
    ),
    "invalid phone": (
        lambda w, p: p[1].update({columns.PHONE: "1234567"}),
        columns.PHONE,
        "联系电话",
    ),
    "bad mobile": (
        lambda w, p: p[1].update({columns.PHONE: "14012345678"}),
        columns.PHONE,
        "联系电话",
    ),
    "empty name": (lambda w, p: p[1].update({columns.NAME: ""}), columns.NAME, "姓名为空"),
    "unknown ethnicity": (
        lambda w, p: p[1].update({columns.ETHNICITY: "火星族"}),
        columns.ETHNICITY,
        "民族",
    ),
    "unknown relation": (
        lambda w, p: p[1].update({columns.RELATION: "邻居"}),
        columns.RELATION,
        "邻居",
    ),
    "unknown political": (
        lambda w, p: p[1].update({columns.POLITICAL: "党外"}),
        columns.POLITICAL,
        "党外",
    ),
    "empty door": (lambda w, p: p[1].update({columns.DOOR: ""}), columns.DOOR, "户号为空"),
    "unit without building": (
        lambda w, p: p[1].update({columns.BUILDING: ""}),
        columns.UNIT,
        "楼栋",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_reported_and_nothing_written(world, tmp_path, case):
    change, column, words = BAD_ROWS[case]
    people = [person(i, world) for i in range(1, 4)]
    change(world, people)
    before = counts()
    result = run(write_csv(tmp_path / "r.csv", people))
    assert not result.committed
    assert counts() == before
    assert list(result.errors) == [3]
    assert result.errors[3][0][0] == column
    assert words in result.errors[3][0][1]


def test_unknown_tag_is_an_error(world, tmp_path):
    p = person(1, world, **{columns.TAGS: "独居老人，富豪"})
    result = run(write_csv(tmp_path / "r.csv", [p], extra=[columns.TAGS]))
    assert result.errors == {2: [(columns.TAGS, "未知标签“富豪”")]}


def test_ambiguous_grid_name_is_an_error(world, tmp_path):
    world.grid2.name = world.grid1.name
    world.grid2.save()
    result = run(
        write_csv(tmp_path / "r.csv", [person(1, world, **{columns.GRID: world.grid1.name})])
    )
    assert result.errors[2][0][0] == columns.GRID
    assert "不唯一" in result.errors[2][0][1]


# -- bad files --------------------------------------------------------------------------------


def _bad_files(world, tmp_path):
    good = [person(1, world)]
    files = {}
    files["wrong headers"] = write_csv(tmp_path / "wrong.csv", good, header=["名字", *HEADER[1:]])
    files["missing header"] = write_csv(tmp_path / "missing.csv", good, header=HEADER[:-1])
    files["no header"] = tmp_path / "noheader.csv"
    files["no header"].write_text(",".join(str(v) for v in good[0].values()) + "\n")
    files["duplicate header"] = write_csv(
        tmp_path / "dup.csv", good, header=[*HEADER, columns.NAME]
    )
    files["empty"] = tmp_path / "empty.csv"
    files["empty"].write_bytes(b"")
    files["header only"] = write_csv(tmp_path / "header.csv", [])
    files["blank lines"] = tmp_path / "blank.csv"
    files["blank lines"].write_text("\n\n,,\n")
    files["csv named xlsx"] = tmp_path / "fake.xlsx"
    files["csv named xlsx"].write_bytes(write_csv(tmp_path / "src.csv", good).read_bytes())
    files["xlsx named csv"] = tmp_path / "fake.csv"
    files["xlsx named csv"].write_bytes(write_xlsx(tmp_path / "src.xlsx", good).read_bytes())
    files["broken zip named xlsx"] = tmp_path / "broken.xlsx"
    files["broken zip named xlsx"].write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    files["binary csv"] = tmp_path / "binary.csv"
    files["binary csv"].write_bytes(b"\x00\x01\x02" * 100)
    files["not utf-8 or gbk"] = tmp_path / "latin.csv"
    files["not utf-8 or gbk"].write_bytes(",".join(HEADER).encode() + b"\n\x80\x80\xff\xfe\xff\n")
    files["wrong extension"] = tmp_path / "roster.xls"
    files["wrong extension"].write_bytes(b"whatever")
    formula = tmp_path / "formula.xlsx"
    write_xlsx(formula, good)
    wb = openpyxl.load_workbook(formula)
    wb.active["C2"] = "=13947100001+0"
    wb.save(formula)
    files["formula"] = formula
    merged = tmp_path / "merged.xlsx"
    write_xlsx(merged, [person(1, world), person(2, world)])
    wb = openpyxl.load_workbook(merged)
    wb.active.merge_cells("D2:D3")
    wb.save(merged)
    files["merged cells"] = merged
    return files


BAD_FILE_WORDS = {
    "wrong headers": "缺少列：姓名",
    "missing header": "缺少列：政治面貌",
    "no header": "表头有误",
    "duplicate header": "重复的列：姓名",
    "empty": "空",
    "header only": "没有数据行",
    "blank lines": "没有内容",
    "csv named xlsx": "不是 Excel",
    "xlsx named csv": "压缩包",
    "broken zip named xlsx": "Excel",
    "binary csv": "不是文本",
    "not utf-8 or gbk": "编码",
    "wrong extension": ".xlsx 或 .csv",
    "formula": "公式（C2）",
    "merged cells": "合并单元格（D2:D3）",
}


@pytest.mark.parametrize("case", list(BAD_FILE_WORDS))
def test_bad_file_is_refused_and_nothing_written(world, tmp_path, case):
    path = _bad_files(world, tmp_path)[case]
    before = counts()
    with pytest.raises(RosterFileError) as excinfo:
        run(path)
    assert BAD_FILE_WORDS[case] in str(excinfo.value)
    assert counts() == before
    assert not AuditEvent.objects.filter(action="import").exists()


def test_file_over_the_size_limit_is_refused(world, tmp_path, settings):
    path = write_csv(tmp_path / "r.csv", [person(i, world) for i in range(1, 4)])
    before = counts()
    with pytest.raises(RosterFileError, match="超过上限"):
        run(path, max_bytes=100)
    settings.BANSHI_IMPORT_MAX_BYTES = 100
    with pytest.raises(RosterFileError, match="超过上限"):
        run(path)
    assert counts() == before


# -- the database holds no clear ID number ---------------------------------------------------


def test_no_clear_id_number_or_phone_in_the_database(world, tmp_path):
    people = [person(i, world) for i in range(1, 8)]
    run(write_csv(tmp_path / "r.csv", people))
    clear = {p[columns.ID_NUMBER] for p in people} | {p[columns.PHONE] for p in people}
    table = Resident._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f'SELECT * FROM "{table}"')
        stored = cur.fetchall()
    assert len(stored) == Resident.objects.count()
    for row in stored:
        for value in row:
            text = str(value)
            assert not any(c in text for c in clear), text


# -- the pool and the index rebuild -----------------------------------------------------------


def _index_names():
    """Every index and constraint of the tables the import writes, with what it covers."""
    names = []
    with connection.cursor() as cur:
        for model in (Resident, Household, Unit, ResidentTag):
            table = model._meta.db_table
            for name, info in connection.introspection.get_constraints(cur, table).items():
                names.append(
                    (table, name, tuple(info["columns"]), info["unique"], info["foreign_key"])
                )
    return sorted(names, key=str)


def test_pool_and_index_rebuild_give_the_same_result(world, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 3)
    indexes = _index_names()
    people = [person(i, world, **{columns.DOOR: str(400 + i % 4)}) for i in range(1, 21)]
    people[7][columns.ID_NUMBER] = people[2][columns.ID_NUMBER]
    path = write_csv(tmp_path / "r.csv", people)
    result = run(path, workers=2, rebuild_indexes=True, skip_invalid=True)
    assert result.workers == 2 and result.rebuilt_indexes
    assert result.created == 19
    assert list(result.errors) == [9]
    assert result.households_created == 4
    assert _index_names() == indexes
    again = run(path, workers=2, skip_invalid=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 19)


def test_failed_import_with_index_rebuild_keeps_the_indexes(world, tmp_path):
    indexes = _index_names()
    people = [person(i, world) for i in range(1, 4)]
    people[2][columns.GRID] = "nowhere"
    result = run(write_csv(tmp_path / "r.csv", people), rebuild_indexes=True)
    assert not result.committed
    assert _index_names() == indexes


# -- scope: web users import only into their grids ---------------------------------------------


def test_user_cannot_import_into_grids_outside_their_scope(world, tmp_path, make_user):
    worker = make_user("gw", "grid_worker", grid=world.grid1)
    before = counts()
    people = [person(1, world), person(2, world, **{columns.GRID: world.grid3.code})]
    result = run(write_csv(tmp_path / "r.csv", people), user=worker)
    assert not result.committed
    assert result.errors == {3: [(columns.GRID, f"无权导入该网格：{world.grid3.code}")]}
    assert counts() == before

    result = run(write_csv(tmp_path / "r.csv", people), user=worker, skip_invalid=True)
    assert result.created == 1
    assert (
        Resident.objects.get(id_number_hash=crypto.blind_index(people[0][columns.ID_NUMBER])).grid
        == world.grid1
    )
    event = AuditEvent.objects.filter(action="import").latest("id")
    assert event.user == worker and event.rows == 1


def test_user_cannot_move_a_resident_from_another_grid(world, tmp_path, make_user):
    worker = make_user("gw", "grid_worker", grid=world.grid1)
    other = world.residents[world.grid3.code][0]
    p = person(1, world, **{columns.ID_NUMBER: other.id_number, columns.NAME: other.name})
    result = run(write_csv(tmp_path / "r.csv", [p]), user=worker)
    assert result.errors[2][0][0] == columns.ID_NUMBER
    assert "无权" in result.errors[2][0][1]
    other.refresh_from_db()
    assert other.grid == world.grid3


def test_user_without_territory_cannot_import(world, tmp_path, make_user):
    from django.core.exceptions import PermissionDenied

    resident_user = make_user("r", "resident", resident=world.residents[world.grid1.code][0])
    with pytest.raises(PermissionDenied):
        run(write_csv(tmp_path / "r.csv", [person(1, world)]), user=resident_user)


# -- the command ------------------------------------------------------------------------------


def test_command_imports_and_reports(world, tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", [person(1, world), person(2, world)])
    call_command("import_roster", str(good), "--workers", "1")
    assert "新增 2" in capsys.readouterr().out

    people = [person(3, world), person(4, world, **{columns.PHONE: "1"})]
    bad = write_csv(tmp_path / "bad.csv", people)
    report = tmp_path / "rep.xlsx"
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_roster", str(bad), "--report", str(report))
    captured = capsys.readouterr()
    assert "第3行“联系电话”" in captured.err
    assert report.exists()

    call_command("import_roster", str(bad), "--skip-invalid", "--report", str(report))
    assert "新增 1" in capsys.readouterr().out

    with pytest.raises(CommandError, match="超过上限"):
        call_command("import_roster", str(good), "--max-bytes", "10")
    with pytest.raises(CommandError, match="无法导入"):
        call_command("import_roster", str(tmp_path / "missing.csv"))


# -- the web page -----------------------------------------------------------------------------


def test_web_import_page(world, tmp_path, client, make_user):
    worker = make_user("gw", "grid_worker", grid=world.grid1)
    client.force_login(worker)
    url = reverse("roster_import")
    page = client.get(url)
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content

    people = [person(1, world), person(2, world, **{columns.GRID: world.grid3.code})]
    path = write_csv(tmp_path / "r.csv", people)
    with open(path, "rb") as fh:
        response = client.post(url, {"file": fh})
    assert response.status_code == 200
    text = response.content.decode()
    assert "未导入" in text
    assert "无权导入该网格" in text
    report_url = response.context["report_token"] and reverse(
        "roster_report", args=[response.context["report_token"]]
    )
    assert report_url in text
    download = client.get(report_url)
    assert download.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(b"".join(download.streaming_content)))
    # Another session cannot fetch the report.
    other = make_user("gw2", "grid_worker", grid=world.grid2)
    client.force_login(other)
    assert client.get(report_url).status_code == 404
    client.force_login(worker)

    with open(path, "rb") as fh:
        response = client.post(url, {"file": fh, "skip_invalid": "on"})
    assert response.context["result"].created == 1
    assert 'id="count-created">1<' in response.content.decode()

    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(path.read_bytes())
    with open(fake, "rb") as fh:
        response = client.post(url, {"file": fh})
    assert "不是 Excel" in response.content.decode()


def test_web_import_needs_login_and_territory(world, client, make_user):
    url = reverse("roster_import")
    assert client.get(url).status_code == 302
    client.force_login(make_user("r", "resident", resident=world.residents[world.grid1.code][0]))
    assert client.get(url).status_code == 403


def test_web_import_refuses_a_large_upload(world, tmp_path, client, make_user, settings):
    settings.BANSHI_IMPORT_MAX_BYTES = 50
    client.force_login(make_user("gw", "grid_worker", grid=world.grid1))
    before = counts()
    path = write_csv(tmp_path / "r.csv", [person(1, world)])
    with open(path, "rb") as fh:
        response = client.post(reverse("roster_import"), {"file": fh})
    assert "超过上限" in response.content.decode()
    assert counts() == before


# -- identity.py fast paths give the same results as the full library calls -------------------


def _phone_reference(number):
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return text.replace(" ", "").replace("-", "")


def test_phone_fast_path_matches_phonenumbers():
    rnd = random.Random(7)
    numbers = [f"{p}{rnd.randrange(10**4):04d}" for p in rnd.sample(range(1300000, 2000000), 20000)]
    numbers += ["13800138000", "17912345678", "14012345678", "19912345678", "16612345678"]
    for number in numbers:
        try:
            ours = identity.normalize_phone(number)
        except identity.IdentityError:
            ours = None
        assert ours == _phone_reference(number), number


def test_pinyin_single_call_matches_two_calls():
    rnd = random.Random(3)
    chars = "张王李赵单解仇区朴乐曾查翟覃尉迟长孙令狐乌兰其其格呣嗯绿吕女重庆行长"
    names = ["".join(rnd.choice(chars) for _ in range(rnd.randint(1, 4))) for _ in range(3000)]
    names += ["张A三", "Ab", "李·明", "斯琴高娃"]
    for name in names:
        identity.name_pinyin.cache_clear()
        full = "".join(lazy_pinyin(name, errors="ignore")).lower()
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
        assert identity.name_pinyin(name) == (full, initials), name


def test_birth_date_is_stored_as_a_date(world, tmp_path):
    run(write_csv(tmp_path / "r.csv", [person(1, world)]))
    r = Resident.objects.get(
        id_number_hash=crypto.blind_index(make_id_number(101, birth="19950312"))
    )
    assert r.birth_date == datetime.date(1995, 3, 12)
    assert r.sex == "M"  # the 17th digit (1) is odd
    assert r.created_at is not None and r.updated_at is not None


# -- CSV records are split where csv.reader splits them ---------------------------------------


def test_csv_records_match_csv_reader(tmp_path):
    from banshi.core.text import clean_text
    from banshi.people.roster.reading import Source, _csv_records, parse_csv_records

    rnd = random.Random(5)
    # Quotes and line breaks, and what makes a line unclean (a tab, a control, a bidi
    # override, a decomposed accent): such lines must leave the quick split.
    alphabet = [
        "a",
        "b",
        ",",
        '"',
        '""',
        "\n",
        "\r\n",
        "张",
        " ",
        "\t",
        "\x0b",
        "\u202e",
        "e\u0301",
    ]
    checked = quick = 0
    for i in range(400):
        text = "h\n" + "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60)))
        path = tmp_path / f"{i}.csv"
        path.write_bytes(text.encode())
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                expected = [(reader.line_num, row) for row in reader][1:]
        except csv.Error:
            continue  # an unclosed quote at the end: both report it
        source = Source(path=str(path), kind="csv", encoding="utf-8", header_row=1)
        parsed = list(parse_csv_records(list(_csv_records(source))))
        assert [(number, cells) for number, cells, _clean in parsed] == expected, text
        for _number, cells, clean in parsed:
            if clean:  # the claim that lets check_row skip clean_text
                assert cells == [clean_text(c) for c in cells], cells
                quick += 1
        checked += 1
    assert checked > 200 and quick > 100


def test_quoted_fields_and_multiline_records_keep_row_numbers(world, tmp_path):
    path = tmp_path / "r.csv"
    a, b, c = person(1, world), person(2, world), person(3, world)
    a[columns.TAGS] = "独居老人,低保户"
    b[columns.DOOR] = "3\n01"  # a line break inside a quoted field
    c[columns.PHONE] = "bad"
    write_csv(path, [a, b, c], extra=[columns.TAGS])
    result = run(path)
    # header = line 1, a = 2, b = 3-4, c = 5
    assert list(result.errors) == [5]
    assert result.errors[5][0][0] == columns.PHONE


def test_awkward_names_round_trip(world, tmp_path):
    """Names are written as COPY text on PostgreSQL: tabs and backslashes must survive."""
    from banshi.people.roster import rows as row_module

    names = ["张\t三", "李\\四", "王\\t五", "赵\\\\六"]
    for name in names:
        line = row_module._copy_line((name, "p\\y", "i", "x"))
        assert row_module.payload_values(line) == (name, "p\\y", "i", "x")
    people = [person(i, world, **{columns.NAME: n}) for i, n in enumerate(names, start=1)]
    path = write_csv(tmp_path / "r.csv", people)
    assert run(path).created == 4
    stored = set(Resident.objects.values_list("name", flat=True))
    # A name is one line: its tab is stored as a space (banshi.core.text), backslashes kept.
    assert {n.replace("\t", " ") for n in names} <= stored
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_failing_write_rolls_everything_back(world, tmp_path, monkeypatch):
    from banshi.people.roster import writing

    calls = []

    def failing(original):
        def write(self, table, cols, rows):
            calls.append(table)
            if len(calls) > 6:  # a later chunk, after some rows went in
                raise RuntimeError("disk full")
            return original(self, table, cols, rows)

        return write

    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    monkeypatch.setattr(writing.Writer, "insert_rows", failing(writing.Writer.insert_rows))
    monkeypatch.setattr(writing.Writer, "copy_text", failing(writing.Writer.copy_text))
    before = counts()
    with pytest.raises(RuntimeError, match="disk full"):
        run(write_csv(tmp_path / "r.csv", [person(i, world) for i in range(1, 9)]))
    assert counts() == before
