"""Intake: routing, deadlines, idempotency, contact protection, photos, bad input."""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.core import crypto
from banshi.demands import services
from banshi.demands.models import Category, DeadlineRule, Demand, DemandPhoto, Notification
from tests.demands.conftest import JPEG, PNG, inside

S = Demand.State
H = datetime.timedelta(hours=1)


def test_a_point_in_a_grid_goes_to_that_grids_community(world, submit, cat):
    d = submit("property", grid=2)  # property → community level; grid 3 is in 内工大社区
    assert d.grid == world.grid3
    assert d.community == world.community2 and d.street == world.street
    assert d.territory_code == world.grid3.code
    assert d.state == S.DISPATCHED
    assert d.assigned_region == world.community2 and d.assigned_code == "150105001002"
    assert list(d.events.values_list("kind", flat=True)) == ["submitted", "dispatched"]
    assert d.events.get(kind="dispatched").data["auto"] is True


def test_grid_level_category_goes_to_the_grid_and_street_level_to_the_street(world, submit):
    d = submit("noise", grid=1)
    assert d.assigned_grid == world.grid2 and d.assigned_level == "grid"
    d = submit("municipal", grid=1)
    assert d.assigned_region == world.street and d.assigned_code == "150105001"


def test_department_category_goes_to_its_department(world, submit, cat, dept):
    c = cat("heating")
    c.handling_level, c.default_department = "department", dept
    c.save()
    d = submit("heating", grid=0)
    assert d.assigned_department == dept and d.state == S.DISPATCHED
    assert d.territory_code == world.grid1.code  # still scoped by where it is


def test_household_routes_to_its_grid_and_fills_the_location(world, cat):
    household = world.households[world.grid2.code][0]
    d = services.demand_submit(
        category=cat("neighbour"),
        description="楼上邻居深夜拖动家具",
        channel="walk_in",
        household=household,
    ).demand
    assert d.grid == world.grid2 and d.assigned_grid == world.grid2
    assert d.building == household.building
    assert (d.lat, d.lng) == (household.building.lat, household.building.lng)


def test_unroutable_point_waits_at_the_street_desk(world, submit, people):
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.street)
    assert d.grid is None and d.street == world.street
    assert d.state == S.RECEIVED
    assert d.assigned_level == "street" and d.assigned_region == world.street
    assert d.territory_code == "150105001" and not d.needs_city_dispatch
    # the street's staff are told
    assert Notification.objects.filter(demand=d, recipient_user=people.street).exists()


def test_a_grid_category_in_a_community_without_grid_goes_to_the_street_desk(world, submit):
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.community)
    assert d.community == world.community and d.territory_code == "150105001001"
    assert d.state == S.RECEIVED and d.assigned_code == "150105001"


def test_nowhere_is_flagged_for_the_city(world, submit):
    d = submit("sanitation", lat=40.0, lng=111.0)
    assert d.state == S.RECEIVED and d.needs_city_dispatch
    assert d.assigned_level == "" and d.territory_code == ""
    assert d.assigned_unit_name == "市级派单中心"


@pytest.mark.parametrize(
    ("code", "urgency", "sign", "resolve"),
    [
        ("sanitation", "normal", 2 * H, 7 * 24 * H),
        ("heating", "normal", 2 * H, 24 * H),
        ("water", "urgent", 2 * H, 24 * H),
        ("parking", "normal", 2 * H, 15 * 24 * H),
        ("heating", "emergency", H / 2, 2 * H),
        ("parking", "emergency", H / 2, 2 * H),
    ],
)
def test_default_deadlines(world, submit, t0, code, urgency, sign, resolve):
    d = submit(code, urgency=urgency, at=t0)
    assert d.dispatch_due == t0 + 2 * H
    assert d.dispatched_at == t0
    assert d.sign_due == t0 + sign
    assert d.resolve_due == t0 + resolve


