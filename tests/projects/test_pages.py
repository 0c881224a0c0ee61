"""The project pages: the list in scope, the project's page (deliverables with progress,
photos, budget, timeline, feedback), the staff's forms (bad input re-renders with its
message and 400, nothing written; a user who may only read gets 403; out of scope 404),
a photo served back, and the resident's page with the rating form."""

from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.projects import services
from banshi.projects.models import (
    ProjectFeedback,
    ProjectPhoto,
    ProjectProgressReport,
    ProjectSpending,
)

from .conftest import AT, PNG, D, deliverable


def test_the_list_and_the_page_by_scope(project, users, login):
    for user in (users.community, users.street, users.resident):
        assert "拆墙并院" in login(user).get("/projects/").content.decode()
        page = login(user).get(f"/projects/{project.pk}/")
        assert page.status_code == 200
        assert "规划停车位" in page.content.decode()
    for user in (users.other, users.outside, users.elsewhere, users.nobody):
        assert "拆墙并院" not in login(user).get("/projects/").content.decode()
        assert login(user).get(f"/projects/{project.pk}/").status_code == 404
    assert login(users.community).get("/projects/987654/").status_code == 404
    staff = login(users.community).get(f"/projects/{project.pk}/").content.decode()
    assert "填报进度" in staff and "评价本项目" not in staff
    own = login(users.resident).get(f"/projects/{project.pk}/").content.decode()
    assert "填报进度" not in own and "评价本项目" in own


def test_a_progress_report_through_the_page(project, users, login):
    url = f"/projects/{project.pk}/report/"
    parking = deliverable(project, "规划停车位")
    client = login(users.community)
    ok = {"deliverable": parking.pk, "measured": "34", "on": "2026-06-01", "note": "划线"}
    assert client.post(url, ok).status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-overall="0.2500"' in page and "划线" in page
    for bad, message in (
        ({**ok, "measured": "很多"}, "应为数字"),
        ({**ok, "deliverable": "x"}, "请选择建设内容"),
        ({**ok, "deliverable": "99999999999999"}, "请选择建设内容"),
        ({**ok, "on": "昨天"}, "有效的日期"),
    ):
        r = client.post(url, bad)
        assert r.status_code == 400 and message in r.content.decode()
    r = login(users.resident).post(url, ok)
    assert r.status_code == 403
    assert login(users.other).post(url, ok).status_code == 404
    assert ProjectProgressReport.objects.count() == 1


def test_spending_and_status_through_the_page(project, users, login):
    client = login(users.street)
    url = f"/projects/{project.pk}/spending/"
    ok = {"item": "地面硬化", "amount": "1200", "on": "2026-05-01"}
    assert client.post(url, ok).status_code == 302
    r = client.post(url, {"item": "地面硬化", "amount": "-3", "on": "2026-05-01"})
    assert r.status_code == 400 and "应大于0" in r.content.decode()
    assert ProjectSpending.objects.count() == 1
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "已支出 1200.00 元" in page
    move = f"/projects/{project.pk}/status/"
    r = client.post(move, {"to": "planned", "on": "2026-06-01"})
    assert r.status_code == 400 and "不能改为" in r.content.decode()
    assert client.post(move, {"to": "finished", "on": "2026-10-30"}).status_code == 302
    project.refresh_from_db()
    assert project.status == "finished"


def test_photos_before_and_after(project, users, login):
    client = login(users.community)
    url = f"/projects/{project.pk}/photos/"
    png = SimpleUploadedFile("wall.png", PNG, content_type="image/png")
    r = client.post(url, {"phase": "before", "file": png, "caption": "拆墙前"})
    assert r.status_code == 302
    photo = ProjectPhoto.objects.get()
    r = client.get(f"/projects/{project.pk}/photos/{photo.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert b"".join(r.streaming_content) == PNG
    fake = SimpleUploadedFile("x.png", b"<html>not an image</html>", content_type="image/png")
    r = client.post(url, {"phase": "after", "file": fake})
    assert r.status_code == 400 and "格式不支持" in r.content.decode()
    r = client.post(url, {"phase": "someday", "file": SimpleUploadedFile("a.png", PNG)})
    assert r.status_code == 400 and "阶段" in r.content.decode()
    assert ProjectPhoto.objects.count() == 1
    assert login(users.outside).get(f"/projects/{project.pk}/photos/{photo.pk}/").status_code == 404
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "拆墙前" in page


def test_the_resident_rates_from_their_page(project, users, login):
    client = login(users.resident)
    mine = client.get("/projects/mine/").content.decode()
    assert "拆墙并院" in mine and "评价本项目" in mine
    url = f"/projects/{project.pk}/feedback/"
    r = client.post(url, {"rating": "basic", "comment": "不错", "next": "mine"})
    assert r.status_code == 302 and r["Location"] == "/projects/mine/"
    r = client.post(url, {"rating": "satisfied", "next": "mine"})
    assert ProjectFeedback.objects.get().rating == "satisfied"
    assert 'data-own-rating="satisfied"' in client.get("/projects/mine/").content.decode()
    r = client.post(url, {"rating": "", "next": "mine"})
    assert r.status_code == 400 and "请选择评价" in r.content.decode()
    # not of the place: refused (the community's resident elsewhere cannot see it: 404)
    assert login(users.community).post(url, {"rating": "satisfied"}).status_code == 403
    assert login(users.elsewhere).post(url, {"rating": "satisfied"}).status_code == 404
    assert "拆墙并院" not in login(users.elsewhere).get("/projects/mine/").content.decode()
    assert ProjectFeedback.objects.count() == 1
    home = client.get("/").content.decode()
    assert "我的实事项目" in home


def test_the_timeline_holds_reports_and_status_changes(project, users, login):
    services.progress_report(
        deliverable=deliverable(project, "新增绿地"),
        measured="700",
        on=D(2026, 9, 1),
        user=users.community,
        now=AT,
    )
    services.project_move(project=project, to="finished", on=D(2026, 9, 2), user=users.community)
    page = login(users.street).get(f"/projects/{project.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert timeline.index("实施中") < timeline.index("新增绿地 700") < timeline.index("已完成")
