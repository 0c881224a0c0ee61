"""The union aid pages: the federations in scope, a federation's page (roll, 建会率, files by
class with re-certification due, campaigns), a file's page, the forms (open a file, record
a review, record aid) with bad input (400 and its message, nothing written), a write by
someone who may only read (403), out of scope (404); the aid XLSX."""

import io

import openpyxl

from banshi.unions.models import AidRecord, IncomeReview, NeedyWorker
from banshi.unions.services import aid
from tests.unions.conftest import DAY

FILE = {
    "worker_name": "李海燕",
    "household_members": "3",
    "household_income": "30000",
    "accident_costs": "",
    "certified_on": "2026-03-02",
}


def test_the_list_and_the_federation_page(fed, staff, file, campaign, login):
    aid.aid_record(
        campaign=campaign, kind="cash", amount=800, given_on=DAY, worker=file, user=staff.street
    )
    for user in (staff.street, staff.district):
        listing = login(user).get("/unions/").content.decode()
        assert fed.name in listing and "50%" in listing
        page = login(user).get(f"/unions/{fed.pk}/").content.decode()
        assert "振华广场" in page and "大学东路科技公司" in page and "未建会" in page
        assert "0.5000" in page and "王建国" in page and "冬送温暖" in page
        assert "新建困难职工档案" in page
    for user in (staff.community, staff.elsewhere):
        assert fed.name not in login(user).get("/unions/").content.decode()
        assert login(user).get(f"/unions/{fed.pk}/").status_code == 404
        assert login(user).get(f"/unions/workers/{file.pk}/").status_code == 404
        assert login(user).post(f"/unions/{fed.pk}/workers/", FILE).status_code == 404
        assert login(user).get(f"/unions/{fed.pk}/aid.xlsx").status_code == 404
    assert login(staff.street).get("/unions/987654/").status_code == 404
    assert login(staff.street).get("/unions/workers/987654/").status_code == 404


def test_a_file_through_the_form(fed, staff, login):
    client = login(staff.street)
    r = client.post(f"/unions/{fed.pk}/workers/", {**FILE, "union": fed.shop.pk})
    assert r.status_code == 302
    w = NeedyWorker.objects.get()
    assert (w.worker_name, w.hardship, w.union) == ("李海燕", "deep", fed.shop)  # 833 a head
    page = client.get(r["Location"]).content.decode()
    assert "深度困难" in page and "833.33" in page and "振华广场" in page


def test_bad_file_input(fed, staff, login, world):
    client = login(staff.street)
    for data, message in (
        ({**FILE, "household_members": "0"}, "家庭人口"),
        ({**FILE, "household_income": "很多"}, "家庭年收入"),
        ({**FILE, "certified_on": "2026-02-30"}, "建档日期"),
        ({**FILE, "worker_name": ""}, "职工姓名"),
        ({**FILE, "union": "abc"}, "企业工会"),
        ({**FILE, "union": "987654"}, "企业工会"),
        ({**FILE, "resident": "987654"}, "居民"),
        ({**FILE, "certified_on": "2024-01-01"}, "低保标准"),
    ):
        r = client.post(f"/unions/{fed.pk}/workers/", data)
        assert r.status_code == 400, data
        body = r.content.decode()
        assert 'role="alert"' in body and message in body, data
    assert not NeedyWorker.objects.exists()
    # A resident of the street may be linked; the form picks them by id.
    resident = world.residents[world.grid1.code][0]
    r = client.post(f"/unions/{fed.pk}/workers/", {**FILE, "resident": resident.pk})
    assert r.status_code == 302 and NeedyWorker.objects.get().resident == resident


def test_reviews_and_recertification_through_the_file_page(fed, staff, file, login):
    client = login(staff.street)
    url = f"/unions/workers/{file.pk}/"
    data = {"month": "2026-04", "household_members": "2", "household_income": "60000"}
    assert client.post(url + "review/", data).status_code == 302
    page = client.get(url).content.decode()
    assert "不困难" in page and "2026-04" in page
    r = client.post(url + "review/", data)  # the same month again
    assert r.status_code == 400 and "该月已复核" in r.content.decode()
    for bad in ({**data, "month": "2026-13"}, {**data, "household_income": "-3"}, {}):
        r = client.post(url + "review/", bad)
        assert r.status_code == 400 and 'role="alert"' in r.content.decode()
    assert IncomeReview.objects.count() == 1
    r = client.post(url + "recertify/", {"on": "not a day"})
    assert r.status_code == 400 and "复核日期" in r.content.decode()
    assert client.post(url + "recertify/", {"on": "2026-11-01"}).status_code == 302
    file.refresh_from_db()
    assert str(file.last_recertified_on) == "2026-11-01"


def test_aid_through_the_form_and_the_xlsx(fed, staff, file, campaign, login):
    client = login(staff.street)
    url = f"/unions/{fed.pk}/aid/"
    good = {
        "campaign": campaign.pk,
        "worker": file.pk,
        "kind": "cash",
        "amount": "800",
        "given_on": "2026-03-05",
    }
    assert client.post(url, good).status_code == 302
    for data, message in (
        ({**good, "campaign": "x"}, "帮扶活动"),
        ({**good, "worker": "987654"}, "困难职工档案不存在"),
        ({**good, "amount": "-1"}, "金额"),
        ({**good, "kind": ""}, "帮扶方式"),
        ({**good, "given_on": "2025-12-31"}, "活动期间"),
        ({**good, "worker": "", "worker_name": ""}, "受助职工"),
    ):
        r = client.post(url, data)
        assert r.status_code == 400, data
        assert message in r.content.decode(), data
    assert AidRecord.objects.count() == 1
    r = client.post(url, {**good, "worker": "", "worker_name": "快递员小刘", "kind": "goods"})
    assert r.status_code == 302
    page = client.get(f"/unions/workers/{file.pk}/").content.decode()
    assert "800.00" in page and "冬送温暖" in page
    xlsx = client.get(f"/unions/{fed.pk}/aid.xlsx")
    assert xlsx.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "发放日期",
        "活动",
        "季节",
        "受助职工",
        "困难职工档案",
        "帮扶方式",
        "金额（元）",
    )
    assert {r[3] for r in rows[1:]} == {"王建国", "快递员小刘"}
    assert [r[6] for r in rows[1:]] == [800, 800]


def test_writes_out_of_scope_are_404_before_anything_is_read(fed, staff, file, login):
    """Everyone who sees a federation may write for it (its street's and district's staff);
    the service refuses others with PermissionDenied (test_services), the pages with 404."""
    for user in (staff.elsewhere, staff.community):
        client = login(user)
        assert client.post(f"/unions/{fed.pk}/aid/", {}).status_code == 404
        assert client.post(f"/unions/workers/{file.pk}/review/", {}).status_code == 404
        assert client.post(f"/unions/workers/{file.pk}/recertify/", {}).status_code == 404
    assert not IncomeReview.objects.exists()
