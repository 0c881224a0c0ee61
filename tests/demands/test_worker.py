"""`banshi worker --once`: runs the queued tasks (database backend) and one sweep."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from banshi.demands.models import Notification

H = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    # django-tasks-db's worker closes "old" connections between tasks, as a long-running
    # process should; inside a test the connection holds the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def test_worker_runs_queued_notifications_and_the_sweep(world, people, submit, t0, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.street, at=t0)
    # the notification to the street desk is queued, not yet delivered
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Notification.objects.exists()
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    # the desk's notification, then the sweep's two (overdue to the street, escalated to
    # the district), fanned out in the same round
    assert "3" in out.getvalue()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    assert Notification.objects.filter(
        demand=d, recipient_user=people.street, kind="dispatched"
    ).exists()
    # the sweep ran too (the demand's dispatch deadline, t0 + 2 h, is long past)
    d.refresh_from_db()
    assert d.dispatch_overdue
    assert Notification.objects.filter(demand=d, kind="overdue").exists()
    # running again finds nothing new
    before = Notification.objects.count()
    call_command("worker", "--once", stdout=StringIO())
    assert Notification.objects.count() == before
