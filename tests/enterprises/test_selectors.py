"""The enterprise selectors read through the user's scope: a grid worker sees their grid's
enterprises and rider stations, never another grid's, whatever the filter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.enterprises.models import Enterprise, RiderStation
from banshi.enterprises.selectors import enterprise_get, enterprise_list, rider_station_list
from banshi.organizations.services import organization_create
from tests.web.conftest import civic, credit_code  # noqa: F401


@pytest.fixture
def worker(world, make_user):
    return make_user("gw1", "grid_worker", grid=world.grid1)


@pytest.fixture
def grid3_org(world, civic):  # noqa: F811
    """A grid 3 enterprise with its own party organization, and a rider station there."""
    branch = organization_create(
        name="塞外科技党支部", kind="branch", parent=civic.neigong, region=world.community2
    )
    ent = Enterprise.objects.create(
        name="塞外科技有限公司",
        credit_code=credit_code(9),
        grid=world.grid3,
        party_org_status=Enterprise.PartyOrgStatus.OWN,
        party_organization=branch,
    )
    station = RiderStation.objects.create(name="内工大红蜂驿站", grid=world.grid3)
    return branch, ent, station


def test_the_street_sees_every_enterprise(world, make_user, civic, grid3_org):  # noqa: F811
    street = make_user("street", "street", region=world.street)
    assert set(enterprise_list(user=street)) == set(Enterprise.objects.all())
    assert set(rider_station_list(user=street)) == set(RiderStation.objects.all())


def test_a_grid_worker_sees_only_their_grids_enterprises(worker, civic, grid3_org):  # noqa: F811
    branch, ent, _station = grid3_org
    assert list(enterprise_list(user=worker)) == [civic.ent_own]
    for status, expected in (("own", [civic.ent_own]), ("none", []), ("joint", [])):
        assert list(enterprise_list(user=worker, status=status)) == expected, status
    assert list(enterprise_list(user=worker, organization=branch)) == []
    assert list(enterprise_list(user=worker, organization=civic.branch1)) == [civic.ent_own]
    for other in (civic.ent_instructed, civic.ent_none, ent):
        with pytest.raises(Enterprise.DoesNotExist):
            enterprise_get(user=worker, pk=other.pk)
    assert enterprise_get(user=worker, pk=civic.ent_own.pk) == civic.ent_own


def test_a_grid_worker_sees_only_their_grids_rider_stations(worker, civic, grid3_org):  # noqa: F811
    assert list(rider_station_list(user=worker)) == [civic.station]


def test_an_instructor_sees_the_enterprises_they_instruct(make_user, civic, grid3_org):  # noqa: F811
    user = make_user("instructor", "instructor", resident=civic.instructor)
    assert list(enterprise_list(user=user)) == [civic.ent_instructed]
    assert list(rider_station_list(user=user)) == []


def test_listing_costs_one_query(world, make_user, civic, grid3_org):  # noqa: F811
    street = make_user("street", "street", region=world.street)
    enterprise_list(user=street).count()  # the scope is computed once per user
    with CaptureQueriesContext(connection) as ctx:
        rows = [
            (e.grid.name, e.instructor.name if e.instructor else "", e.party_organization)
            for e in enterprise_list(user=street)
        ]
        stations = [s.grid.name for s in rider_station_list(user=street)]
    assert len(rows) == 4 and len(stations) == 2
    assert len(ctx.captured_queries) == 2
