"""Photos and patrols: idempotent uploads, bad files refused, findings become demands
routed to the patrol's grid."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from banshi.demands.models import Demand
from banshi.fieldwork import photos
from banshi.fieldwork.models import FieldPhoto, Finding, Patrol

from .conftest import JPEG, post_json, uid

PHOTOS = "/fieldwork/sync/photos/"
PATROLS = "/fieldwork/sync/patrols/"


def upload(client, client_id, content=JPEG, name="a.jpg"):
    return client.post(PHOTOS, {"client_id": client_id, "file": SimpleUploadedFile(name, content)})


def patrol_body(world, **kw):
    start = timezone.now() - datetime.timedelta(hours=2)
    data = {
        "client_id": uid(),
        "grid_code": world.grid2.code,
        "started_at": start.isoformat(),
        "ended_at": (start + datetime.timedelta(hours=1)).isoformat(),
        "findings": [],
    }
    data.update(kw)
    return data


def test_photo_sent_twice_is_stored_once(world, client1):
    pid = uid()
    assert upload(client1, pid).status_code == 201
    assert upload(client1, pid).status_code == 200
    assert FieldPhoto.objects.count() == 1


def test_not_an_image_is_refused(world, client1):
    r = upload(client1, uid(), content=b"%PDF-1.4 not an image", name="x.jpg")
    assert r.status_code == 400
    assert "不是有效的图片文件" in r.json()["error"]
    assert FieldPhoto.objects.count() == 0


def test_oversized_photo_is_refused(world, client1, monkeypatch):
    monkeypatch.setattr(photos, "MAX_BYTES", 100)
    r = upload(client1, uid(), content=JPEG + b"\x00" * 200)
    assert r.status_code == 400
    assert "照片过大" in r.json()["error"]
    assert FieldPhoto.objects.count() == 0


def test_patrol_with_finding_and_photo_becomes_a_demand_in_the_grid(world, make_user):
    from django.test import Client

    worker = make_user("w2", "grid_worker", grid=world.grid2)
    c = Client()
    c.force_login(worker)
    pid = uid()
    assert upload(c, pid).status_code == 201
    fid = uid()
    data = patrol_body(
        world,
        findings=[
            {
                "client_id": fid,
                "kind": "environment",
                "note": "垃圾桶满溢",
                "photos": [pid],
                "to_demand": True,
            }
        ],
    )
    first = post_json(c, PATROLS, data)
    assert first.status_code == 201, first.content
    second = post_json(c, PATROLS, data)
    assert second.status_code == 200
    assert Patrol.objects.count() == 1 and Finding.objects.count() == 1
    finding = Finding.objects.get()
    assert finding.photos.count() == 1
    demand = finding.demand
    assert demand is not None and Demand.objects.count() == 1
    assert demand.grid == world.grid2  # routed to the patrol's grid
    assert demand.territory_code == world.grid2.code
    assert demand.category.code == "sanitation"
    assert f"巡查 #{finding.patrol_id}" in demand.description
    assert demand.photos.count() == 1


def test_finding_point_in_another_grid_still_routes_to_the_patrol_grid(world, client1):
    from tests.conftest import LAT0, LNG0, STEP

    data = patrol_body(
        world,
        grid_code=world.grid1.code,
        findings=[
            {
                "client_id": uid(),
                "kind": "dispute",
                "note": "邻里争执",
                "lat": LAT0 + STEP / 2,
                "lng": LNG0 + 2.5 * STEP,  # inside grid3
                "to_demand": True,
            }
        ],
    )
    assert post_json(client1, PATROLS, data).status_code == 201
    assert Finding.objects.get().demand.grid == world.grid1


def test_patrol_in_the_future_or_in_another_grid_is_refused(world, client1):
    future = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    r = post_json(
        client1,
        PATROLS,
        patrol_body(world, grid_code=world.grid1.code, started_at=future, ended_at=None),
    )
    assert r.status_code == 400 and "晚于当前时间" in r.json()["error"]
    r = post_json(client1, PATROLS, patrol_body(world))  # grid2 is not worker1's
    assert r.status_code == 404
    assert Patrol.objects.count() == 0


def test_finding_without_uploaded_photo_waits(world, client1):
    data = patrol_body(
        world,
        grid_code=world.grid1.code,
        findings=[{"client_id": uid(), "kind": "hazard", "note": "杂物", "photos": [uid()]}],
    )
    r = post_json(client1, PATROLS, data)
    assert r.status_code == 400 and "照片尚未上传" in r.json()["error"]
    assert Patrol.objects.count() == 0  # the whole record is retried later


def test_a_patrols_route_is_stored_with_its_length_and_counts_in_the_figures(
    world, client1, make_user
):
    from django.test import Client

    from banshi.fieldwork.selectors import region_fieldwork

    # Three points due north, 0.001° of latitude apart: about 111 m each, 222 m in all.
    lat0, lng0 = 40.8121, 111.7061
    route = [
        {"lat": lat0 + i * 0.001, "lng": lng0, "at": f"2026-11-27T09:0{i}:00Z"} for i in range(3)
    ]
    r = post_json(client1, PATROLS, patrol_body(world, route=route, grid_code=world.grid1.code))
    assert r.status_code == 201, r.content
    patrol = Patrol.objects.get()
    assert len(patrol.route) == 3 and 220 <= patrol.route_m <= 224
    post_json(client1, PATROLS, patrol_body(world, grid_code=world.grid1.code))  # no route
    figures = region_fieldwork(region=world.street)
    assert figures["patrols"] == 2 and figures["patrol_km"] == 0.2
    street = make_user("street", "street", region=world.street)
    c = Client()
    c.force_login(street)
    html = c.get(f"/regions/{world.street.code}/fieldwork/").content.decode()
    drill = f"/regions/{world.street.code}/figures/patrols/?period=91d"
    assert f'href="{drill}"' in html
    html = c.get(drill).content.decode()
    assert f'<td class="num">{patrol.route_m}</td>' in html
    # the grid worker of another grid sees neither
    other = make_user("w3", "grid_worker", grid=world.grid3)
    assert region_fieldwork(region=world.street, user=other)["patrols"] == 0


def test_a_bad_route_is_refused_in_chinese(world, client1):
    for route in ("nope", [{"lat": 40.8}], [{"lat": 95, "lng": 111.7}]):
        r = post_json(client1, PATROLS, patrol_body(world, route=route, grid_code=world.grid1.code))
        assert r.status_code == 400, route
        assert "轨迹" in r.json()["error"] or "经纬度" in r.json()["error"], r.json()
    assert not Patrol.objects.exists()


def test_a_finding_of_another_grid_cannot_be_turned_into_a_demand(world, client1, make_user):
    from django.test import Client

    worker = make_user("w2", "grid_worker", grid=world.grid2)
    c = Client()
    c.force_login(worker)
    data = patrol_body(world, findings=[{"client_id": uid(), "kind": "hazard", "note": "杂物"}])
    assert post_json(c, PATROLS, data).status_code == 201
    finding = Finding.objects.get()
    url = "/fieldwork/findings/{}/demand/"
    theirs = client1.post(url.format(finding.pk))
    missing = client1.post(url.format(finding.pk + 1000))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert client1.post(url.format(2**70)).status_code == 404
    assert not Demand.objects.exists()
    assert c.post(url.format(finding.pk)).status_code == 200  # its own worker may
    assert Finding.objects.get().demand is not None
