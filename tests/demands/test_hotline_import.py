"""The hotline 12345 import: CSV (UTF-8 or GB18030) and XLSX, idempotent by work-order
number, bad rows reported by row and column while the good ones are taken in."""

import io
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from banshi.access.models import AuditEvent
from banshi.demands.hotline import read_orders
from banshi.demands.models import Demand
from banshi.demands.services import hotline_import
from tests.demands.conftest import inside

HEADER = [
    "工单编号",
    "受理时间",
    "诉求类别",
    "诉求内容",
    "地址",
    "经度",
    "纬度",
    "联系人",
    "联系电话",
    "紧急程度",
]
LAT, LNG = inside(0)


def rows():
    return [
        HEADER,
        [
            "GD001",
            "2026-11-03 08:15",
            "供暖",
            "暖气不热",
            "1号楼",
            LNG,
            LAT,
            "张三",
            "13804710001",
            "一般",
        ],
        ["GD002", "2026/11/03 09:00", "noise", "夜间施工", "", "", "", "", "", "紧急"],
        ["GD003", "2026-11-03 10:00", "供水", "停水", "", LNG, LAT, "", "", "特急"],
    ]


def csv_bytes(table, encoding="utf-8-sig") -> bytes:
    import csv

    out = StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode(encoding)


def xlsx_bytes(table) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in table:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_csv_import_is_idempotent(world, people):
    report = hotline_import(file=io.BytesIO(csv_bytes(rows())), filename="orders.csv")
    assert (report.created, report.existing, report.errors) == (3, 0, [])
    d = Demand.objects.get(external_id="GD001")
    assert d.channel == "hotline" and d.category.code == "heating"
    assert d.grid == world.grid1 and d.state == "dispatched"
    assert d.reporter_phone_masked == "138****0001" and d.reporter_phone == "13804710001"
    assert timezone.localtime(d.received_at).isoformat() == "2026-11-03T08:15:00+08:00"
    assert Demand.objects.get(external_id="GD002").urgency == "urgent"
    assert Demand.objects.get(external_id="GD003").urgency == "emergency"
    assert Demand.objects.get(external_id="GD002").needs_city_dispatch  # no place at all
    again = hotline_import(file=io.BytesIO(csv_bytes(rows())), filename="orders.csv")
    assert (again.created, again.existing) == (0, 3)
    assert Demand.objects.count() == 3
    assert AuditEvent.objects.filter(action="import", object_type="demands.Demand").count() == 2


def test_xlsx_and_gb18030_csv(world):
    report = hotline_import(file=io.BytesIO(xlsx_bytes(rows())), filename="orders.xlsx")
    assert report.created == 3 and not report.errors
    table = rows()
    for r in table[1:]:
        r[0] = r[0].replace("GD", "GB")
    report = hotline_import(file=io.BytesIO(csv_bytes(table, "gb18030")), filename="o.csv")
    assert report.created == 3 and not report.errors
    assert Demand.objects.filter(description="暖气不热").count() == 2


