"""GET /healthz: the database, the migrations, the worker's heartbeat and the disk; 200 when
all are ok, 503 otherwise; no login, nothing personal."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from banshi.core.models import WorkerHeartbeat

URL = "/healthz"


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    # As in test_worker: the worker must not close the connection holding the test.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def test_no_heartbeat_is_a_failure(client, db):
    r = client.get(URL)
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"] == "no heartbeat"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["disk"] == "ok"


def test_ok_after_one_worker_round(client, db):
    call_command("worker", "--once", stdout=StringIO())
    r = client.get(URL)
    assert r.status_code == 200, r.content
    assert r.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok", "disk": "ok"},
    }
    assert r["Cache-Control"].startswith("max-age=0")


def test_a_stale_heartbeat_is_a_failure(client, db):
    WorkerHeartbeat.objects.create(
        worker_id="w", beat_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    r = client.get(URL)
    assert r.status_code == 503
    assert r.json()["checks"]["worker"].startswith("last heartbeat 1")


def test_a_fresh_heartbeat_among_stale_ones_is_enough(client, db):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="old", beat_at=now - datetime.timedelta(hours=2))
    WorkerHeartbeat.objects.create(worker_id="new", beat_at=now - datetime.timedelta(seconds=30))
    assert client.get(URL).status_code == 200


def test_an_unapplied_migration_is_a_failure(client, db):
    WorkerHeartbeat.beat("w")
    # The app's latest migration (a leaf of the graph): unapplied, it is the one missing.
    recorded = MigrationRecorder(connection).migration_qs.filter(app="core")
    recorded.filter(pk=recorded.order_by("-name").values("pk")[:1]).delete()
    r = client.get(URL)
    assert r.status_code == 503
    assert r.json()["checks"]["migrations"] == "1 unapplied"


def test_too_little_disk_is_a_failure(client, db, settings):
    WorkerHeartbeat.beat("w")
    settings.BANSHI_HEALTH_MIN_FREE_MB = 10**12
    r = client.get(URL)
    assert r.status_code == 503
    assert r.json()["checks"]["disk"].startswith("less than")


def test_post_is_not_allowed(client, db):
    assert client.post(URL).status_code == 405


def test_beats_forget_workers_gone_for_a_day(db):
    WorkerHeartbeat.objects.create(
        worker_id="gone", beat_at=timezone.now() - datetime.timedelta(days=2)
    )
    WorkerHeartbeat.beat("here")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]
