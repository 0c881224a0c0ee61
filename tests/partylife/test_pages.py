"""The party-life pages through the client: the organiser's activity page, its polled code
and attendance, marks, make-ups and the sign-in sheet; the member's check-in sync (stored
once by client_id, refusals in Chinese with a 4xx); plans created, published and amended;
out-of-scope objects answer 404 like missing ones."""

import datetime
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banshi.partylife import services
from banshi.partylife.codes import checkin_code
from banshi.partylife.models import AnnualPlan, Attendance

from .life import twelve_months


@pytest.fixture
def live(life):
    """An activity of the branch going on now."""
    act = services.activity_plan(
        organization=life.branch,
        kind="general_meeting",
        planned_at=timezone.now(),
        title="党员大会",
    )
    return services.activity_hold(activity=act, held_at=timezone.now())


def _sync(client, **data):
    return client.post(
        reverse("partylife:checkin_sync"), json.dumps(data), content_type="application/json"
    )


def test_organiser_page_code_and_attendance(client, life, live):
    client.force_login(life.secretary)
    page = client.get(reverse("partylife:activity", args=[live.pk]))
    assert page.status_code == 200
    code = checkin_code(live, timezone.now())
    fragment = client.get(reverse("partylife:activity_code", args=[live.pk])).content.decode()
    assert code in fragment or checkin_code(live, timezone.now()) in fragment
    listing = client.get(reverse("partylife:activity_attendance", args=[live.pk]))
    assert listing.content.decode().count("data-member=") == len(life.members)


def test_out_of_scope_is_404(client, life, live):
    for user in (life.other_secretary, life.member_users[0]):
        client.force_login(user)
        for name in ("activity", "activity_code", "activity_attendance", "sheet", "sheet_xlsx"):
            assert client.get(reverse(f"partylife:{name}", args=[live.pk])).status_code == 404
    client.force_login(life.district_user)
    assert client.get(reverse("partylife:activity", args=[live.pk])).status_code == 200


def test_member_check_in_is_stored_once(client, life, live):
    client.force_login(life.member_users[0])
    cid = str(uuid.uuid4())
    body = {"client_id": cid, "code": checkin_code(live, timezone.now())}
    first = _sync(client, **body)
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "present"
    assert _sync(client, **body).status_code == 200
    assert Attendance.objects.filter(client_id=cid).count() == 1
    row = Attendance.objects.get(activity=live, member=life.members[0])
    assert (row.status, row.method) == ("present", "code")
    page = client.get(reverse("partylife:checkin")).content.decode()
    assert "党员大会" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"client_id": "x", "code": "123456"}, "记录编号无效"),
        ({"client_id": str(uuid.uuid4()), "code": "12"}, "6位数字"),
        ({"client_id": str(uuid.uuid4()), "code": "000000", "at": "2099-01-01T00:00"}, "晚于"),
    ],
)
def test_bad_check_in_refused_in_chinese(client, life, live, body, message):
    client.force_login(life.member_users[1])
    response = _sync(client, **body)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_wrong_code_and_outsider_refused(client, life, live):
    client.force_login(life.member_users[1])
    good = checkin_code(live, timezone.now())
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    response = _sync(client, client_id=str(uuid.uuid4()), code=wrong)
    assert response.status_code == 400 and "已过期" in response.json()["error"]
    client.force_login(life.outsider_user)
    response = _sync(client, client_id=str(uuid.uuid4()), code=good)
    assert response.status_code == 400 and "没有需要您签到" in response.json()["error"]
    response = client.post(reverse("partylife:checkin_sync"), "{", content_type="application/json")
    assert response.status_code == 400


