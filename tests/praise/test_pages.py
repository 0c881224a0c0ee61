"""The praise pages: the ledger in scope with its filters and XLSX, the form that records a
letter, a banner or a praise in person (bad input 400 with its message and nothing written,
a user who may not record 403), a brand's page and a carrier's (out of scope 404)."""

import datetime
import io

import openpyxl
import pytest

from banshi.praise import services
from banshi.praise.models import PraiseRecord

TODAY = datetime.date.today()


@pytest.fixture
def praised(pw):
    def add(kind, day, unit=None, carrier=None, content="感谢司机"):
        return services.praise_record(
            kind=kind, received_on=day, unit=unit or pw.unit, content=content, carrier=carrier
        )

    return [
        add("letter", datetime.date(2022, 3, 5), carrier=pw.route, content="来信感谢66路"),
        add("banner", datetime.date(2022, 6, 1), content="赠送锦旗"),
        add("hotline", datetime.date(2023, 1, 9), content="热线表扬"),
        add("letter", datetime.date(2022, 4, 1), unit=pw.other, content="新城区来信"),
    ]


def form(pw, **over):
    data = {
        "kind": "letter",
        "unit": pw.unit.pk,
        "received_on": TODAY.isoformat(),
        "source": "乘客王女士",
        "person_name": "",
        "carrier": pw.route.pk,
        "content": "感谢66路驾驶员送迷路老人回家",
    }
    data.update(over)
    return data


def test_the_ledger_in_scope_and_its_filters(pw, praised, login):
    page = login(pw.street).get("/praise/").content.decode()
    assert "来信感谢66路" in page and "赠送锦旗" in page and "新城区来信" not in page
    assert "共 3 条表扬" in page and "学雷锋365" in page and "登记表扬" in page
    elsewhere = login(pw.elsewhere).get("/praise/").content.decode()
    assert "新城区来信" in elsewhere and "来信感谢66路" not in elsewhere
    secretary = login(pw.secretary).get("/praise/").content.decode()
    assert "共 3 条表扬" in secretary
    c = login(pw.street)
    assert "共 2 条表扬" in c.get("/praise/?year=2022").content.decode()
    assert "共 1 条表扬" in c.get("/praise/?year=2022&kind=banner").content.decode()
    assert "共 3 条表扬" in c.get(f"/praise/?unit={pw.unit.pk}").content.decode()
    assert "共 0 条表扬" in c.get(f"/praise/?unit={pw.other.pk}").content.decode()
    for bad, message in (
        ("year=19", "年度无效"),
        ("kind=x", "表扬方式无效"),
        ("unit=a", "单位无效"),
    ):
        r = c.get(f"/praise/?{bad}")
        assert r.status_code == 400 and message in r.content.decode()
    # A resident sees the page, with nothing of the unit's and no form.
    own = login(pw.resident).get("/praise/")
    assert own.status_code == 200 and "来信感谢66路" not in own.content.decode()
    assert "登记表扬" not in own.content.decode()


def test_recording_a_letter_through_the_form(pw, login):
    r = login(pw.street).post("/praise/new/", form(pw))
    assert r.status_code == 302
    record = PraiseRecord.objects.get()
    assert record.kind == "letter" and record.carrier == pw.route and record.source == "乘客王女士"
    assert record.region == pw.world.street and record.recorded_by == pw.street
    assert record.received_on == TODAY
    r = login(pw.secretary).post("/praise/new/", form(pw, kind="banner", carrier=""))
    assert r.status_code == 302 and PraiseRecord.objects.filter(kind="banner").count() == 1


@pytest.mark.parametrize(
    "over, message",
    [
        ({"kind": "hotline"}, "请选择表扬方式"),
        ({"kind": ""}, "请选择表扬方式"),
        ({"unit": "abc"}, "请选择被表扬单位"),
        ({"unit": "999999"}, "请选择被表扬单位"),
        ({"received_on": "2026-13-40"}, "请填写有效的收到日期"),
        ({"received_on": (TODAY + datetime.timedelta(days=3)).isoformat()}, "不能晚于今天"),
        ({"content": "   "}, "请填写表扬内容"),
        ({"content": "x" * 4001}, "表扬内容不能超过4000个字"),
        ({"carrier": "xyz"}, "该载体不属于被表扬单位"),
        ({"source": "来" * 250}, "来源不能超过200个字"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(pw, login, over, message):
    r = login(pw.street).post("/praise/new/", form(pw, **over))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not PraiseRecord.objects.exists()


def test_out_of_scope_units_and_carriers_are_refused(pw, login):
    r = login(pw.street).post("/praise/new/", form(pw, unit=pw.other.pk, carrier=""))
    assert r.status_code == 400 and "请选择被表扬单位" in r.content.decode()
    r = login(pw.street).post("/praise/new/", form(pw, carrier=pw.other_route.pk))
    assert r.status_code == 400 and "该载体不属于被表扬单位" in r.content.decode()
    r = login(pw.elsewhere).post("/praise/new/", form(pw))
    assert r.status_code == 400
    for user in (pw.resident, pw.nobody):
        r = login(user).post("/praise/new/", form(pw))
        assert r.status_code == 403 and "只有工作人员可以登记表扬" in r.content.decode()
    assert not PraiseRecord.objects.exists()


def test_the_ledger_xlsx(pw, praised, login):
    r = login(pw.street).get("/praise/export.xlsx?year=2022")
    assert r.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("收到日期", "表扬方式", "被表扬单位")
    assert sorted(row[0] for row in rows[1:]) == ["2022-03-05", "2022-06-01"]
    assert ("2022-03-05", "表扬信", "公交三公司党支部", "66路") in {r[:4] for r in rows[1:]}
    assert login(pw.street).get("/praise/export.xlsx?kind=bad").status_code == 400
    other = login(pw.elsewhere).get("/praise/export.xlsx")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(other.content)).active.iter_rows(values_only=True)
    )
    assert [row[5] for row in rows[1:]] == ["新城区来信"]


def test_brand_and_carrier_pages(pw, praised, login):
    page = login(pw.street).get(f"/praise/brands/{pw.brand.pk}/").content.decode()
    assert "做好事" in page and "2级联动" in page and "公司 → 车队" in page
    assert "66路" in page and "73路" in page and "雷锋车厢一号" in page and "李师傅" in page
    assert "载体 4 个，收到表扬 1 次" in page
    carrier = login(pw.street).get(f"/praise/carriers/{pw.route.pk}/").content.decode()
    assert "收到表扬 1 次" in carrier and "来信感谢66路" in carrier
    assert login(pw.elsewhere).get(f"/praise/brands/{pw.brand.pk}/").status_code == 404
    assert login(pw.elsewhere).get(f"/praise/carriers/{pw.route.pk}/").status_code == 404
    assert login(pw.resident).get(f"/praise/brands/{pw.brand.pk}/").status_code == 404
    assert login(pw.street).get("/praise/brands/987654/").status_code == 404
    assert login(pw.secretary).get(f"/praise/carriers/{pw.route.pk}/").status_code == 200
