import re

import pytest
from django.urls import reverse

from banshi.core import figures
from banshi.dashboards.selectors import structure_keys
from banshi.territory.models import CommercialOutlet


def url(region, key):
    return reverse("figure_detail", args=[region.code, key])


@pytest.mark.parametrize("key", structure_keys(3))
def test_every_figure_lists_its_records(login, street_user, world, civic, key):
    response = login(street_user).get(url(world.street, key))
    assert response.status_code == 200
    assert "暂无记录" not in response.content.decode()


def test_resident_records_are_masked_and_linked(login, street_user, world):
    html = login(street_user).get(url(world.street, "residents")).content.decode()
    for residents in world.residents.values():
        for r in residents:
            assert reverse("resident_detail", args=[r.pk]) in html
            assert r.id_number_masked in html
            assert r.id_number not in html
            assert r.phone not in html
    assert "共 6 条记录" in html


def test_records_are_scoped_to_the_viewer(login, community_user, world):
    html = login(community_user).get(url(world.community, "residents")).content.decode()
    inside = {r.pk for g in (world.grid1, world.grid2) for r in world.residents[g.code]}
    outside = {r.pk for r in world.residents[world.grid3.code]}
    for pk in inside:
        assert reverse("resident_detail", args=[pk]) in html
    for pk in outside:
        assert reverse("resident_detail", args=[pk]) not in html


def test_coverage_rates_list_the_enterprises_behind_them(login, street_user, world, civic):
    client = login(street_user)
    work = client.get(url(world.street, "work_coverage_rate")).content.decode()
    assert civic.ent_own.name in work and civic.ent_instructed.name in work
    assert civic.ent_none.name not in work
    org = client.get(url(world.street, "org_coverage_rate")).content.decode()
    assert civic.ent_own.name in org
    assert civic.ent_instructed.name not in org and civic.ent_none.name not in org


def test_building_heads_list_the_roles(login, street_user, world, civic):
    html = login(street_user).get(url(world.street, "building_heads")).content.decode()
    assert reverse("resident_detail", args=[civic.building_head.resident_id]) in html
    assert "楼栋长" in html


def test_unknown_figure_and_foreign_region_answer_404(login, street_user, world):
    client = login(street_user)
    assert client.get(url(world.street, "no_such_figure")).status_code == 404
    assert client.get(url(world.other_district, "residents")).status_code == 404
    assert "no_such_figure" not in figures.registry.figures


def test_records_are_paginated(login, street_user, world):
    CommercialOutlet.objects.bulk_create(
        [CommercialOutlet(name=f"网点{i:03d}", kind="零售", grid=world.grid1) for i in range(55)]
    )
    client = login(street_user)
    first = client.get(url(world.street, "commercial_outlets")).content.decode()
    second = client.get(url(world.street, "commercial_outlets") + "?page=2").content.decode()
    rows = re.compile(r"网点\d{3}")
    assert len(rows.findall(first)) == 50
    assert len(rows.findall(second)) == 5
    assert "共 55 条记录" in first
    assert 'href="?page=2"' in first
    # A page out of range shows the last page rather than an error.
    assert client.get(url(world.street, "commercial_outlets") + "?page=99").status_code == 200
