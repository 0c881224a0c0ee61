"""Fixtures for the Open311 tests: the official schemas (../shared/open311, loaded at test
time), a validator for every answer, an API key, and a client."""

import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from django.core.cache import cache
from django.test import Client
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from banshi.demands import deadlines
from banshi.open311.services import open311_key_create
from tests.conftest import LAT0, LNG0, STEP

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "open311"
SCHEMA_FILES = (
    "request.json",
    "requests.json",
    "service.json",
    "services.json",
    "service-definition.json",
    "swagger.json",
)
API_KEY = "test-open311-key-0123"


def inside(i: int) -> tuple[float, float]:
    """(lat, lng) of the centre of the world's i-th grid square."""
    return LAT0 + STEP / 2, LNG0 + i * STEP + STEP / 2


class Schemas:
    def __init__(self, root: Path):
        self.raw = {name: json.loads((root / name).read_text()) for name in SCHEMA_FILES}
        resources = [
            (name, Resource.from_contents(doc, default_specification=DRAFT4))
            for name, doc in self.raw.items()
        ]
        self.registry = Registry().with_resources(resources)
        self.swagger = self.raw["swagger.json"]

    def _validate(self, instance, schema) -> None:
        jsonschema.Draft4Validator(
            schema, registry=self.registry, format_checker=jsonschema.FormatChecker()
        ).validate(instance)

    def file(self, name: str, instance) -> None:
        """Validate against one of the JSON schema files (by name, refs resolved)."""
        self._validate(instance, {"$ref": name})

    def definition(self, name: str, instance) -> None:
        """Validate against a definition of swagger.json."""
        self._validate(instance, {"$ref": f"swagger.json#/definitions/{name}"})

    def response(self, path: str, method: str, status: int, instance) -> None:
        """Validate against the response schema swagger.json gives for the operation."""
        schema = self.swagger["paths"][path][method]["responses"][str(status)]["schema"]
        # The fragment's refs point into swagger.json.
        self._validate(instance, _rebase(schema))


def _rebase(schema):
    if isinstance(schema, dict):
        return {
            k: (f"swagger.json{v}" if k == "$ref" and v.startswith("#") else _rebase(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(v) for v in schema]
    return schema


@pytest.fixture(scope="session")
def schemas():
    if not SCHEMAS.is_dir():
        message = f"Open311 schemas not found at {SCHEMAS}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Schemas(SCHEMAS)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_caches(settings):
    """Deadline rules and rate-limit counters must not leak between tests."""
    settings.BANSHI_OPEN311_RATE = {"GET": 10_000, "POST": 10_000}
    deadlines.clear_cache()
    cache.clear()
    yield
    deadlines.clear_cache()
    cache.clear()


@pytest.fixture
def api_key(db):
    open311_key_create(name="测试客户端", key=API_KEY)
    return API_KEY


@pytest.fixture
def client():
    return Client()


def xml_as_data(body: bytes):
    """An Open311 XML answer as the JSON structure it should match: lists of items for
    the repeated elements, text for the leaves."""
    root = ET.fromstring(body)
    return root.tag, _element(root)


_LISTS = {"services", "service_requests", "errors", "attributes", "values"}


def _element(element):
    if element.tag in _LISTS:
        return [_element(child) for child in element]
    if len(element):
        return {child.tag: _element(child) for child in element}
    return element.text or ""


def as_text(value):
    """A JSON document with every leaf as the text XML would carry."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
