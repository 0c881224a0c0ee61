"""The 拆墙并院 demo on a small world whose 乌兰社区 has buildings of the five compounds:
the seed's deliverables, finished, the five compounds merged into one over the same
buildings (nothing of the territory or the population created or deleted), feedback only
from households of those buildings; fast, and the same twice."""

import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.people.models import Resident
from banshi.people.services import resident_create
from banshi.projects.demo import COMPOUNDS, build_demo_projects
from banshi.projects.models import CompoundMerge, Project, ProjectFeedback
from banshi.projects.services.compounds import compound_names
from banshi.territory.models import Building, Household
from tests.conftest import make_id_number

NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 9, 0))
SEED = {
    "五个小区合并为一个": (Decimal(5), "个"),
    "规划停车位": (Decimal(68), "个"),
    "门禁及停车道闸": (Decimal(3), "套"),
    "新增绿地": (Decimal(700), "m²"),
    "新时代文明实践室": (Decimal(1), "间"),
    "阅览室": (Decimal(1), "间"),
    "老年活动室": (Decimal(1), "间"),
}


@pytest.fixture
def compounds(world):
    Building.objects.filter(grid=world.grid1).update(name="粮油小区1号楼")
    seq = 100
    for grid, number, compound in (
        (world.grid1, "2号楼", "画报社小区"),
        (world.grid1, "3号楼", "二轻工艺美术小区"),
        (world.grid2, "2号楼", "教育局宿舍"),
        (world.grid2, "3号楼", "协作办小区"),
        (world.grid2, "4号楼", "其他小区"),
    ):
        b = Building.objects.create(grid=grid, number=number, name=f"{compound}{number}")
        for door in ("101", "102", "201"):
            h = Household.objects.create(grid=grid, building=b, door_number=door)
            seq += 1
            resident_create(
                name=f"住户{seq}",
                id_number=make_id_number(seq),
                household=h,
                relation_to_head="head",
            )
    return world


def test_the_demo_reproduces_the_seed(compounds):
    world = compounds
    before = (Building.objects.count(), Household.objects.count(), Resident.objects.count())
    started = time.monotonic()
    counts = build_demo_projects(seed=7, now=NOW)
    assert time.monotonic() - started < 3
    assert (Building.objects.count(), Household.objects.count(), Resident.objects.count()) == before
    project = Project.objects.get()
    assert project.title == "拆墙并院" and project.region == world.community
    assert project.status == "finished" and project.finished_on is not None
    got = {d.name: (d.target, d.unit) for d in project.deliverables.all()}
    assert {k: got[k] for k in SEED} == SEED
    assert {"拆除院墙", "清理卫生死角", "地面硬化", "安装健身器材"} <= set(got)
    assert project.progress() == 1
    assert all(d.measured == d.target for d in project.deliverables.all())
    # the place: every building of the five compounds, none other
    place = set(project.buildings.values_list("name", flat=True))
    assert len(place) == 5 and not any(n.startswith("其他") for n in place)
    merge = CompoundMerge.objects.get()
    assert merge.merged_names == COMPOUNDS and merge.project == project
    assert merge.moves.count() == 5 == counts["merged_buildings"]
    names = compound_names(Building.objects.filter(grid__community=world.community))
    assert set(names.values()) - {""} == {merge.new_name, "其他小区"}
    feedback = ProjectFeedback.objects.all()
    assert feedback.count() == counts["feedback"] > 0
    assert set(feedback.values_list("household__building", flat=True)) <= set(
        project.buildings.values_list("pk", flat=True)
    )
    assert project.spent > 0 and project.spent <= project.budget
    year = Period.year(project.finished_on.year)
    assert figures.get("projects_finished").compute(world.street, year) == 1
    assert figures.get("project_feedback").compute(world.street, year) == feedback.count()

    again = build_demo_projects(seed=7, now=NOW)
    assert again == counts and Project.objects.count() == 1
    assert CompoundMerge.objects.count() == 1


def test_without_the_compounds_nothing_is_built(world):
    assert build_demo_projects(seed=0, now=NOW) == {}
    assert not Project.objects.exists()
