"""A grid worker sees their grid's residents and nothing else — web pages, search, export,
map layers, the API and the admin — and another grid's resident answers 404 everywhere."""

import io
import json

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

OWN = {"居民1", "居民2"}
OTHERS = {"居民3", "居民4", "居民5", "居民6"}


@pytest.fixture
def worker(world, make_user):
    user = make_user("wg1", "grid_worker", grid=world.grid1)
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(codename="view_resident", content_type__app_label="people")
    )
    return user


@pytest.fixture
def web(client, worker):
    client.force_login(worker)
    return client


def names_in(text: str) -> set[str]:
    return {n for n in OWN | OTHERS if n in text}


def url_or_skip(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"route {name} is not there yet")


def test_resident_list_and_search(web, world):
    url = url_or_skip("resident_list")
    for query in ({}, {"q": "居民"}, {"q": "jumin"}, {"q": "jm"}):
        r = web.get(url, query)
        assert r.status_code == 200, query
        assert names_in(r.content.decode()) == OWN, query


def test_roster_export(web, world):
    url = url_or_skip("roster_export", world.community.code)
    r = web.get(url)
    if r.status_code == 404:
        # The region page is not in a grid worker's scope; neither then is its roster.
        return
    assert r.status_code == 200
    body = b"".join(r.streaming_content) if r.streaming else r.content
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    text = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert names_in(text) == OWN


def test_map_layers(web, world):
    own = web.get(url_or_skip("grid_geojson", world.grid1.code))
    assert own.status_code == 200
    codes = {f["properties"].get("code") for f in own.json()["features"]}
    assert world.grid2.code not in codes and world.grid3.code not in codes
    region = web.get(url_or_skip("region_grids_geojson", world.community.code))
    if region.status_code == 200:
        assert {f["properties"]["code"] for f in region.json()["features"]} == {world.grid1.code}
    else:
        assert region.status_code == 404
    assert web.get(reverse("grid_geojson", args=[world.grid2.code])).status_code == 404


def test_api_list(web, world):
    r = web.get("/api/v1/residents/")
    assert {row["name"] for row in r.json()["results"]} == OWN


def test_admin_changelist(web, world):
    r = web.get("/admin/people/resident/")
    assert r.status_code == 200
    assert {str(o) for o in r.context["cl"].result_list} == OWN
    r = web.get("/admin/people/resident/", {"q": "居民"})
    assert {str(o) for o in r.context["cl"].result_list} == OWN


def test_other_grid_resident_is_404_everywhere(web, world):
    other = world.residents[world.grid2.code][0]
    urls = [
        f"/api/v1/residents/{other.pk}/",
        f"/admin/people/resident/{other.pk}/change/",
        f"/admin/people/resident/{other.pk}/history/",
    ]
    try:
        urls.append(reverse("resident_detail", args=[other.pk]))
    except NoReverseMatch:
        pass
    for url in urls:
        r = web.get(url)
        assert r.status_code == 404, url
        assert other.name not in r.content.decode()
    # The same pages answer for the worker's own resident.
    own = world.residents[world.grid1.code][0]
    assert web.get(f"/api/v1/residents/{own.pk}/").status_code == 200
    assert web.get(f"/admin/people/resident/{own.pk}/change/").status_code == 200


def test_api_figures_count_only_the_grid(web, world):
    # The grid worker cannot open the region itself…
    assert web.get(f"/api/v1/regions/{world.community.code}/").status_code == 404
    # …and the API's grid list holds their grid alone.
    r = web.get("/api/v1/grids/")
    assert [g["code"] for g in json.loads(r.content)["results"]] == [world.grid1.code]
