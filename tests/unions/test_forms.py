"""The federation page's set-up forms: an enterprise's union on the roll (建会率 moves), a
four-season campaign, the city's 低保标准 (a system administrator's; the files are
re-classified against the new line). Good input, each bad input a 400 with its message and
nothing written, a write by someone who may not make it 403, out of scope 404."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from banshi.unions.models import AidCampaign, EnterpriseUnion, NeedyWorker, PovertyLine
from banshi.unions.services import workers
from tests.unions.conftest import DAY, LINE


@pytest.fixture
def admin(make_user):
    return make_user("gly", "system_admin")


def rate_of(page: str) -> str:
    start = page.index('id="rate">') + len('id="rate">')
    return page[start : page.index("<", start)]


def test_a_union_on_the_roll_moves_the_rate(fed, staff, login):
    client = login(staff.street)
    url = f"/unions/{fed.pk}/unions/"
    page = client.get(f"/unions/{fed.pk}/").content.decode()
    assert rate_of(page) == "0.5000" and "登记企业工会" in page
    row = EnterpriseUnion.objects.get(federation=fed, enterprise=fed.listed)
    r = client.post(url, {"union": row.pk, "founded_on": "2026-03-01", "members": "25"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert (row.founded_on, row.members) == (datetime.date(2026, 3, 1), 25)
    assert rate_of(client.get(f"/unions/{fed.pk}/").content.decode()) == "1.0000"
    # The union to update: the shop's members.
    r = client.post(url, {"union": fed.shop.pk, "founded_on": "2019-05-01", "members": "200"})
    assert r.status_code == 302
    fed.shop.refresh_from_db()
    assert fed.shop.members == 200
    # An enterprise Banshi does not list joins the roll without a union: 2 of 3.
    r = client.post(url, {"enterprise_name": "街角便利店", "members": ""})
    assert r.status_code == 302
    assert EnterpriseUnion.objects.get(enterprise_name="街角便利店").founded_on is None
    assert rate_of(client.get(f"/unions/{fed.pk}/").content.decode()) == "0.6667"
    assert login(staff.district).post(url, {"enterprise_name": "区里登记"}).status_code == 302


def test_bad_union_input(fed, staff, login):
    client = login(staff.street)
    url = f"/unions/{fed.pk}/unions/"
    row = EnterpriseUnion.objects.get(federation=fed, enterprise=fed.listed)
    for data, message in (
        ({"union": "abc"}, "名录上的企业"),
        ({"union": "987654"}, "名录上的企业"),
        ({"union": row.pk, "enterprise_name": "又一家"}, "二选一"),
        ({}, "二选一"),
        ({"union": row.pk, "founded_on": "2026-02-30"}, "建会日期"),
        ({"union": row.pk, "founded_on": "2026-03-01", "members": "-1"}, "会员人数"),
        ({"union": row.pk, "founded_on": "2026-03-01", "members": "很多"}, "会员人数"),
        ({"enterprise_name": "大学东路科技公司"}, "请直接选择"),
        ({"enterprise_name": "x" * 101}, "企业名称"),
    ):
        r = client.post(url, data)
        assert r.status_code == 400, data
        body = r.content.decode()
        assert 'role="alert"' in body and message in body, data
    row.refresh_from_db()
    assert row.founded_on is None and EnterpriseUnion.objects.filter(federation=fed).count() == 2
    for user in (staff.community, staff.elsewhere):
        r = login(user).post(url, {"union": row.pk, "founded_on": "2026-03-01"})
        assert r.status_code == 404
    row.refresh_from_db()
    assert row.founded_on is None


CAMPAIGN = {
    "season": "summer",
    "year": "2026",
    "title": "夏送清凉进工地",
    "starts_on": "2026-07-01",
    "ends_on": "2026-08-31",
}


def test_a_campaign_through_the_form(fed, staff, login):
    client = login(staff.street)
    r = client.post(f"/unions/{fed.pk}/campaigns/", CAMPAIGN)
    assert r.status_code == 302
    c = AidCampaign.objects.get()
    assert (c.federation, c.season, c.year, c.title) == (fed, "summer", 2026, "夏送清凉进工地")
    assert (c.starts_on, c.ends_on) == (datetime.date(2026, 7, 1), datetime.date(2026, 8, 31))
    page = client.get(f"/unions/{fed.pk}/").content.decode()
    assert "夏送清凉进工地" in page and "登记帮扶" in page  # the aid form now has a campaign


def test_bad_campaign_input(fed, staff, login):
    client = login(staff.street)
    url = f"/unions/{fed.pk}/campaigns/"
    for data, message in (
        ({**CAMPAIGN, "season": "monsoon"}, "请选择季节"),
        ({**CAMPAIGN, "season": ""}, "请选择季节"),
        ({**CAMPAIGN, "year": "二〇二六"}, "年度"),
        ({**CAMPAIGN, "year": "1999"}, "年度"),
        ({**CAMPAIGN, "title": "  "}, "名称"),
        ({**CAMPAIGN, "starts_on": "七月"}, "开始日期"),
        ({**CAMPAIGN, "ends_on": "2026-06-30"}, "结束日期不能早于开始日期"),
    ):
        r = client.post(url, data)
        assert r.status_code == 400, data
        body = r.content.decode()
        assert 'role="alert"' in body and message in body, data
    assert not AidCampaign.objects.exists()
    for user in (staff.community, staff.elsewhere):
        assert login(user).post(url, CAMPAIGN).status_code == 404
    assert not AidCampaign.objects.exists()


def test_the_line_through_the_form_reclassifies_the_files(world, fed, staff, file, admin, login):
    # 王建国: 1,250 a head against 1,000 is relative; against 1,300 it is deep.
    client = login(admin)
    page = client.get(f"/unions/{fed.pk}/").content.decode()
    assert "设置低保标准" in page and "1000.00" in page
    r = client.post(f"/unions/{fed.pk}/poverty-line/", {"year": "2026", "amount": "1300"})
    assert r.status_code == 302
    assert PovertyLine.objects.get(region=world.city, year=2026).amount == Decimal(1300)
    file.refresh_from_db()
    assert (file.line, file.hardship) == (Decimal(1300), "deep")
    page = client.get(f"/unions/{fed.pk}/").content.decode()
    assert "1300.00" in page
    deep = page[page.index('id="files-deep"') : page.index('id="files-relative"')]
    assert "王建国" in deep
    page = client.get(f"/unions/workers/{file.pk}/").content.decode()
    assert "深度困难" in page and "1300.00" in page


def test_bad_line_input_and_who_may_set_it(world, fed, staff, file, admin, login):
    url = f"/unions/{fed.pk}/poverty-line/"
    client = login(admin)
    for data, message in (
        ({"year": "abc", "amount": "1300"}, "年度"),
        ({"year": "1999", "amount": "1300"}, "年度"),
        ({"year": "2026", "amount": "0"}, "低保标准应大于0"),
        ({"year": "2026", "amount": "-5"}, "低保标准"),
        ({"year": "2026", "amount": "一千"}, "低保标准"),
        ({"year": "2026"}, "低保标准"),
    ):
        r = client.post(url, data)
        assert r.status_code == 400, data
        body = r.content.decode()
        assert 'role="alert"' in body and message in body, data
    # The street's and the district's staff read the lines and write for the federation,
    # but the line is the city's: 403, and the form is not offered.
    for user in (staff.street, staff.district):
        c = login(user)
        page = c.get(f"/unions/{fed.pk}/").content.decode()
        assert "1000.00" in page and "设置低保标准" not in page
        assert c.post(url, {"year": "2026", "amount": "1300"}).status_code == 403
    for user in (staff.community, staff.elsewhere):
        assert login(user).post(url, {"year": "2026", "amount": "1300"}).status_code == 404
    assert PovertyLine.objects.get(region=world.city, year=2026).amount == Decimal(LINE)
    file.refresh_from_db()
    assert (file.line, file.hardship) == (Decimal(LINE), "relative")


def test_the_line_reclasses_only_the_files_it_applies_to(world, fed, staff, file):
    """A file takes the line of the year it was last assessed in (or the latest earlier
    year's); an exited file keeps its class."""
    exited = workers.needy_file_create(
        federation=fed,
        worker_name="李退出",
        household_members=2,
        household_income=30000,
        certified_on=DAY,
        user=staff.street,
    )
    NeedyWorker.objects.filter(pk=exited.pk).update(status=NeedyWorker.Status.EXITED)
    workers.poverty_line_set(region=world.city, year=2025, amount=2000)  # an earlier year
    file.refresh_from_db()
    assert (file.line, file.hardship) == (Decimal(LINE), "relative")
    workers.poverty_line_set(region=world.city, year=2026, amount=600)
    file.refresh_from_db()
    assert (file.line, file.hardship) == (Decimal(600), "none")  # 1,250 ≥ twice 600
    # Reviewed in 2027 without a 2027 line: still 2026's; a 2027 line then applies.
    workers.needy_income_review(
        worker=file,
        month="2027-01-01",
        household_income=30000,
        household_members=2,
        user=staff.street,
        now=datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC),
    )
    workers.poverty_line_set(region=world.city, year=2027, amount=1300)
    file.refresh_from_db()
    assert (file.line, file.hardship) == (Decimal(1300), "deep")
    workers.poverty_line_set(region=world.city, year=2026, amount=1000)
    file.refresh_from_db()
    assert file.line == Decimal(1300)  # 2026's line no longer applies to it
    exited.refresh_from_db()
    assert (exited.line, exited.hardship) == (Decimal(LINE), "relative")
    with pytest.raises(PermissionDenied):
        workers.poverty_line_set(region=world.city, year=2026, amount=1, user=staff.district)


def test_the_line_and_the_reclass_are_one_transaction(world, fed, file, monkeypatch):
    def broken(**kw):
        raise RuntimeError("re-class failed")

    monkeypatch.setattr(workers, "files_reclass", broken)
    with pytest.raises(RuntimeError):
        workers.poverty_line_set(region=world.city, year=2026, amount=1300)
    assert PovertyLine.objects.get(region=world.city, year=2026).amount == Decimal(LINE)