def test_deadline_rules_are_configurable_most_specific_first(world, submit, t0, cat):
    DeadlineRule.objects.create(category=cat("noise"), urgency="", stage="resolve", hours=12)
    DeadlineRule.objects.create(
        category=cat("noise"), urgency="urgent", stage="resolve", hours=Decimal("1.5")
    )
    assert submit("noise", at=t0).resolve_due == t0 + 12 * H
    assert submit("noise", urgency="urgent", at=t0).resolve_due == t0 + 1.5 * H
    DeadlineRule.objects.filter(category=None).delete()  # built-in fallback still applies
    assert submit("sanitation", at=t0).sign_due == t0 + 2 * H


def test_idempotency_key_creates_one_demand(world, cat):
    kwargs = dict(
        category=cat("noise"),
        description="广场舞音响太吵",
        channel="api",
        lat=inside(0)[0],
        lng=inside(0)[1],
        idempotency_key="api:1:abc",
    )
    first = services.demand_submit(**kwargs)
    again = services.demand_submit(**kwargs)
    assert first.created and not again.created
    assert again.demand.pk == first.demand.pk
    assert Demand.objects.count() == 1
    other = services.demand_submit(**{**kwargs, "idempotency_key": "api:1:abd"})
    assert other.created and Demand.objects.count() == 2


def test_reporter_contact_is_encrypted_and_masked(world, submit):
    d = submit(reporter_name="王小明", reporter_phone="13804711234", channel="walk_in")
    row = Demand.objects.filter(pk=d.pk).values().get()
    stored = " ".join(str(v) for v in row.values())
    assert "13804711234" not in stored and "王小明" not in stored
    assert d.reporter_phone_masked == "138****1234" and d.reporter_name_masked == "王**"
    assert d.reporter_phone_hash == crypto.blind_index("13804711234")
    assert d.reporter_phone == "13804711234" and d.reporter_name == "王小明"


