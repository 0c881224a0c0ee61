"""The demand pages: a resident submits, the grid worker signs and resolves, the resident
rates; forbidden transitions are refused by the web too; the ranking links to the demands
behind each figure; no page carries inline script."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.demands.models import Demand, Notification
from tests.demands.conftest import JPEG, inside, walk
from tests.web.conftest import inline_scripts


def test_resident_submits_worker_handles_resident_rates(world, people, client_for):
    resident = client_for(people.resident)
    page = resident.get("/demands/new/")
    assert page.status_code == 200 and not inline_scripts(page.content.decode())
    household = world.households[world.grid1.code][0]
    assert f'value="{household.pk}"' in page.content.decode()  # their own household offered
    r = resident.post(
        "/demands/new/",
        {
            "category": Demand._meta.get_field("category")
            .related_model.objects.get(code="sanitation")
            .pk,
            "description": "楼道垃圾没人清运",
            "urgency": "normal",
            "household": household.pk,
            "photos": [SimpleUploadedFile("a.jpg", JPEG)],
        },
    )
    assert r.status_code == 302
    d = Demand.objects.get()
    assert r["Location"] == f"/demands/{d.pk}/"
    assert d.channel == "web" and d.reporter_user == people.resident
    assert d.assigned_grid == world.grid1 and d.photos.count() == 1

    worker = client_for(people.grid1)
    queue = worker.get("/demands/queue/")
    assert d.tracking_code in queue.content.decode()
    page = worker.get(f"/demands/{d.pk}/").content.decode()
    assert f'action="/demands/{d.pk}/act/sign/"' in page
    assert "/act/dispatch/" not in page  # not a dispatcher
    assert worker.post(f"/demands/{d.pk}/act/sign/").status_code == 302
    assert worker.post(f"/demands/{d.pk}/act/start/", {"note": "已到现场"}).status_code == 302
    r = worker.post(
        f"/demands/{d.pk}/act/resolve/",
        {"note": "已清运", "photos": [SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n0000")]},
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == "resolved" and d.photos.filter(kind="resolution").count() == 1
    assert Notification.objects.filter(recipient_user=people.resident, kind="resolved").exists()
    assert d.tracking_code in resident.get("/demands/queue/").content.decode()  # to rate

    rate = resident.get(f"/demands/{d.pk}/rate/")
    assert rate.status_code == 200
    assert resident.post(f"/demands/{d.pk}/rate/", {"rating": "satisfied"}).status_code == 302
    d.refresh_from_db()
    assert d.state == "rated" and d.rating == "satisfied"
    timeline = resident.get(f"/demands/{d.pk}/").content.decode()
    for label in ("受理", "派单", "签收", "开始办理", "办结", "评价"):
        assert label in timeline


def test_forbidden_transition_from_the_web_changes_nothing(world, people, submit, client_for):
    d = submit(user=people.resident)
    worker = client_for(people.grid1)
    worker.post(f"/demands/{d.pk}/act/sign/")
    again = worker.post(f"/demands/{d.pk}/act/sign/")
    assert again.status_code == 409
    assert "不能执行“签收”" in again.content.decode()
    # a handler may not dispatch; a resident may not sign
    assert (
        worker.post(f"/demands/{d.pk}/act/reassign/", {"unit": "grid:150105001001002"}).status_code
        == 403
    )
    assert client_for(people.resident).post(f"/demands/{d.pk}/act/start/").status_code == 403
    assert worker.post(f"/demands/{d.pk}/act/resolve/", {"note": ""}).status_code == 409
    worker.post(f"/demands/{d.pk}/act/start/")
    assert worker.post(f"/demands/{d.pk}/act/resolve/", {"note": ""}).status_code == 400
    assert worker.get(f"/demands/{d.pk}/act/start/").status_code == 405
    assert worker.post(f"/demands/{d.pk}/act/teleport/").status_code == 404
    d.refresh_from_db()
    assert d.state == "in_progress"


def test_street_dispatches_from_the_desk(world, people, submit, client_for):
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.street)
    street = client_for(people.street)
    page = street.get(f"/demands/{d.pk}/").content.decode()
    assert 'value="grid:150105001001002"' in page
    r = street.post(f"/demands/{d.pk}/act/dispatch/", {"unit": "grid:150105001001002"})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == "dispatched" and d.assigned_grid == world.grid2
    bad = street.post(f"/demands/{d.pk}/act/reassign/", {"unit": "grid:12"})
    assert bad.status_code == 400 and "无效的单位" in bad.content.decode()


def test_submit_form_errors(world, people, client_for):
    c = client_for(people.resident)
    r = c.post("/demands/new/", {"description": "", "urgency": "normal"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "请选择诉求类别" in html and "请填写诉求内容" in html
    cat = Demand._meta.get_field("category").related_model.objects.get(code="noise")
    r = c.post("/demands/new/", {"category": cat.pk, "description": "吵", "urgency": "normal"})
    assert r.status_code == 400 and "请选择住址" in r.content.decode()
    other = world.households[world.grid3.code][0]  # not theirs
    r = c.post(
        "/demands/new/",
        {"category": cat.pk, "description": "吵", "urgency": "normal", "household": other.pk},
    )
    assert r.status_code == 400 and Demand.objects.count() == 0


def test_every_form_error_comes_in_one_round_in_plain_words(world, people, client_for):
    """A bad phone is reported beside the other mistakes, not after they are fixed, and no
    message is Django's stock wording or says the same thing twice."""
    r = client_for(people.resident).post(
        "/demands/new/",
        {"description": "", "urgency": "normal", "lat": "95", "lng": "x", "reporter_phone": "123"},
    )
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert set(errors) >= {"category", "description", "lat", "lng", "reporter_phone"}
    assert errors["lat"] == ["纬度应在 -90 到 90 之间"] and errors["lng"] == ["经度应是数字"]
    assert errors["reporter_phone"] == [
        "请填写有效的手机号或座机号，例如 13904710000 或 0471-6912345"
    ]
    html = r.content.decode()
    assert "确保该值" not in html and "联系电话无效：联系电话" not in html


