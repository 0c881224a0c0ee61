import pytest

from banshi.organizations.services import organization_create


@pytest.fixture
def tree(world):
    """Street working committee → two community committees; under the first, grid 1's
    branch and its building group."""
    top = organization_create(name="街道党工委", kind="working_committee", region=world.street)
    c1 = organization_create(
        name="乌兰社区党委", kind="party_committee", parent=top, region=world.community
    )
    c2 = organization_create(
        name="内工大社区党委", kind="party_committee", parent=top, region=world.community2
    )
    g1 = organization_create(name="一网格支部", kind="grid_branch", parent=c1, grid=world.grid1)
    grp = organization_create(
        name="1号楼党小组",
        kind="building_group",
        parent=g1,
        building=world.households[world.grid1.code][0].building,
    )
    return top, c1, c2, g1, grp
