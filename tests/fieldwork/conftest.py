"""Fixtures for field work: a grid worker per grid, a clock, a JSON client."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from banshi.demands import deadlines

NOW = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()


@pytest.fixture
def worker1(world, make_user):
    return make_user("worker1", "grid_worker", grid=world.grid1)


@pytest.fixture
def worker2(world, make_user):
    return make_user("worker2", "grid_worker", grid=world.grid2)


def uid() -> str:
    return str(uuid.uuid4())


def post_json(client: Client, url: str, data: dict):
    return client.post(url, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def client1(worker1):
    c = Client()
    c.force_login(worker1)
    return c