def test_grid_worker_reports_from_the_field(world, people, client_for):
    lat, lng = inside(1)
    cat = Demand._meta.get_field("category").related_model.objects.get(code="municipal")
    r = client_for(people.grid2).post(
        "/demands/new/",
        {
            "category": cat.pk,
            "description": "井盖破损",
            "urgency": "urgent",
            "lat": lat,
            "lng": lng,
        },
    )
    assert r.status_code == 302
    d = Demand.objects.get()
    assert d.channel == "grid_worker" and d.grid == world.grid2 and d.reporter_user is None


def test_ranking_page_links_every_figure(world, people, submit, t0, client_for):
    from tests.demands.conftest import walk

    walk(submit(user=people.resident, at=t0), people, at=t0)
    submit(user=people.resident, at=t0)  # dispatched, not signed
    c = client_for(people.street)
    r = c.get("/demands/ranking/", {"period": "2026-11", "level": "grid"})
    assert r.status_code == 200
    html = r.content.decode()
    assert not inline_scripts(html)
    assert "乌兰社区第一网格" in html and "50.0%" in html
    links = re.findall(r'href="(/demands/\?unit=[^"]+)"', html)
    assert len(links) == 18  # six figures of each of the three grids, the empty ones too
    for link in links:
        link = link.replace("&amp;", "&")
        figure = re.search(r"figure=(\w+)", link).group(1)
        listed = c.get(link)
        assert listed.status_code == 200
        expected = {"dispatched": 2, "responded_in_time": 1, "due": 2, "resolved": 1}.get(figure, 1)
        if "150105001001001" not in link:
            expected = 0
        assert listed.context["count"] == expected, figure
    assert c.get("/demands/ranking/", {"period": "2026-11", "level": "bogus"}).status_code == 400
    assert c.get("/demands/ranking/", {"period": "11-2026"}).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/demands/",
        "/demands/?state=dispatched&category=sanitation&period=2026-11&q=垃圾",
        "/demands/queue/",
        "/demands/topics/?period=2026-11",
        "/demands/topics/?period=2026-11&region=150105001000",
        "/demands/notifications/",
        "/demands/import/",
        "/demands/ranking/",
    ],
)
def test_pages_render_without_inline_script(world, people, submit, client_for, url):
    submit(user=people.resident)
    r = client_for(people.street).get(url)
    assert r.status_code == 200
    assert not inline_scripts(r.content.decode())


def test_bad_list_filters_answer_400(world, people, client_for):
    c = client_for(people.street)
    assert c.get("/demands/", {"unit": "nowhere"}).status_code == 400
    assert (
        c.get(
            "/demands/", {"unit": "grid:150105001001001", "figure": "x", "period": "2026-11"}
        ).status_code
        == 400
    )
    assert c.get("/demands/topics/", {"region": "150102000000"}).status_code == 404


