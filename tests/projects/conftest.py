"""Fixtures for practical-matter projects: in the test world, a running project of 乌兰社区
over the building of its first grid (households 101 and 102), its deliverables, and the
users around it: the community's and the street's staff, another community's, a resident
of the place, a resident of the community who lives elsewhere, a resident of another
community."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from banshi.projects import services
from banshi.territory.models import Building
from tests.web.conftest import login  # noqa: F401 (fixture)

D = datetime.date
AT = timezone.make_aware(datetime.datetime(2026, 11, 10, 9, 0))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def users(world, make_user):
    w = world
    return SimpleNamespace(
        community=make_user("community", "community", region=w.community),
        street=make_user("street", "street", region=w.street),
        other=make_user("community2", "community", region=w.community2),
        grid=make_user("grid1", "grid_worker", grid=w.grid1),
        resident=make_user("resident", "resident", resident=w.residents[w.grid1.code][0]),
        neighbour=make_user("neighbour", "resident", resident=w.residents[w.grid1.code][1]),
        elsewhere=make_user("elsewhere", "resident", resident=w.residents[w.grid2.code][0]),
        outside=make_user("outside", "resident", resident=w.residents[w.grid3.code][0]),
        nobody=make_user("nobody"),
    )


@pytest.fixture
def project(world, users):
    building = Building.objects.get(grid=world.grid1)
    p = services.project_create(
        region=world.community,
        title="拆墙并院",
        starts_on=D(2026, 4, 1),
        due_on=D(2026, 10, 31),
        deliverables=[
            ("规划停车位", "个", "68", 2),
            ("门禁及停车道闸", "套", "3", 1),
            ("新增绿地", "m²", "700", 1),
        ],
        buildings=[building],
        budget="500000",
        user=users.community,
        now=AT,
    )
    services.project_move(project=p, to="running", on=D(2026, 4, 1), user=users.community, now=AT)
    p.refresh_from_db()
    return p


def deliverable(project, name):
    return project.deliverables.get(name=name)
