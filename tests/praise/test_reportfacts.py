"""What a work report may say of a unit's praise and carriers: counts of the unit's subtree
in the period (all time, labelled, without one), the carriers of its brands by kind and
level, each opening exactly its records on the ledger or the brand's page (its filters: bad
ones 400 with their message, out of scope nothing or 404); a subject praise does not know
gives nothing."""

import datetime

import pytest

from banshi.core.periods import Period
from banshi.core.reportfacts import Claim, unit_facts
from banshi.organizations.models import PartyOrganization
from banshi.praise import reportfacts, services
from banshi.praise.models import Carrier

D = datetime.date
Y2022 = Period.year(2022)


@pytest.fixture
def ledger(pw):
    child = PartyOrganization.objects.create(
        name="公交三公司一车队党支部",
        kind=PartyOrganization.Kind.BRANCH,
        parent=pw.unit,
        region=pw.world.street,
    )

    def add(kind, day, unit=None, content="感谢司机"):
        return services.praise_record(
            kind=kind, received_on=day, unit=unit or pw.unit, content=content
        )

    add("hotline", D(2022, 3, 1), content="热线表扬一")
    add("hotline", D(2022, 11, 30), content="热线表扬二")
    add("hotline", D(2022, 5, 2), unit=child, content="车队热线表扬")
    add("hotline", D(2023, 1, 9), content="次年热线表扬")
    add("letter", D(2022, 4, 1), content="来信感谢")
    add("banner", D(2022, 6, 1), content="赠送锦旗")
    add("hotline", D(2022, 4, 1), unit=pw.other, content="新城区热线表扬")
    services.carrier_create(
        brand=pw.brand, kind=Carrier.Kind.POST_MODEL, name="王师傅", level="city"
    )
    return child


def one(org, subject, unit, period=None):
    facts = reportfacts.unit_facts(org, Claim(subject=subject, unit=unit, period=period))
    assert len(facts) == 1, facts
    return facts[0]


def test_praise_of_the_subtree_in_the_period(pw, ledger, login):
    hotline = one(pw.unit, "表扬", "次", Y2022)
    assert (hotline.key, hotline.value) == ("praise.hotline", 3)  # the branch's and its team's
    assert one(pw.unit, "表扬信", "封", Y2022).value == 1
    assert one(pw.unit, "锦旗", "面", Y2022).value == 1
    assert one(ledger, "表扬", "次", Y2022).value == 1  # the team alone
    assert one(pw.unit, "表扬", "次", Period.year(2023)).value == 1
    assert one(pw.unit, "表扬", "次", Period.month(2022, 3)).value == 1
    # Through the registry, as the checker asks.
    facts = unit_facts(pw.unit, Claim(subject="表扬", unit="次", period=Y2022))
    assert [(f.key, f.value) for f in facts] == [("praise.hotline", 3)]

    page = login(pw.street).get(hotline.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "共 3 条表扬" in body
    assert "热线表扬一" in body and "车队热线表扬" in body
    assert "次年热线表扬" not in body and "来信感谢" not in body and "新城区" not in body

    march = one(pw.unit, "表扬", "次", Period.month(2022, 3))
    body = login(pw.street).get(march.url).content.decode()
    assert "共 1 条表扬" in body and "热线表扬一" in body and "热线表扬二" not in body


def test_praise_without_a_period_is_all_time_and_says_so(pw, ledger):
    fact = one(pw.unit, "表扬", "次")
    assert fact.value == 4
    assert "累计" in str(fact.label)
    assert "year" not in fact.url


def test_carriers_of_the_subtree_by_kind_and_level(pw, ledger, login):
    routes = one(pw.unit, "雷锋线路", "条")
    assert (routes.key, routes.value) == ("praise.carrier.route", 2)
    assert one(pw.unit, "雷锋主题车厢", "台").value == 1
    assert one(pw.unit, "岗位学雷锋标兵", "名").value == 2  # every level
    company = one(pw.unit, "公司级岗位学雷锋标兵", "名")
    assert (company.key, company.value) == ("praise.carrier.post_model.company", 1)
    assert one(pw.unit, "市级岗位学雷锋标兵", "名").value == 1
    assert one(pw.unit, "雷锋示范岗", "处").value == 0
    assert one(pw.other, "雷锋线路", "条").value == 1  # 新城区's own

    body = login(pw.street).get(routes.url).content.decode()
    assert "66路" in body and "73路" in body
    assert "雷锋车厢一号" not in body and "李师傅" not in body
    body = login(pw.street).get(company.url).content.decode()
    assert "李师傅" in body and "王师傅" not in body and "66路" not in body


def test_a_subject_or_measure_word_praise_does_not_know_gives_nothing(pw, ledger):
    for subject, unit in (("网格", "个"), ("表扬信", "次"), ("雷锋线路", "台"), ("", "")):
        assert reportfacts.unit_facts(pw.unit, Claim(subject, unit, Y2022)) == []
    assert reportfacts.unit_facts(pw.unit, Claim("公司级雷锋线路", "条", None)) == []


def test_ledger_filters_refuse_bad_values(pw, ledger, login):
    c = login(pw.street)
    r = c.get("/praise/", {"month": "13", "year": "2022"})
    assert r.status_code == 400 and "月份无效" in r.content.decode()
    r = c.get("/praise/", {"month": "3"})
    assert r.status_code == 400 and "须同时选择年度" in r.content.decode()
    r = c.get(f"/praise/brands/{pw.brand.pk}/", {"kind": "rocket"})
    assert r.status_code == 400 and "载体类型无效" in r.content.decode()
    r = c.get(f"/praise/brands/{pw.brand.pk}/", {"kind": "route", "level": "company"})
    assert r.status_code == 400 and "只有岗位学雷锋标兵有级别" in r.content.decode()
    r = c.get(f"/praise/brands/{pw.brand.pk}/", {"kind": "post_model", "level": "galaxy"})
    assert r.status_code == 400 and "级别无效" in r.content.decode()


def test_drill_downs_keep_out_of_scope_records_out(pw, ledger, login):
    hotline = one(pw.unit, "表扬", "次", Y2022)
    body = login(pw.elsewhere).get(hotline.url).content.decode()
    assert "共 0 条表扬" in body and "热线表扬一" not in body
    routes = one(pw.unit, "雷锋线路", "条")
    assert login(pw.elsewhere).get(routes.url).status_code == 404
    # 新城区's staff see their own unit's ledger, not the street's, through the tree filter.
    other = one(pw.other, "表扬", "次", Y2022)
    body = login(pw.elsewhere).get(other.url).content.decode()
    assert "共 1 条表扬" in body and "新城区热线表扬" in body


def test_several_brands_open_the_ledger_with_the_subtree_brands(pw, ledger, login):
    second = services.brand_create(owner=ledger, name="车队品牌")
    services.carrier_create(brand=second, kind=Carrier.Kind.ROUTE, name="26路", number="26路")
    routes = one(pw.unit, "雷锋线路", "条")
    assert routes.value == 3
    body = login(pw.street).get(routes.url).content.decode()
    assert "学雷锋365" in body and "车队品牌" in body and "红色车厢" not in body
