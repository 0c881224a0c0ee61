"""One rule for where an intake lands, whichever way it comes in: the web form, the JSON API
and Open311 take the same point outside every grid to the same place, as the same kind of
user, with the same channel (see `banshi.demands.services.intake`)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from banshi.demands.models import Category, Demand
from banshi.demands.units import HandlingUnit
from banshi.open311.services import open311_key_create
from tests.demands.conftest import inside

# Outside every grid of the world (its grids are squares from 111.700, 40.810).
NOWHERE = {"lat": 40.0, "lng": 111.0}
API_KEY = "entry-points-open311-key"


def landing(demand: Demand) -> tuple:
    unit = HandlingUnit.of_demand(demand)
    return (
        unit.key if unit else "",
        demand.needs_city_dispatch,
        demand.territory_code,
        demand.street_id,
        demand.state,
    )


def by_web(user, code: str) -> Demand:
    c = Client()
    c.force_login(user)
    before = set(Demand.objects.values_list("pk", flat=True))
    r = c.post(
        "/demands/new/",
        {
            "category": Category.objects.get(code=code).pk,
            "description": "路灯坏了，晚上一片漆黑",
            "urgency": "normal",
            **NOWHERE,
        },
    )
    assert r.status_code == 302, r.content.decode()
    return Demand.objects.exclude(pk__in=before).get()


def by_api(user, code: str) -> Demand:
    c = APIClient()
    c.force_authenticate(user)
    r = c.post(
        "/api/v1/demands/",
        {"category": code, "description": "路灯坏了，晚上一片漆黑", **NOWHERE},
        format="json",
    )
    assert r.status_code == 201, r.content
    return Demand.objects.get(pk=r.json()["id"])


def by_open311(code: str, *, session_user=None) -> Demand:
    c = Client()
    if session_user is not None:
        c.force_login(session_user)
    r = c.post(
        "/open311/v2/requests.json",
        {
            "api_key": API_KEY,
            "service_code": code,
            "lat": str(NOWHERE["lat"]),
            "long": str(NOWHERE["lng"]),
            "description": "路灯坏了，晚上一片漆黑",
        },
    )
    assert r.status_code == 200, r.content
    return Demand.objects.get(pk=int(r.json()[0]["service_request_id"]))


@pytest.fixture
def open311_key(db):
    open311_key_create(name="入口测试", key=API_KEY)


@pytest.mark.parametrize("code", ["sanitation", "property"])
@pytest.mark.parametrize(
    ("who", "channel", "is_reporter"),
    [
        ("resident", "", True),  # the entry's own self-service channel
        ("community", "walk_in", False),
        ("street", "walk_in", False),
        ("grid2", "grid_worker", False),
        ("nobody", "", True),
    ],
)
def test_web_form_and_api_land_alike(world, people, code, who, channel, is_reporter):
    user = getattr(people, who)
    web, api = by_web(user, code), by_api(user, code)
    assert landing(web) == landing(api)
    assert (web.channel, api.channel) == (channel or "web", channel or "api")
    assert (web.reporter_user, api.reporter_user) == ((user, user) if is_reporter else (None, None))


def test_the_fallback_is_where_the_user_belongs(world, people):
    """Outside every grid: a resident's home community, a staff member's own community or
    street; a user who belongs nowhere, and a grid worker (whose scope is a grid, not a
    region), wait at the city's desk."""
    home = world.community  # the resident lives in grid 1, in 乌兰社区
    d = by_api(people.resident, "sanitation")
    assert (d.community, d.street, d.territory_code) == (home, world.street, home.prefix)
    assert d.state == "received" and d.assigned_region == world.street  # the street's desk
    d = by_web(people.community2, "property")  # community level: dispatched at once
    assert d.state == "dispatched" and d.assigned_region == world.community2
    d = by_web(people.street, "sanitation")
    assert d.community is None and d.territory_code == world.street.prefix
    for user in (people.grid2, people.nobody):
        d = by_api(user, "sanitation")
        assert d.needs_city_dispatch and d.territory_code == "" and d.street is None


@pytest.mark.parametrize("code", ["sanitation", "property"])
def test_open311_lands_like_a_user_who_belongs_nowhere(world, people, open311_key, code):
    o311 = by_open311(code)
    assert o311.channel == "open311" and o311.reporter_user is None
    assert (
        landing(o311)
        == landing(by_web(people.nobody, code))
        == landing(by_api(people.nobody, code))
    )
    assert o311.needs_city_dispatch


def test_open311_ignores_a_signed_in_session(world, people, open311_key):
    """Open311 is the API key's client, and the endpoint is CSRF-exempt: a browser session
    riding along does not make the resident its reporter, nor move where it lands."""
    d = by_open311("sanitation", session_user=people.resident)
    assert d.reporter_user is None and d.channel == "open311"
    assert landing(d) == landing(by_open311("sanitation"))
    assert d.needs_city_dispatch


def test_a_grid_worker_gets_the_same_channel_and_desk_by_web_and_api(world, people):
    for code in ("sanitation", "municipal"):
        web, api = by_web(people.grid1, code), by_api(people.grid1, code)
        assert web.channel == api.channel == "grid_worker"
        assert landing(web) == landing(api)
        assert web.needs_city_dispatch and api.needs_city_dispatch
        assert web.reporter_user is None and api.reporter_user is None


def test_a_point_inside_a_grid_is_not_moved_by_the_user(world, people):
    """The fallback is for a point outside every grid only: inside one, the grid decides."""
    lat, lng = inside(2)  # grid 3, in 内工大社区; the resident lives in 乌兰社区
    c = APIClient()
    c.force_authenticate(people.resident)
    r = c.post(
        "/api/v1/demands/",
        {"category": "sanitation", "description": "垃圾满了", "lat": lat, "lng": lng},
        format="json",
    )
    d = Demand.objects.get(pk=r.json()["id"])
    assert d.grid == world.grid3 and d.community == world.community2
