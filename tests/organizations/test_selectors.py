"""The organization selectors read through the user's scope: a grid worker sees the
organizations and members of their grid, never another grid's; reading costs a fixed
number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.organizations.models import PartyOrganization
from banshi.organizations.selectors import (
    member_list,
    organization_children,
    organization_get,
    organization_list,
    organization_tree,
    organization_visible,
)
from banshi.organizations.services import member_admit, organization_create
from tests.web.conftest import civic  # noqa: F401  (organizations, members, enterprises)


@pytest.fixture
def branches(world, civic):  # noqa: F811
    """Grid branches of grid 2 (beside grid 1, same community) and grid 3, with a member."""
    b2 = organization_create(
        name="乌兰社区第二网格党支部", kind="grid_branch", parent=civic.wulan, grid=world.grid2
    )
    b3 = organization_create(
        name="内工大社区第一网格党支部",
        kind="grid_branch",
        parent=civic.neigong,
        grid=world.grid3,
    )
    m2 = member_admit(
        resident=world.residents[world.grid2.code][0],
        organization=b2,
        joined_on=datetime.date(2015, 7, 1),
    )
    return b2, b3, m2


@pytest.fixture
def worker(world, make_user):
    return make_user("gw1", "grid_worker", grid=world.grid1)


def test_the_street_sees_every_organization(world, make_user, civic, branches):  # noqa: F811
    # The control: the organizations the grid worker must not see are there to be seen.
    street = make_user("street", "street", region=world.street)
    assert set(organization_list(user=street)) == set(PartyOrganization.objects.all())


def test_a_grid_worker_sees_only_their_grids_organizations(worker, civic, branches):  # noqa: F811
    b2, b3, _m2 = branches
    own = {civic.branch1, civic.group1}
    assert set(organization_list(user=worker)) == own
    assert set(organization_tree(user=worker)) == own
    for other in (b2, b3, civic.wulan, civic.neigong, civic.top):
        with pytest.raises(PartyOrganization.DoesNotExist):
            organization_get(user=worker, pk=other.pk)
        assert not organization_visible(user=worker, pk=other.pk)
    assert organization_get(user=worker, pk=civic.branch1.pk) == civic.branch1
    assert organization_visible(user=worker, pk=civic.branch1.pk)
    assert not organization_visible(user=worker, pk=None)


def test_children_hold_only_the_grid_workers_grid(worker, civic, branches):  # noqa: F811
    b2, _b3, _m2 = branches
    # Both branches stand under the community committee; the worker sees their own alone.
    assert set(PartyOrganization.objects.filter(parent=civic.wulan)) == {civic.branch1, b2}
    assert list(organization_children(user=worker, organization=civic.wulan)) == [civic.branch1]


def test_members_of_another_grid_stay_hidden(worker, civic, branches):  # noqa: F811
    b2, _b3, m2 = branches
    assert list(member_list(user=worker, organization=b2)) == []
    assert list(member_list(user=worker, organization=civic.neigong)) == []
    subtree = member_list(user=worker, organization=civic.wulan, subtree=True)
    assert list(subtree) == [civic.member1]
    assert m2.organization == b2
    assert list(member_list(user=worker, organization=civic.group1)) == [civic.member1]


def test_a_secretary_sees_their_subtree(make_user, civic, branches):  # noqa: F811
    b2, b3, m2 = branches
    user = make_user("sec", "party_secretary", party_organization=civic.wulan)
    assert set(organization_list(user=user)) == {civic.wulan, civic.branch1, civic.group1, b2}
    assert set(member_list(user=user, organization=civic.wulan, subtree=True)) == {
        civic.member1,
        m2,
    }
    assert not organization_visible(user=user, pk=b3.pk)


def _read(user, org) -> int:
    """Read what the organization pages show; the number of queries it took."""
    seen = []
    with CaptureQueriesContext(connection) as ctx:
        seen += [(o.name, o.member_count, o.depth) for o in organization_tree(user=user)]
        got = organization_get(user=user, pk=org.pk)
        seen.append((got.parent.name, got.region, got.grid, got.building))
        children = organization_children(user=user, organization=org)
        seen += [(c.name, c.member_count) for c in children]
        members = member_list(user=user, organization=org, subtree=True)
        seen += [(m.resident.name, m.resident_id) for m in members]
    assert seen
    return len(ctx.captured_queries)


def test_reading_costs_a_fixed_number_of_queries(world, make_user, civic, branches):  # noqa: F811
    street = make_user("street", "street", region=world.street)
    _read(street, civic.wulan)  # the scope is computed once per user
    before = _read(street, civic.wulan)
    for i, resident in enumerate(
        world.residents[world.grid1.code][1:] + [world.residents[world.grid3.code][1]]
    ):
        org = organization_create(
            name=f"新网格党支部{i}", kind="grid_branch", parent=civic.wulan, grid=world.grid1
        )
        member_admit(resident=resident, organization=org, joined_on=datetime.date(2020, 1, 1))
    assert _read(street, civic.wulan) == before
