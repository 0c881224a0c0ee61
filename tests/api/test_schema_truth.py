"""The OpenAPI schema tells the truth: real answers of the API validate against what the
schema documents for their status code, fields that come back null or "" are documented
so, every error answer is documented and JSON (a malformed or oversized body, an unknown
address under /api/), and the patterns the schema gives agree with the validation."""

import json
import re

import jsonschema
import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.generators import SchemaGenerator

from banshi.api.views import REGION_CODE_PATTERN
from banshi.demands.api import _UNIT_PATTERN
from banshi.demands.models import Demand
from banshi.demands.units import HandlingUnit, UnitError
from banshi.territory.codes import validate_region_code
from tests.demands.conftest import inside

DEMANDS = "/api/v1/demands/"


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


def _nullable_to_json_schema(node):
    """OpenAPI 3.0's `nullable` in the JSON Schema jsonschema reads."""
    if isinstance(node, list):
        return [_nullable_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _nullable_to_json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def check(schema, path: str, method: str, response) -> None:
    """The response validates against the schema documented for its status code."""
    documented = schema["paths"][path][method]["responses"]
    code = str(response.status_code)
    assert code in documented, f"{method.upper()} {path}: {code} is not documented"
    assert response["Content-Type"].startswith("application/json")
    body_schema = documented[code]["content"]["application/json"]["schema"]
    root = {"components": _nullable_to_json_schema(schema["components"]), **body_schema}
    jsonschema.Draft7Validator(root).validate(response.json())


def component(schema, name: str) -> dict:
    return schema["components"]["schemas"][name]


@pytest.fixture
def street(world, make_user):
    return make_user("jd", "street", region=world.street)


def _create(client, **extra):
    body = {"category": "sanitation", "description": "楼道里堆满了垃圾", **extra}
    return client.post(DEMANDS, body, format="json")


def test_demand_list_answers_the_paginated_shape_it_documents(api, schema, street):
    client = api(street)
    lat, lng = inside(0)
    assert _create(client, lat=lat, lng=lng).status_code == 201
    assert _create(client).status_code == 201  # no location: no grid
    r = client.get(DEMANDS)
    assert set(r.json()) == {"count", "next", "previous", "results"}
    assert r.json()["count"] == 2
    check(schema, DEMANDS, "get", r)
    listed = schema["paths"][DEMANDS]["get"]
    assert listed["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedDemandList"
    }
    assert "page" in {p["name"] for p in listed["parameters"]}
    # …and the shape is checked: a single demand where the page is documented would fail.
    with pytest.raises(jsonschema.ValidationError):
        root = {"components": _nullable_to_json_schema(schema["components"])}
        root["$ref"] = "#/components/schemas/PaginatedDemandList"
        jsonschema.Draft7Validator(root).validate(r.json()["results"][0])


def test_created_and_detail_answers_match_their_schemas(api, schema, street):
    client = api(street)
    created = _create(client)
    check(schema, DEMANDS, "post", created)
    body = created.json()
    assert body["grid"] is None and body["merged_into"] is None and body["rating"] == ""
    detail = client.get(f"{DEMANDS}{body['id']}/")
    check(schema, "/api/v1/demands/{id}/", "get", detail)


def test_null_and_blank_fields_are_documented(schema):
    for name, field in [("Region", "parent"), ("Demand", "grid"), ("Demand", "merged_into")]:
        assert component(schema, name)["properties"][field].get("nullable") is True, field
    rating = _nullable_to_json_schema(component(schema, "Demand")["properties"]["rating"])
    root = {"components": _nullable_to_json_schema(schema["components"]), **rating}
    for value in ["", *Demand.Rating.values]:
        jsonschema.Draft7Validator(root).validate(value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(root).validate("great")


def test_region_answers_match_their_schema(api, schema, world, make_user):
    admin = make_user("admin", "system_admin")
    r = api(admin).get("/api/v1/regions/")
    assert any(row["parent"] is None for row in r.json()["results"])  # the city
    check(schema, "/api/v1/regions/", "get", r)
    detail = api(admin).get(f"/api/v1/regions/{world.city.code}/")
    check(schema, "/api/v1/regions/{code}/", "get", detail)


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        (DEMANDS, "get", {"400", "401", "403", "404"}),
        (DEMANDS, "post", {"400", "401", "403", "413", "415", "422"}),
        ("/api/v1/demands/{id}/", "get", {"401", "403", "404"}),
        ("/api/v1/demands/{id}/{action}/", "post", {"400", "401", "403", "404", "409", "413"}),
        ("/api/v1/grids/", "get", {"400", "401", "404"}),
        ("/api/v1/auth/token/", "post", {"400", "413", "415", "429"}),
    ],
)
def test_error_answers_are_documented(schema, path, method, codes):
    responses = schema["paths"][path][method]["responses"]
    assert codes <= set(responses)
    shapes = {"Error", "ValidationError", "Conflict", "IdempotencyConflict"}
    for code in codes:
        ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
        assert ref.rsplit("/", 1)[1] in shapes
    # gunicorn refuses a request line past 4094 bytes with its own HTML page.
    assert set(responses["414"]["content"]) == {"text/html"}


