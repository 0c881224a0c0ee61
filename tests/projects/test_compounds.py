"""Merging compounds as a change of the territory: the buildings of the compounds named
move to the new compound; no building, household or resident is created or deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.people.models import Resident
from banshi.projects import services
from banshi.projects.services.compounds import compound_names
from banshi.territory.models import Building, Household

from .conftest import D


@pytest.fixture
def compounds(world):
    Building.objects.filter(grid=world.grid1).update(name="粮油小区1号楼")
    Building.objects.filter(grid=world.grid2).update(name="画报社小区1号楼")
    for n in (2, 3):
        Building.objects.create(grid=world.grid2, number=f"{n}号楼", name=f"教育局宿舍{n}号楼")
    return world


def test_the_merge_moves_buildings_and_keeps_them(compounds, project, users):
    world = compounds
    before = (Building.objects.count(), Household.objects.count(), Resident.objects.count())
    merge = services.compounds_merge(
        region=world.community,
        names=["粮油小区", "画报社小区"],
        new_name="乌兰社区合一小区",
        on=D(2026, 10, 1),
        project=project,
        user=users.community,
    )
    assert sorted(merge.moves.values_list("old_name", flat=True)) == ["画报社小区", "粮油小区"]
    assert (Building.objects.count(), Household.objects.count(), Resident.objects.count()) == before
    names = compound_names(Building.objects.filter(grid__community=world.community))
    assert sorted(set(names.values())) == ["乌兰社区合一小区", "教育局宿舍"]
    # a later merge takes the merged compound along
    again = services.compounds_merge(
        region=world.community,
        names=["乌兰社区合一小区", "教育局宿舍"],
        new_name="乌兰家园",
        on=D(2026, 11, 1),
        user=users.street,
    )
    assert again.moves.count() == 4
    names = compound_names(Building.objects.filter(grid__community=world.community))
    assert set(names.values()) == {"乌兰家园"}


def test_bad_merges_are_refused(compounds, project, users):
    world = compounds

    def merge(**kw):
        args = {
            "region": world.community,
            "names": ["粮油小区", "画报社小区"],
            "new_name": "合一小区",
            "on": D(2026, 10, 1),
            "user": users.community,
        }
        return services.compounds_merge(**{**args, **kw})

    with pytest.raises(ValidationError, match="没有小区：协作办"):
        merge(names=["粮油小区", "协作办"])
    with pytest.raises(ValidationError, match="至少选择两个"):
        merge(names=["粮油小区", "粮油小区"])
    with pytest.raises(ValidationError, match="请填写合并后名称"):
        merge(new_name="")
    with pytest.raises(ValidationError, match="请选择社区"):
        merge(region=world.street)
    with pytest.raises(PermissionDenied):
        merge(user=users.other)
    with pytest.raises(ValidationError, match="不属于该社区"):
        merge(region=world.community2, names=["a", "b"], user=users.street, project=project)
