"""Fixtures for the demand tests: people bound to the world's units, a clock, helpers to
submit a demand at a point inside a grid and to walk it through the workflow."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from banshi.access.models import Department
from banshi.demands import deadlines, services
from banshi.demands.models import Category, Demand
from banshi.demands.units import HandlingUnit
from tests.conftest import LAT0, LNG0, STEP

# 2026-11-02 09:00 in Hohhot.
T0 = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


def inside(i: int) -> tuple[float, float]:
    """(lat, lng) of the centre of the world's i-th grid square."""
    return LAT0 + STEP / 2, LNG0 + i * STEP + STEP / 2


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run notification tasks at once (the worker test switches back to the database)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_deadline_rules():
    """The rule cache must not carry rows of one test's (rolled back) transaction into
    the next."""
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def t0():
    return T0


@pytest.fixture
def cat(db):
    def _cat(code: str) -> Category:
        return Category.objects.get(code=code)

    return _cat


@pytest.fixture
def dept(db):
    return Department.objects.create(name="区住建局")


@pytest.fixture
def dept2(db):
    return Department.objects.create(name="区城管局")


class People:
    pass


@pytest.fixture
def people(world, make_user, dept, dept2):
    p = People()
    p.street = make_user("street", "street", region=world.street)
    p.community = make_user("community", "community", region=world.community)
    p.community2 = make_user("community2", "community", region=world.community2)
    p.grid1 = make_user("grid1", "grid_worker", grid=world.grid1)
    p.grid2 = make_user("grid2", "grid_worker", grid=world.grid2)
    p.grid3 = make_user("grid3", "grid_worker", grid=world.grid3)
    p.dept = make_user("dept", "department", department=dept)
    p.dept2 = make_user("dept2", "department", department=dept2)
    p.resident = make_user("resident", "resident", resident=world.residents[world.grid1.code][0])
    p.resident_b = make_user(
        "resident_b", "resident", resident=world.residents[world.grid3.code][0]
    )
    p.nobody = make_user("nobody")
    p.department, p.department2 = dept, dept2
    return p


@pytest.fixture
def submit(world, cat):
    def _submit(
        code: str = "sanitation", *, grid: int = 0, user=None, at=T0, text=None, **kw
    ) -> Demand:
        lat, lng = inside(grid)
        kw.setdefault("lat", lat)
        kw.setdefault("lng", lng)
        intake = services.demand_submit(
            category=cat(code),
            description=text or "楼道里堆满了垃圾，已经三天没有人清运，气味很大",
            channel=kw.pop("channel", Demand.Channel.WEB),
            user=user,
            now=at,
            **kw,
        )
        return intake.demand

    return _submit


def walk(demand, people, *, at, rating="satisfied", hours=(0.5, 1, 5, 6)):
    """sign → start → resolve → rate, by the grid worker and the reporter."""
    handler = _handler_for(demand, people)
    services.demand_sign(demand=demand, user=handler, now=at + datetime.timedelta(hours=hours[0]))
    services.demand_start(demand=demand, user=handler, now=at + datetime.timedelta(hours=hours[1]))
    services.demand_resolve(
        demand=demand,
        user=handler,
        note="已联系物业清运完毕",
        now=at + datetime.timedelta(hours=hours[2]),
    )
    if rating:
        services.demand_rate(
            demand=demand,
            user=people.street,
            rating=rating,
            now=at + datetime.timedelta(hours=hours[3]),
        )
    return demand


def _handler_for(demand, people):
    unit = HandlingUnit.of_demand(demand)
    return {
        "grid:150105001001001": people.grid1,
        "grid:150105001001002": people.grid2,
        "grid:150105001002001": people.grid3,
        "community:150105001001": people.community,
        "community:150105001002": people.community2,
        "street:150105001": people.street,
    }.get(unit.key) or (people.dept if unit.department_id == people.department.pk else people.dept2)


@pytest.fixture
def client_for():
    def _client(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _client
