"""表扬 rows of the 12345 import: taken by the praise app (the unit by name, among those
the importer sees; the carrier or person it names; the demand it came with), a repeated
import skipped, a row naming no unit the importer may see refused with its name."""

import io

from banshi.demands.models import Demand
from banshi.demands.services import hotline_import
from banshi.praise.models import PraiseRecord
from tests.demands.test_hotline_import import HEADER, csv_bytes, rows

EXTRA = ["工单类型", "被表扬单位", "被表扬对象", "关联工单"]


def praise_row(number, unit, praised, linked="", content="感谢66路司机帮助老人"):
    cells = [number, "2026-11-04 10:00", "", content, "", "", "", "", "", ""]
    return [*cells, "表扬", unit, praised, linked]


def table(*praise):
    return [[*HEADER, *EXTRA], [*rows()[1], "投诉", "", "", ""], *praise]


def test_praise_rows_are_taken_linked_and_not_taken_twice(pw):
    data = csv_bytes(
        table(
            praise_row("BY001", "公交三公司党支部", "66路", linked="GD001"),
            praise_row("BY002", "公交三公司党支部", "张师傅"),
            praise_row("BY003", "没有这个单位", "66路"),
            praise_row("BY004", "公交三公司党支部", "73路", linked="GD404"),
        )
    )
    report = hotline_import(file=io.BytesIO(data), filename="o.csv")
    assert report.created == 1 and report.others == {"表扬": 3}
    errors = {e.row: e.message for e in report.errors}
    assert errors == {5: "找不到被表扬单位：“没有这个单位”"}
    linked = PraiseRecord.objects.get(external_id="BY001")
    assert linked.kind == "hotline" and linked.carrier == pw.route
    assert linked.demand == Demand.objects.get(external_id="GD001")
    assert linked.region == pw.world.street and linked.unit == pw.unit
    assert (
        linked.content == "感谢66路司机帮助老人" and linked.received_on.isoformat() == "2026-11-04"
    )
    person = PraiseRecord.objects.get(external_id="BY002")
    assert person.carrier is None and person.person_name == "张师傅" and person.demand is None
    # A linked work order that is not there: the praise is kept, unlinked.
    assert PraiseRecord.objects.get(external_id="BY004").demand is None
    assert not Demand.objects.filter(external_id__startswith="BY").exists()
    again = hotline_import(file=io.BytesIO(data), filename="o.csv")
    assert again.others == {} and again.existing == 4 and again.created == 0
    assert PraiseRecord.objects.count() == 3


def test_an_importer_names_only_units_in_their_scope(pw):
    data = csv_bytes(
        table(
            praise_row("BY011", "公交三公司党支部", "66路"),
            praise_row("BY012", "新城区公交党支部", "1路"),
        )
    )
    report = hotline_import(file=io.BytesIO(data), filename="o.csv", user=pw.elsewhere)
    errors = {e.row: e.message for e in report.errors}
    assert errors[3] == "找不到被表扬单位：“公交三公司党支部”"
    assert report.others == {"表扬": 1}
    assert PraiseRecord.objects.get().carrier == pw.other_route


def test_a_row_without_a_unit_or_content_is_refused(pw):
    data = csv_bytes(
        table(
            praise_row("BY021", "", "66路"), praise_row("BY022", "公交三公司党支部", "", content="")
        )
    )
    report = hotline_import(file=io.BytesIO(data), filename="o.csv")
    errors = {e.row: e.message for e in report.errors}
    assert errors[3] == "请填写被表扬单位"
    assert errors[4] == "请填写表扬内容"
    assert not PraiseRecord.objects.exists()
