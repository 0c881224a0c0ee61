"""`banshi worker --once`: runs the queued tasks (database backend) and every registered
job once (the deadline sweep among them)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from banshi.core import jobs
from banshi.core.jobs import Job
from banshi.demands.models import Notification

# The demand fixtures (people bound to the world, a clock, a submit helper) and their
# autouse companions (immediate tasks, fresh deadline rules, fast passwords, a media folder).
from tests.demands.conftest import (  # noqa: F401
    cat,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    media,
    people,
    submit,
    t0,
)

H = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    # django-tasks-db's worker closes "old" connections between tasks, as a long-running
    # process should; inside a test the connection holds the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def test_worker_runs_queued_notifications_and_the_sweep(world, people, submit, t0, settings):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.street, at=t0)
    # intake writes its notification to the street desk itself, in its own transaction;
    # nothing is queued
    assert Notification.objects.filter(
        demand=d, recipient_user=people.street, kind="dispatched"
    ).exists()
    assert not DBTaskResult.objects.exists()
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    # the sweep's two (overdue to the street, escalated to the district), queued by the
    # sweep and fanned out in the same round
    assert "2" in out.getvalue()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    # the sweep ran too (the demand's dispatch deadline, t0 + 2 h, is long past)
    d.refresh_from_db()
    assert d.dispatch_overdue
    assert Notification.objects.filter(demand=d, kind="overdue").exists()
    # running again finds nothing new
    before = Notification.objects.count()
    call_command("worker", "--once", stdout=StringIO())
    assert Notification.objects.count() == before


@pytest.fixture
def registered_job():
    """A job registered for one test, taken out of the registry afterwards."""
    added = []

    def _register(job: Job) -> Job:
        added.append(jobs.register(job))
        return job

    yield _register
    for job in added:
        jobs._JOBS.pop(job.key, None)


def test_worker_runs_a_job_registered_by_a_test(db, registered_job):
    calls = []
    registered_job(Job("tests.probe", "probe", lambda now: calls.append(now) or None, every=3600))
    call_command("worker", "--once", stdout=StringIO())
    assert calls == [None]
    # --every overrides a job's interval; a key no job has is refused.
    call_command("worker", "--once", "--every", "tests.probe=5", stdout=StringIO())
    assert len(calls) == 2
    with pytest.raises(CommandError, match="no job 'tests.nothing'"):
        call_command("worker", "--once", "--every", "tests.nothing=5", stdout=StringIO())
    with pytest.raises(CommandError, match="KEY=SECONDS"):
        call_command("worker", "--once", "--every", "tests.probe", stdout=StringIO())


def test_a_failing_job_fails_the_round_but_not_the_others(db, registered_job):
    calls = []

    def broken(now):
        raise RuntimeError("boom")

    registered_job(Job("tests.a_broken", "broken", broken, every=60))
    registered_job(Job("tests.b_probe", "probe", lambda now: calls.append(now), every=60))
    with pytest.raises(CommandError, match="tests.a_broken"):
        call_command("worker", "--once", stdout=StringIO())
    assert calls == [None]


def test_the_deadline_sweep_is_registered_by_demands():
    job = jobs.get("demands.deadline_sweep")
    assert job.every == 60
