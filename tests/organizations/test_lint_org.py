import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from banshi.organizations.lint import structure_problems
from banshi.organizations.models import PartyMember
from banshi.organizations.services import member_admit, organization_create
from banshi.people.services import resident_create
from tests.conftest import make_id_number

D = datetime.date(2020, 7, 1)


def _members(org, n, *, status=PartyMember.Status.FULL, start=100):
    for i in range(n):
        r = resident_create(name=f"党员{start + i}", id_number=make_id_number(start + i))
        member_admit(resident=r, organization=org, joined_on=D, status=status)


def _codes(problems, node_name):
    return {p.code for p in problems if node_name in p.node}


@pytest.fixture
def orgs(world):
    top = organization_create(name="街道党工委", kind="working_committee", region=world.street)
    committee = organization_create(
        name="乌兰社区党委", kind="party_committee", parent=top, region=world.community
    )
    b1 = organization_create(
        name="一网格支部", kind="grid_branch", parent=committee, grid=world.grid1
    )
    return top, committee, b1


def test_small_branch_and_uncovered_grids(orgs, world):
    _top, _committee, b1 = orgs
    _members(b1, 2)
    _members(b1, 3, status=PartyMember.Status.PROBATIONARY, start=200)
    problems = structure_problems(region=world.street)
    assert "few_full_members" in _codes(problems, "一网格支部")
    # grid2 and grid3 have no grid party branch; all three grids hold 2 households, not 300–500.
    assert "grid_no_branch" in _codes(problems, world.grid2.code)
    assert "grid_no_branch" in _codes(problems, world.grid3.code)
    assert "grid_no_branch" not in _codes(problems, world.grid1.code)
    assert sum(p.code == "grid_size" for p in problems) == 3


def test_committee_and_size_thresholds(orgs, world):
    _top, _committee, b1 = orgs
    _members(b1, 7)
    codes = _codes(structure_problems(region=world.community), "一网格支部")
    assert codes == {"no_committee"}
    b1.has_committee = True
    b1.save()
    _members(b1, 44, start=300)  # 51 members
    codes = _codes(structure_problems(region=world.community), "一网格支部")
    assert codes == {"many_members"}
    _members(b1, 50, start=400)  # 101 members
    codes = _codes(structure_problems(region=world.community), "一网格支部")
    assert codes == {"too_many_members"}


def test_region_limits_the_lint(orgs, world):
    problems = structure_problems(region=world.community2)
    assert all(world.community.name not in p.node for p in problems)
    assert {p.code for p in problems} == {"grid_size", "grid_no_branch"}


def test_command_prints_warnings_and_json(orgs, world, capsys):
    call_command("lint_org", "大学东路街道")
    out = capsys.readouterr().out
    assert "警告" in out and world.grid2.code in out
    call_command("lint_org", world.community2.code, "--json")
    rows = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in rows} == {"grid_size", "grid_no_branch"}


def test_command_rejects_unknown_region(world):
    with pytest.raises(CommandError, match="找不到区划"):
        call_command("lint_org", "不存在街道")


def test_village_grid_is_covered_by_the_village_branch(db):
    from banshi.territory.models import Grid, Region

    city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
    county = Region.objects.create(code="150124000000", name="清水河县", kind="county", parent=city)
    town = Region.objects.create(code="150124100000", name="城关镇", kind="town", parent=county)
    village = Region.objects.create(
        code="150124100201", name="台子梁村", kind="village", parent=town
    )
    Grid.objects.create(code="150124100201001", name="台子梁村网格", community=village)
    assert "grid_no_branch" in {p.code for p in structure_problems(region=town)}
    organization_create(name="台子梁村党支部", kind="branch", region=village)
    assert "grid_no_branch" not in {p.code for p in structure_problems(region=town)}
