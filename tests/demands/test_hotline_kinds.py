"""Work orders of a kind another app registered (the praise app's 表扬) are not demands:
the import hands each such row, every cell by header, to that kind's `take`; a refusal is
that row's error; an unknown kind is an error of its row; rows without the column stay
demands."""

import io

import pytest
from django.core.exceptions import ValidationError

from banshi.demands import hotline
from banshi.demands.models import Demand
from banshi.demands.services import hotline_import
from tests.demands.test_hotline_import import HEADER, csv_bytes, rows

TAKEN: dict[str, dict] = {}


def _take(*, external_id, received_at, cells, user, now):
    if not cells.get("被表扬对象"):
        raise ValidationError("请填写被表扬对象")
    if external_id in TAKEN:
        return False
    TAKEN[external_id] = {"at": received_at, **cells}
    return True


@pytest.fixture
def thanks(monkeypatch):
    TAKEN.clear()
    kind = hotline.OrderKind("测试表扬", "表扬", _take)
    monkeypatch.setattr(hotline, "_KINDS", {"测试表扬": kind})
    return kind


def _table():
    header = [*HEADER, "工单类型", "被表扬对象"]
    demand = [*rows()[1], "投诉", ""]
    praise = ["GD101", "2026-11-04 10:00", "", "感谢66路司机", "", "", "", "", "", "", "测试表扬"]
    return [
        header,
        demand,
        [*praise, "66路"],
        ["GD102", *praise[1:], ""],  # refused by the kind: no one named
        ["GD103", *praise[1:-1], "点赞", "66路"],  # no such kind
    ]


def test_registered_kinds_go_to_their_app(world, thanks):
    report = hotline_import(file=io.BytesIO(csv_bytes(_table())), filename="o.csv")
    assert report.created == 1 and Demand.objects.get(external_id="GD001")
    assert report.others == {"表扬": 1}
    assert TAKEN["GD101"]["被表扬对象"] == "66路" and TAKEN["GD101"]["诉求内容"] == "感谢66路司机"
    assert not Demand.objects.filter(external_id__in=["GD101", "GD102", "GD103"]).exists()
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert errors[(4, "")] == "请填写被表扬对象"
    assert "未知的工单类型" in errors[(5, "工单类型")]
    again = hotline_import(file=io.BytesIO(csv_bytes(_table())), filename="o.csv")
    assert again.others == {} and again.existing == 2


def test_a_kind_cannot_take_a_demand_s_name_or_be_registered_twice(thanks):
    with pytest.raises(ValueError):
        hotline.register_kind(hotline.OrderKind("投诉", "x", _take))
    with pytest.raises(ValueError):
        hotline.register_kind(hotline.OrderKind("测试表扬", "别的", _take))