def test_error_answers_match_their_schemas(api, schema, world, people_for_actions):
    street, demand = people_for_actions
    client = api(street)
    check(schema, DEMANDS, "post", _create(client, category=""))  # 400, field → messages
    check(schema, DEMANDS, "get", client.get(DEMANDS, {"unit": "x"}))  # 400, detail
    check(schema, DEMANDS, "get", client.get(DEMANDS, {"page": 99}))  # 404
    check(schema, "/api/v1/demands/{id}/", "get", client.get(f"{DEMANDS}987654/"))
    action = "/api/v1/demands/{id}/{action}/"
    conflict = client.post(f"{DEMANDS}{demand.pk}/rate/", {}, format="json")
    assert conflict.status_code == 409 and conflict.json()["state"] == demand.state
    check(schema, action, "post", conflict)
    check(schema, DEMANDS, "get", api().get(DEMANDS))  # 401


@pytest.fixture
def people_for_actions(world, make_user, api):
    street = make_user("jd", "street", region=world.street)
    created = _create(api(street))
    return street, Demand.objects.get(pk=created.json()["id"])


def test_a_malformed_json_body_is_a_json_400_in_chinese(api, street):
    r = api(street).post(DEMANDS, data="{bad", content_type="application/json")
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["detail"] == "请求体不是有效的JSON"
    assert Demand.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (json.dumps({"category": "sanitation", "description": "x" * 3000}), "application/json"),
        ("description=" + "x" * 3000, "application/x-www-form-urlencoded"),
    ],
)
def test_an_oversized_body_is_a_json_413(api, street, settings, data, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    r = api(street).post(DEMANDS, data=data, content_type=content_type)
    assert r.status_code == 413
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["detail"] == "请求体过大"
    assert Demand.objects.count() == 0


def test_too_many_form_fields_is_a_json_400(api, street, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    body = "&".join(f"f{i}=1" for i in range(10))
    r = api(street).post(DEMANDS, data=body, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400 and r.json()["detail"] == "请求体无法解析"


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/nothing", "/api/v2/demands/"])
def test_an_unknown_api_address_is_a_json_404(api, db, path):
    for method in ("get", "post"):
        r = getattr(api(), method)(path)
        assert r.status_code == 404, (method, path)
        assert r.json() == {"detail": "接口不存在"}


def test_the_missing_slash_is_still_added_for_reads(api, street):
    r = api(street).get("/api/v1/regions", {"page": 1})
    assert r.status_code == 301 and r["Location"] == "/api/v1/regions/?page=1"
    post = api(street).post("/api/v1/demands", {}, format="json")
    assert post.status_code == 404 and "“/”" in post.json()["detail"]


@pytest.mark.parametrize("query", ["page=1&page=2", "page="])
def test_a_page_is_one_integer(api, street, query):
    r = api(street).get(f"{DEMANDS}?{query}")
    assert r.status_code == 404 and r.json()["detail"]


def test_unknown_filters_are_refused(api, street):
    client = api(street)
    assert client.get(DEMANDS, {"state": "teleported"}).status_code == 400
    # A department id past 64 bits was a 500 (the database cannot compare it).
    r = client.get(DEMANDS, {"unit": "department:" + "9" * 25})
    assert r.status_code == 400 and "无效的单位" in r.json()["detail"]


REGION_CODES = [
    "150105001000",
    "150100000000",
    "150105000000",
    "150105001001",
    "150000000000",  # no city
    "150100001000",  # a street without a district
    "150105000001",  # a village without a street
    "15010500100",
    "1501050010000",
    "15010500100a",
    "１５０１０５００１０００",  # full-width digits
    " 150105001000",
]


@pytest.mark.parametrize("code", REGION_CODES)
def test_the_region_pattern_is_the_validation(api, street, code):
    try:
        validate_region_code(code)
        valid = code.isascii()
    except DjangoValidationError:
        valid = False
    assert bool(re.fullmatch(REGION_CODE_PATTERN, code)) is valid
    r = api(street).get("/api/v1/grids/", {"region": code})
    assert r.status_code == (200 if valid else 400)


@pytest.mark.parametrize(
    "key",
    [
        "department:3",
        "department:" + "9" * 18,
        "department:" + "9" * 19,
        "grid:150105001001001",
        "community:150105001001",
        "street:150105001",
        "district:150105",
        "community:15010500100",
        "community:１５０１０５００１００１",
        "city:150100",
        "x",
    ],
)
def test_the_unit_pattern_is_the_validation(key):
    try:
        HandlingUnit.from_key(key)
        valid = True
    except UnitError:
        valid = False
    assert bool(re.fullmatch(_UNIT_PATTERN, key)) is valid


def test_a_username_no_account_can_have_is_refused_before_the_lockout(api, db):
    # A control character made the lockout records fail (a 500) at the second attempt.
    for _ in range(2):
        r = api().post(
            "/api/v1/auth/token/", {"username": "a\x07b", "password": "x"}, format="json"
        )
        assert r.status_code == 400 and "用户名" in r.json()["username"][0]


def test_a_number_where_text_is_documented_is_refused(api, street):
    # DRF's CharField would have stored 0 as "0"; the schema says a string.
    r = _create(api(street), reporter_name=0)
    assert r.status_code == 400 and r.json()["reporter_name"] == ["请填写文字"]
    assert Demand.objects.count() == 0


def test_merge_takes_the_main_demand_as_a_number_as_documented(api, schema, street):
    client = api(street)
    main, other = (_create(client).json() for _ in range(2))
    documented = component(schema, "Action")["properties"]["into"]["oneOf"]
    assert {"type": "integer", "minimum": 1} in documented
    r = client.post(f"{DEMANDS}{other['id']}/merge/", {"into": main["id"]}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["merged_into"] == main["tracking_code"]
    check(schema, "/api/v1/demands/{id}/{action}/", "post", r)
