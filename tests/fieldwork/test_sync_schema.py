"""Every sync payload is checked against its declared schema: each bad input a 400 with a
Chinese message per field (never a 500, which the phone would retry forever), and nothing
of a refused record stored."""

import datetime

import pytest
from django.utils import timezone

from banshi.demands.models import Demand
from banshi.fieldwork.models import FieldPhoto, Finding, HomeVisit, Patrol, VisitNeed

from .conftest import post_json, uid
from .test_sync_patrol import PATROLS, patrol_body, upload
from .test_sync_visit import URL as VISITS
from .test_sync_visit import body as visit_body


def finding(**kw):
    data = {"client_id": uid(), "kind": "hazard", "note": "井盖缺失", "to_demand": True}
    data.update(kw)
    return data


def refused(response, field: str, words: str):
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data["fields"], data
    assert any(words in m for m in data["fields"][field]), data
    assert all(m in data["error"] for m in data["fields"][field])
    return data


def nothing_stored():
    assert not Patrol.objects.exists() and not Finding.objects.exists()
    assert not HomeVisit.objects.exists() and not VisitNeed.objects.exists()
    assert not Demand.objects.exists()


@pytest.mark.parametrize(
    "bad, field, words",
    [
        ({"colour": "red"}, "findings.1.colour", "未知字段：colour"),
        ({"user": 1}, "findings.1.user", "未知字段：user"),
        ({"note": None}, "findings.1.note", "请填写"),
        ({"note": ""}, "findings.1.note", "请填写"),
        ({"found_at": "2026-02-30T10:00:00"}, "findings.1.found_at", "不是有效的时间"),
        ({"lat": 200, "lng": 111.7}, "findings.1.lat", "不能大于90"),
        ({"kind": "ufo"}, "findings.1.kind", "未知的发现类型"),
    ],
)
def test_a_bad_finding_refuses_the_whole_patrol(world, client1, bad, field, words):
    item = finding(**bad)
    if bad.get("note") is None and "note" in bad:
        del item["note"]
    data = patrol_body(world, grid_code=world.grid1.code, findings=[finding(), item])
    refused(post_json(client1, PATROLS, data), field, words)
    nothing_stored()


@pytest.mark.parametrize(
    "bad, field, words",
    [
        ({"user": 7}, "user", "未知字段：user"),
        ({"visited_at": "2026-02-30T10:00:00"}, "visited_at", "不是有效的时间"),
        ({"follow_up_on": "2026-02-30"}, "follow_up_on", "不是有效的日期"),
        ({"household_id": 2**70}, "household_id", "不能大于"),
        ({"household_id": -3}, "household_id", "不能小于"),
        ({"household_id": "12a"}, "household_id", "户编号无效"),
        ({"met": "长" * 101}, "met", "不能超过100个字"),
        ({"needs": "elderly"}, "needs", "列表"),
    ],
)
def test_a_bad_visit_is_a_400_in_chinese(world, client1, bad, field, words):
    h = world.households[world.grid1.code][0]
    refused(post_json(client1, VISITS, visit_body(h, **bad)), field, words)
    nothing_stored()


@pytest.mark.parametrize(
    "bad, field, words",
    [
        ({"started_at": "2026-02-30T10:00:00"}, "started_at", "不是有效的时间"),
        ({"ended_at": "2026-13-01T10:00:00"}, "ended_at", "不是有效的时间"),
        ({"route": [{"lat": 200, "lng": 111.7}]}, "route.0.lat", "不能大于90"),
        ({"route": [{"lat": 40.8, "lng": 111.7, "speed": 3}]}, "route.0.speed", "未知字段"),
        ({"worker": 1}, "worker", "未知字段：worker"),
        ({"client_id": 5}, "client_id", "记录编号无效"),
    ],
)
def test_a_bad_patrol_is_a_400_in_chinese(world, client1, bad, field, words):
    data = patrol_body(world, grid_code=world.grid1.code, findings=[finding()], **bad)
    refused(post_json(client1, PATROLS, data), field, words)
    nothing_stored()


def test_a_body_that_is_no_object_and_a_photo_with_unknown_fields(world, client1):
    r = post_json(client1, PATROLS, ["x"])
    assert r.status_code == 400 and r.json()["error"]
    r = client1.post("/fieldwork/sync/photos/", {"client_id": uid(), "owner": "someone"})
    refused(r, "owner", "未知字段：owner")
    assert not FieldPhoto.objects.exists()


def test_a_photo_of_another_grid_is_not_claimed(world, client1):
    pid = uid()
    assert upload(client1, pid).status_code == 201  # in worker1's grid1
    data = patrol_body(world, grid_code=world.grid1.code, findings=[finding(photos=[pid])])
    assert post_json(client1, PATROLS, data).status_code == 201
    assert Finding.objects.get().photos.count() == 1


def test_a_good_payload_still_passes_with_every_field(world, client1):
    h = world.households[world.grid1.code][0]
    follow = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    r = post_json(
        client1,
        VISITS,
        visit_body(h, follow_up_on=follow, household_label="x", needs=["elderly"]),
    )
    assert r.status_code == 201, r.content
    assert HomeVisit.objects.get().follow_up_on.isoformat() == follow
