"""GET /api/v1/residents/ (?search=) and /api/v1/residents/{id}/."""

import json

import pytest

from banshi.people.models import ResidentTag
from banshi.people.services import resident_create
from tests.conftest import make_id_number


@pytest.fixture
def named(world):
    """Residents with real names: 张三丰 in grid 1, 张珊 and 李四 in two households of grid 2."""
    h1 = world.households[world.grid1.code][0]
    h2 = world.households[world.grid2.code][0]
    h2b = world.households[world.grid2.code][1]
    return {
        "zsf": resident_create(name="张三丰", id_number=make_id_number(101), household=h1),
        "zs": resident_create(name="张珊", id_number=make_id_number(102), household=h2),
        "ls": resident_create(
            name="李四", id_number=make_id_number(103), phone="13904711234", household=h2b
        ),
    }


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {r["name"] for r in response.json()["results"]}


def test_grid_worker_lists_only_their_grid(api, world, make_user, named):
    worker = make_user("wg", "grid_worker", grid=world.grid1)
    assert names(api(worker).get("/api/v1/residents/")) == {"居民1", "居民2", "张三丰"}


def test_community_lists_its_grids(api, world, make_user, named):
    community = make_user("sq", "community", region=world.community)
    assert names(api(community).get("/api/v1/residents/")) == {
        "居民1",
        "居民2",
        "居民3",
        "居民4",
        "张三丰",
        "张珊",
        "李四",
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("张", {"张三丰", "张珊"}),
        ("张三", {"张三丰"}),
        ("zhang", {"张三丰", "张珊"}),
        ("zhangsan", {"张三丰"}),  # not 张珊: zhangshan does not start with zhangsan
        ("zhangsh", {"张珊"}),
        ("ZSF", {"张三丰"}),
        ("zs", {"张三丰", "张珊"}),
        ("ls", {"李四"}),
        ("王", set()),
        ("  ", {"居民1", "居民2", "居民3", "居民4", "张三丰", "张珊", "李四"}),
    ],
)
def test_search_by_characters_pinyin_and_initials(api, world, make_user, named, term, expected):
    community = make_user("sq", "community", region=world.community)
    assert names(api(community).get("/api/v1/residents/", {"search": term})) == expected


def test_search_stays_in_scope(api, world, make_user, named):
    worker = make_user("wg", "grid_worker", grid=world.grid1)
    assert names(api(worker).get("/api/v1/residents/", {"search": "zhang"})) == {"张三丰"}
    assert names(api(worker).get("/api/v1/residents/", {"search": "李"})) == set()


def test_detail_is_masked(api, world, make_user, named):
    worker = make_user("wg", "grid_worker", grid=world.grid2)
    li = named["ls"]
    r = api(worker).get(f"/api/v1/residents/{li.pk}/")
    assert r.status_code == 200
    body = r.json()
    assert (
        body["id_number_masked"] == make_id_number(103)[:6] + "********" + make_id_number(103)[-4:]
    )
    assert body["phone_masked"] == "139****1234"
    text = json.dumps(body)
    assert make_id_number(103) not in text
    assert "13904711234" not in text
    assert li.id_number_enc not in text
    assert li.id_number_hash not in text
    assert "birth_date" not in body  # the masked digits of the ID are the birth date
    assert body["grid"] == world.grid2.code


def test_tags_only_for_the_roles_that_serve_them(api, world, make_user, named):
    li = named["ls"]
    ResidentTag.objects.create(resident=li, tag="low_income")
    ResidentTag.objects.create(resident=li, tag="disabled")
    url = f"/api/v1/residents/{li.pk}/"
    worker = make_user("wg", "grid_worker", grid=world.grid2)
    assert api(worker).get(url).json()["tags"] == ["disabled", "low_income"]
    street = make_user("jd", "street", region=world.street)
    assert api(street).get(url).json()["tags"] == ["disabled", "low_income"]
    # The resident sees their own record, without the tags.
    own = make_user("ls", "resident", resident=li)
    r = api(own).get(url)
    assert r.status_code == 200
    assert r.json()["tags"] is None
    # Tags never appear in the list.
    assert "tags" not in api(worker).get("/api/v1/residents/").json()["results"][0]


def test_other_grid_resident_is_404(api, world, make_user, named):
    worker = make_user("wg", "grid_worker", grid=world.grid1)
    for resident in (named["ls"], world.residents[world.grid3.code][0]):
        assert api(worker).get(f"/api/v1/residents/{resident.pk}/").status_code == 404
    assert api(worker).get("/api/v1/residents/999999/").status_code == 404


def test_resident_role_sees_their_household_only(api, world, make_user, named):
    own = named["zs"]  # shares household 1 of grid 2 with 居民3
    user = make_user("zs", "resident", resident=own)
    assert names(api(user).get("/api/v1/residents/")) == {"张珊", "居民3"}


def test_department_role_sees_no_resident(api, world, make_user, named):
    from banshi.access.models import Department

    dept = Department.objects.create(name="住建局")
    user = make_user("bm", "department", department=dept)
    assert names(api(user).get("/api/v1/residents/")) == set()


def test_anonymous_is_refused(api, world):
    assert api().get("/api/v1/residents/").status_code == 401
    pk = world.residents[world.grid1.code][0].pk
    assert api().get(f"/api/v1/residents/{pk}/").status_code == 401


def test_list_query_count_does_not_grow_with_rows(
    api, world, make_user, named, django_assert_max_num_queries
):
    admin = make_user("sa", "system_admin")
    client = api(admin)
    with django_assert_max_num_queries(6):
        client.get("/api/v1/residents/")