def test_mark_makeup_and_sheet(client, life, live):
    client.force_login(life.secretary)
    m = life.members[3]
    url = reverse("partylife:activity_act", args=[live.pk, "mark"])
    assert client.post(url, {"member": m.pk, "status": "absent"}).status_code == 302
    assert client.post(url, {"member": m.pk, "status": "bogus"}).status_code == 400
    assert client.post(url, {"member": life.outsider.pk, "status": "absent"}).status_code == 404
    row = Attendance.objects.get(activity=live, member=m)
    assert row.status == "absent"
    makeup = reverse("partylife:activity_act", args=[live.pk, "makeup"])
    # a minute on: the form has minutes, the activity began at a second of this one
    done = (timezone.localtime() + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(makeup, {"attendance": row.pk, "done_at": done, "note": ""})
    assert refused.status_code == 400 and "补学内容" in refused.content.decode()
    assert (
        client.post(makeup, {"attendance": row.pk, "done_at": done, "note": "补学"}).status_code
        == 302
    )
    assert hasattr(Attendance.objects.get(pk=row.pk), "makeup")
    xlsx = client.get(reverse("partylife:sheet_xlsx", args=[live.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    sheet = client.get(reverse("partylife:sheet", args=[live.pk])).content.decode()
    assert sheet.count("<tr>") == len(life.members) + 1


def test_plan_pages_create_publish_amend(client, life):
    client.force_login(life.district_user)
    response = client.post(
        reverse("partylife:plan_new"),
        {"organization": life.district_org.pk, "year": 2026, "fixed_day": "day_20"},
    )
    assert response.status_code == 302
    plan = AnnualPlan.objects.get(organization=life.district_org, year=2026)
    months = {}
    for row in twelve_months():
        m = row["month"]
        months[f"theme_{m}"] = row["theme"]
        months[f"required_{m}"] = "\n".join(row["required_items"])
    edit = reverse("partylife:plan_act", args=[plan.pk, "edit"])
    assert client.post(edit, months).status_code == 302
    publish = reverse("partylife:plan_act", args=[plan.pk, "publish"])
    assert client.post(publish).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "published" and plan.months.count() == 12
    assert client.post(edit, months).status_code == 400
    amend = reverse("partylife:plan_act", args=[plan.pk, "amend"])
    assert client.post(amend, {**months, "reason": ""}).status_code == 400
    assert client.post(amend, {**months, "theme_11": "新", "reason": "调整"}).status_code == 302
    assert (
        AnnualPlan.objects.get(organization=life.district_org, version=2).months.get(month=11).theme
        == "新"
    )
    # the branch reads the plan issued above it, but may not amend it
    client.force_login(life.secretary)
    assert client.get(reverse("partylife:plan", args=[plan.pk])).status_code == 200
    assert client.post(amend, {**months, "reason": "x"}).status_code in (400, 403)
    client.force_login(life.member_users[0])
    assert client.get(reverse("partylife:plan", args=[plan.pk])).status_code == 404


def test_activity_new_from_the_plan_month(client, life, plan):
    client.force_login(life.secretary)
    month = plan.months.get(month=11)
    response = client.post(
        reverse("partylife:activity_new"),
        {
            "organization": life.branch.pk,
            "kind": "theme_day",
            "title": "11月主题党日",
            "plan_month": month.pk,
            "planned_at": "2026-11-06T09:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    bad = client.post(
        reverse("partylife:activity_new"),
        {"organization": life.other.pk, "kind": "theme_day", "title": "x", "planned_at": "x"},
    )
    assert bad.status_code == 400
    assert client.get(reverse("partylife:activities")).status_code == 200


def test_the_plan_from_above_is_read_below(client, life, plan, make_user):
    street = make_user("jiedao", "street", region=life.world.street)
    for user in (street, life.secretary, life.other_secretary):
        client.force_login(user)
        page = client.get(reverse("partylife:plans"))
        assert plan.title in page.content.decode()
        assert client.get(reverse("partylife:plan", args=[plan.pk])).status_code == 200
    # a draft above stays the issuer's own
    draft = services.plan_create(organization=life.district_org, year=2027)
    assert client.get(reverse("partylife:plan", args=[draft.pk])).status_code == 404


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_activity_photos(client, life, live):
    client.force_login(life.secretary)
    url = reverse("partylife:activity_act", args=[live.pk, "photo"])
    fake = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    refused = client.post(url, {"photo": fake})
    assert refused.status_code == 400 and "格式不支持" in refused.content.decode()
    assert client.post(url, {}).status_code == 400
    ok = client.post(url, {"photo": SimpleUploadedFile("p.png", PNG), "caption": "重温誓词"})
    assert ok.status_code == 302
    photo = live.photos.get()
    assert photo.content_type == "image/png" and not photo.file.name.endswith("p.png")
    shown = client.get(reverse("partylife:activity_photo", args=[live.pk, photo.pk]))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PNG
    client.force_login(life.other_secretary)
    hidden = client.get(reverse("partylife:activity_photo", args=[live.pk, photo.pk]))
    assert hidden.status_code == 404


def test_the_activity_list_is_paged(client, life):
    for day in range(1, 32):
        services.activity_plan(
            organization=life.branch,
            kind="general_meeting",
            planned_at=timezone.make_aware(datetime.datetime(2026, 10, day % 28 + 1, 9)),
            title=f"党员大会{day}",
        )
    client.force_login(life.secretary)
    url = reverse("partylife:activities")
    first = client.get(url)
    assert len(first.context["page"]) == 30 and "第 1 / 2 页" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["page"]) == 1
    for bad in ("x", "0", "²", "99"):
        assert client.get(url, {"page": bad}).status_code == 200