def test_pages_need_login(db, client):
    for url in ("/demands/", "/demands/queue/", "/demands/new/", "/demands/ranking/"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r["Location"]


def test_upload_hotline_file(world, people, client_for):
    from tests.demands.test_hotline_import import csv_bytes, rows

    f = SimpleUploadedFile("orders.csv", csv_bytes(rows()))
    r = client_for(people.street).post("/demands/import/", {"file": f})
    assert r.status_code == 200 and "新增 3 件" in r.content.decode()
    f = SimpleUploadedFile("orders.csv", csv_bytes(rows()))
    assert client_for(people.grid1).post("/demands/import/", {"file": f}).status_code == 403


def test_notifications_page_marks_read(world, people, submit, client_for):
    submit(user=people.resident)
    c = client_for(people.grid1)
    assert "新派单" in c.get("/demands/notifications/").content.decode()
    assert c.post("/demands/notifications/").status_code == 302
    assert not Notification.objects.filter(recipient_user=people.grid1, read=False).exists()


def test_tracking_page_leads_the_reporter_to_the_rating_page(
    world, people, submit, t0, client, client_for
):
    d = submit(user=people.resident)
    assert 'id="rate-link"' not in client.get(f"/track/{d.tracking_code}/").content.decode()
    walk(d, people, at=t0, rating=None)
    html = client.get(f"/track/{d.tracking_code}/").content.decode()
    assert f'href="/demands/{d.pk}/rate/"' in html and "评价办理结果" in html
    # the link asks a visitor to log in; only the reporter may then rate
    r = client.get(f"/demands/{d.pk}/rate/")
    assert r.status_code == 302 and "/login" in r["Location"]
    assert client_for(people.resident_b).get(f"/demands/{d.pk}/rate/").status_code == 404
    resident = client_for(people.resident)
    assert resident.get(f"/demands/{d.pk}/rate/").status_code == 200
    assert resident.post(f"/demands/{d.pk}/rate/", {"rating": "basic"}).status_code == 302
    d.refresh_from_db()
    assert d.state == "rated" and d.rating == "basic"
    html = client.get(f"/track/{d.tracking_code}/").content.decode()
    assert "已评价" in html and 'id="rate-link"' not in html


def test_a_unit_outside_the_scope_is_refused_as_if_unknown(world, people, submit, client_for):
    """The list filter must not tell a grid worker the name, nor the existence, of a unit
    outside their scope: the answer is the one for a unit that does not exist."""
    submit(grid=2, user=people.resident_b)  # a demand of grid 3, in the other community
    worker = client_for(people.grid1)
    other = worker.get("/demands/", {"unit": f"grid:{world.grid3.code}"})
    missing = worker.get("/demands/", {"unit": "grid:150105001009009"})
    assert other.status_code == missing.status_code == 400
    assert world.grid3.name not in other.content.decode()
    assert other.context["error"].replace(world.grid3.code, "X") == missing.context[
        "error"
    ].replace("150105001009009", "X")
    community = worker.get("/demands/", {"unit": f"community:{world.community2.code}"})
    assert community.status_code == 400 and world.community2.name not in community.content.decode()
    # Their own grid, and the street above it, are named.
    own = worker.get("/demands/", {"unit": f"grid:{world.grid1.code}"})
    assert own.status_code == 200 and world.grid1.name in own.content.decode()
    street = client_for(people.street).get("/demands/", {"unit": f"grid:{world.grid3.code}"})
    assert street.status_code == 200 and world.grid3.name in street.content.decode()


def test_the_timeline_names_people_by_name_and_role_never_by_username(
    world, people, submit, client_for, t0
):
    from banshi.demands.models import Demand

    people.grid1.first_name, people.grid1.last_name = "芳", "王"
    people.grid1.save()
    d = walk(submit(user=people.resident, at=t0), people, at=t0)
    html = client_for(people.street).get(f"/demands/{d.pk}/").content.decode()
    timeline = html[html.index('class="timeline') :] if 'class="timeline' in html else html
    assert f"王芳（网格员 · {world.grid1.name}）" in timeline
    for user in (people.grid1, people.street, people.resident):
        assert f"· {user.username}<" not in timeline and f"· {user.username}\n" not in timeline
    hotline = submit(channel=Demand.Channel.HOTLINE, at=t0, external_id="GD-1")
    page = client_for(people.street).get(f"/demands/{hotline.pk}/").content.decode()
    assert "12345热线（导入）" in page


def test_the_demand_page_hands_out_its_tracking_link_and_qr_code(world, people, submit, client_for):
    d = submit(user=people.resident)
    html = client_for(people.resident).get(f"/demands/{d.pk}/").content.decode()
    url = f"http://testserver/track/{d.tracking_code}/"
    assert f'href="{url}"' in html and f'data-copy="{url}"' in html
    qr = html[html.index('class="tracking-qr"') :]
    assert qr.index("<svg") < qr.index("</figure>") and "<script" not in qr[: qr.index("</figure>")]
    # The link it hands out opens the public progress page, with no account.
    from django.test import Client

    assert Client().get(f"/track/{d.tracking_code}/").status_code == 200
