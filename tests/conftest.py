"""Shared fixtures: a small world (city → district → street → 2 communities → 3 grids with
square boundaries, buildings, units, households, residents) and users bound to its nodes."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

from banshi.access.models import RoleAssignment
from banshi.people.identity import check_digit
from banshi.people.services import resident_create
from banshi.territory.models import Building, Grid, Household, Region, Unit


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path_factory):
    """Roster uploads and reports go to a folder of the test run, not the checkout's."""
    settings.BANSHI_PRIVATE_ROOT = tmp_path_factory.getbasetemp() / "private"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 at its production cost takes ~0.2 s a hash, and most tests make several users
    and log them in: the suite hashes with MD5. tests/access/test_passwords.py puts the
    production hashers back where hashing is what it tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _figures_counted_live(settings):
    """Tests write and then read the figures they wrote: every figure is counted from the
    records, none read from a snapshot (tests/dashboards/test_snapshots.py turns them on)."""
    settings.BANSHI_FIGURE_SNAPSHOT_LEVELS = ()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request that switched to English
    leaves the thread's active language behind, and the next test on the same worker
    would see English messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Around 大学东路, Hohhot (lng, lat).
LNG0, LAT0 = 111.700, 40.810
STEP = 0.004


def square(i: int, j: int = 0) -> dict:
    x0, y0 = LNG0 + i * STEP, LAT0 + j * STEP
    ring = [[x0, y0], [x0 + STEP, y0], [x0 + STEP, y0 + STEP], [x0, y0 + STEP], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_id_number(seq: int, *, place: str = "150105", birth: str = "19900101") -> str:
    first17 = f"{place}{birth}{seq % 1000:03d}"
    return first17 + check_digit(first17)


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
    w.district = Region.objects.create(
        code="150105000000", name="赛罕区", kind="district", parent=w.city
    )
    w.other_district = Region.objects.create(
        code="150102000000", name="新城区", kind="district", parent=w.city
    )
    w.street = Region.objects.create(
        code="150105001000", name="大学东路街道", kind="street", parent=w.district
    )
    w.community = Region.objects.create(
        code="150105001001", name="乌兰社区", kind="community", parent=w.street
    )
    w.community2 = Region.objects.create(
        code="150105001002", name="内工大社区", kind="community", parent=w.street
    )
    w.grid1 = Grid.objects.create(
        code="150105001001001", name="乌兰社区第一网格", community=w.community, boundary=square(0)
    )
    w.grid2 = Grid.objects.create(
        code="150105001001002", name="乌兰社区第二网格", community=w.community, boundary=square(1)
    )
    w.grid3 = Grid.objects.create(
        code="150105001002001",
        name="内工大社区第一网格",
        community=w.community2,
        boundary=square(2),
    )
    w.households = {}
    w.residents = {}
    seq = 0
    for grid in (w.grid1, w.grid2, w.grid3):
        b = Building.objects.create(grid=grid, number="1号楼", lat=LAT0, lng=LNG0)
        u = Unit.objects.create(building=b, number="1单元")
        hs = []
        for door in ("101", "102"):
            h = Household.objects.create(
                grid=grid,
                building=b,
                unit=u,
                door_number=door,
                address=f"{grid.name}1号楼1单元{door}",
            )
            hs.append(h)
            seq += 1
            r = resident_create(
                name=f"居民{seq}",
                id_number=make_id_number(seq),
                phone=f"1380471{seq:04d}",
                household=h,
                relation_to_head="head",
            )
            w.residents.setdefault(grid.code, []).append(r)
        w.households[grid.code] = hs
    return w


@pytest.fixture
def make_user(db):
    def _make(username: str, role: str | None = None, **node):
        user = get_user_model().objects.create_user(username=username, password="Banshi-test-1")
        if role:
            RoleAssignment.objects.create(user=user, role=role, **node)
        return user

    return _make


@pytest.fixture
def today():
    return datetime.date(2026, 11, 27)


def _restore_seeded_rows() -> None:
    from banshi.demands.defaults import ensure_defaults
    from banshi.demands.models import Category

    if not Category.objects.exists():
        ensure_defaults()


@pytest.fixture
def db(db):
    """pytest-django's `db`, plus the demand taxonomy that migration 0002 seeds: a
    transactional test (browser tests, the concurrent-signing test) flushes every table at its
    end, seeded rows included, and a later test on the same worker would find none."""
    _restore_seeded_rows()
    return db


@pytest.fixture
def transactional_db(transactional_db):
    _restore_seeded_rows()
    # The cache table is no model's, so the flush keeps it: figures cached by an earlier
    # test's world (home tiles, trends, maps) must not show in this one's.
    cache.clear()
    return transactional_db