def test_resident_reporter_is_linked(world, submit, people):
    d = submit(user=people.resident)
    assert d.reporter_user == people.resident
    assert d.reporter_resident == world.residents[world.grid1.code][0]
    # a grid worker recording a demand is not its reporter
    d = submit(user=people.grid1, channel="grid_worker")
    assert d.reporter_user is None and d.reporter_resident is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "   "}, "请填写诉求内容"),
        ({"description": "长" * 2001}, "不能超过2000"),
        ({"lat": 40.8, "lng": None}, "同时填写"),
        ({"lat": 95.0, "lng": 111.0}, "超出范围"),
        ({"channel": "fax"}, "未知的受理渠道"),
        ({"urgency": "whenever"}, "未知的紧急程度"),
        ({"reporter_phone": "12345"}, "联系电话"),
        ({"reporter_name": "名" * 65}, "联系人姓名过长"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(world, cat, changes, message):
    kwargs = dict(
        category=cat("noise"),
        description="夜间施工噪音",
        channel="web",
        lat=inside(0)[0],
        lng=inside(0)[1],
    )
    kwargs.update(changes)
    with pytest.raises(ValidationError) as err:
        services.demand_submit(**kwargs)
    assert message in " ".join(err.value.messages)
    assert Demand.objects.count() == 0


def test_inactive_category_is_refused(world, cat):
    c = cat("other")
    c.active = False
    c.save()
    with pytest.raises(ValidationError, match="类别"):
        services.demand_submit(category=c, description="其他", channel="web")


def test_photos_are_checked_by_their_bytes(world, submit):
    good = [
        SimpleUploadedFile("a.jpg", JPEG, content_type="image/jpeg"),
        SimpleUploadedFile("b.png", PNG, content_type="image/png"),
        SimpleUploadedFile("c.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32),
    ]
    d = submit(photos=good)
    photos = list(DemandPhoto.objects.filter(demand=d).order_by("pk"))
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png", "image/webp"]
    # Stored under random names (32 hex digits and the kind's extension), never the uploader's.
    names = [os.path.basename(p.file.name) for p in photos]
    assert all(re.fullmatch(r"[0-9a-f]{32}\.(jpg|png|webp)", n) for n in names), names
    with pytest.raises(ValidationError, match="格式不支持"):
        # an HTML page calling itself a JPEG
        submit(photos=[SimpleUploadedFile("x.jpg", b"<html>", content_type="image/jpeg")])
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10MB"):
        submit(photos=[big])
    assert Demand.objects.count() == 1  # the failed intakes left nothing behind


def test_external_id_is_unique_per_channel(world, cat):
    kwargs = dict(category=cat("noise"), description="噪音", external_id="GD-1")
    a = services.demand_submit(channel="hotline", **kwargs)
    b = services.demand_submit(channel="hotline", **kwargs)
    c = services.demand_submit(channel="open311", **kwargs)
    assert a.demand.pk == b.demand.pk and not b.created
    assert c.created and c.demand.pk != a.demand.pk


def test_default_taxonomy_is_seeded(db):
    codes = set(Category.objects.values_list("code", flat=True))
    assert {"heating", "water", "power", "gas", "property", "sanitation", "parking", "noise"} <= (
        codes
    )
    assert {"municipal", "greenery", "public_order", "neighbour", "elderly", "employment"} <= codes
    assert Category.objects.get(code="heating").complexity == "utility"
    assert DeadlineRule.objects.filter(category=None, urgency="emergency").count() == 2


def test_a_retry_that_no_longer_validates_still_gets_its_demand(world, cat):
    """The first attempt was taken in; before the retry its category was retired, or the
    retry carries a garbled phone: the key still finds the demand, nothing new is made.
    Without a key the same input is refused."""
    kwargs = dict(
        category=cat("noise"),
        description="广场舞音响太吵",
        channel="api",
        lat=inside(0)[0],
        lng=inside(0)[1],
        reporter_phone="13912345678",
        idempotency_key="api:1:retry",
    )
    first = services.demand_submit(**kwargs)
    garbled = services.demand_submit(**{**kwargs, "reporter_phone": "12"})
    assert not garbled.created and garbled.demand.pk == first.demand.pk
    category = kwargs["category"]
    category.active = False
    category.save()
    retired = services.demand_submit(**kwargs)
    assert not retired.created and retired.demand.pk == first.demand.pk
    assert Demand.objects.count() == 1
    with pytest.raises(ValidationError, match="类别"):
        services.demand_submit(**{**kwargs, "idempotency_key": "api:1:new"})
    with pytest.raises(ValidationError, match="联系电话无效"):
        services.demand_submit(
            **{**kwargs, "category": cat("water"), "reporter_phone": "12", "idempotency_key": None}
        )
    assert Demand.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "channel", "recorded"),
    [
        ("resident", "api", "api"),
        ("grid1", "web", "grid_worker"),
        ("community", "open311", "walk_in"),
        ("street", "api", "walk_in"),
        ("street", "hotline", "hotline"),  # an assisted channel is recorded as given
        ("resident", "walk_in", "walk_in"),
        (None, "web", "web"),
    ],
)
def test_the_channel_is_the_users_on_the_self_service_ways(
    world, submit, people, user, channel, recorded
):
    d = submit(user=getattr(people, user) if user else None, channel=channel)
    assert d.channel == recorded
    assert d.events.get(kind="submitted").data["channel"] == recorded


def test_only_a_place_in_no_grid_looks_for_where_the_user_belongs(world, submit, people):
    """The usual intake (a point in a grid) reads no region or household for the fallback;
    an explicit region wins over the user's."""
    with CaptureQueriesContext(connection) as queries:
        d = submit(user=people.resident, grid=2)
    assert d.community == world.community2  # the grid's, not the resident's home
    assert not [q for q in queries if "territory_household" in q["sql"]]
    d = submit(user=people.resident, lat=40.0, lng=111.0, region=world.community2)
    assert d.community == world.community2
    d = submit(user=people.resident, lat=40.0, lng=111.0)
    assert d.community == world.community  # home, in 乌兰社区