def test_bad_rows_are_reported_with_row_and_column(world):
    table = [
        HEADER,
        ["GD101", "2026-11-03 08:15", "供暖", "暖气不热", "", LNG, LAT, "", "", ""],  # good
        ["", "2026-11-03 08:15", "供暖", "内容", "", "", "", "", "", ""],
        ["GD103", "昨天", "供暖", "内容", "", "", "", "", "", ""],
        ["GD104", "2026-11-03 08:15", "天气", "内容", "", "", "", "", "", ""],
        ["GD105", "2026-11-03 08:15", "供暖", "", "", "", "", "", "", ""],
        ["GD106", "2026-11-03 08:15", "供暖", "内容", "", "abc", LAT, "", "", ""],
        ["GD107", "2026-11-03 08:15", "供暖", "内容", "", LNG, "", "", "", ""],
        ["GD108", "2026-11-03 08:15", "供暖", "内容", "", "", "", "", "12345", ""],
        ["GD109", "2026-11-03 08:15", "供暖", "内容", "", "", "", "", "", "很急"],
        ["GD101", "2026-11-03 08:15", "供暖", "重复", "", "", "", "", "", ""],
        ["GD111", "2099-11-03 08:15", "供暖", "内容", "", "", "", "", "", ""],
        ["GD112", "2026-11-03 08:15", "供暖", "内容", "", "", "95", "", "", ""],
    ]
    report = hotline_import(file=io.BytesIO(csv_bytes(table)), filename="bad.csv")
    assert report.created == 1
    got = [(e.row, e.column) for e in report.errors]
    assert got == [
        (3, "工单编号"),
        (4, "受理时间"),
        (5, "诉求类别"),
        (6, "诉求内容"),
        (7, "经度"),
        (8, "纬度"),
        (9, "联系电话"),
        (10, "紧急程度"),
        (11, "工单编号"),
        (12, "受理时间"),
        (13, "纬度"),
    ]
    assert "第5行“诉求类别”列：未知的诉求类别：“天气”" == str(report.errors[2])
    assert Demand.objects.count() == 1


def test_missing_columns_and_wrong_files(world):
    table = [["工单编号", "诉求内容"], ["GD1", "x"]]
    report = hotline_import(file=io.BytesIO(csv_bytes(table)), filename="a.csv")
    assert report.created == 0 and report.errors[0].row == 1
    assert "受理时间" in report.errors[0].message and "诉求类别" in report.errors[0].message
    with pytest.raises(ValidationError, match="CSV 或 XLSX"):
        hotline_import(file=io.BytesIO(b"x"), filename="a.pdf")
    with pytest.raises(ValidationError, match="无法读取"):
        hotline_import(file=io.BytesIO(b"not a zip"), filename="a.xlsx")
    empty = hotline_import(file=io.BytesIO(b""), filename="a.csv")
    assert empty.errors[0].message == "文件为空"


def test_only_street_staff_and_above_import(world, people):
    with pytest.raises(PermissionDenied):
        hotline_import(file=io.BytesIO(csv_bytes(rows())), filename="o.csv", user=people.grid1)
    report = hotline_import(
        file=io.BytesIO(csv_bytes(rows())), filename="o.csv", user=people.street
    )
    assert report.created == 3
    # the importing clerk is not the reporter
    assert not Demand.objects.filter(reporter_user=people.street).exists()


def test_command(world, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes(rows()))
    out = StringIO()
    call_command("hotline_import", str(path), stdout=out)
    assert "新增 3 件" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([HEADER, ["", "2026-11-03", "供暖", "x", "", "", "", "", "", ""]]))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("hotline_import", str(bad), stdout=StringIO(), stderr=err)
    assert "第2行" in err.getvalue()


def test_reading_the_orders_writes_nothing(world):
    """`demands.hotline` only reads and checks the rows; the service takes them in."""
    table = rows() + [["GD001", "2026-11-03 08:15", "供暖", "重复", "", "", "", "", "", ""]]
    read = read_orders(file=io.BytesIO(csv_bytes(table)), filename="o.csv", now=timezone.now())
    assert [r.number for r in read] == [2, 3, 4, 5]
    assert [r.fields["external_id"] for r in read[:3]] == ["GD001", "GD002", "GD003"]
    assert read[3].fields is None and read[3].error.column == "工单编号"
    assert Demand.objects.count() == 0


def test_an_order_without_a_place_waits_at_the_importing_streets_desk(world, people):
    """The same rule as every entry point: a work order in no grid lands where the user who
    imports it belongs; imported on the server (no user), at the city's desk."""
    hotline_import(file=io.BytesIO(csv_bytes(rows())), filename="o.csv", user=people.street)
    d = Demand.objects.get(external_id="GD002")
    assert d.street == world.street and not d.needs_city_dispatch
    assert d.assigned_region == world.street and d.state == "received"
