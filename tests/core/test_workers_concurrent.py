"""Several `banshi worker` processes share the queue: three real processes run 1,000 queued
tasks, each exactly once, and each of the three runs some; and each periodic job runs in one
worker per period.

The queue is django-tasks-db's: a worker claims a task in a transaction of its own
(SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN EXCLUSIVE on SQLite) and marks it
RUNNING before it runs it. The processes need a database they can all open: on PostgreSQL
the test database itself (the test is transactional, so its rows are committed); on SQLite,
whose test database is in memory, a file the test copies it into (VACUUM INTO)."""

import collections
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import types
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks import task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from banshi.core import jobs
from banshi.core.jobs import Job
from banshi.core.management.commands import worker as worker_command

ROOT = Path(__file__).resolve().parents[2]
JOBS = 1000
WORKERS = 3
GATE_WAIT = 60.0  # seconds a task waits for the gate before it fails


@task()
def record_run(*, n: int, folder: str) -> int:
    """The test task (run by the worker processes): it notes which process started it, waits
    at the gate until every worker holds a task (so a worker that starts late still gets
    its share), then appends one line per run, so a task run twice leaves two lines."""
    here = Path(folder)
    (here / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + GATE_WAIT
    while not (here / "gate").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never opened the gate")
        time.sleep(0.01)
    with open(here / "runs.log", "a") as log:  # one short append: one write(2)
        log.write(f"{n} {os.getpid()}\n")
    return n


@task()
def stop_this_worker() -> None:
    """Run in the test's own process: SIGTERM, as a deployment stopping the worker sends."""
    os.kill(os.getpid(), signal.SIGTERM)


@task()
def do_nothing() -> None:
    pass


def _queue_database(tmp_path: Path) -> tuple[str, Callable[[], list]]:
    """(the DATABASE_URL the workers use, a function reading (status, worker_ids) of every
    task in it back)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return url, lambda: list(DBTaskResult.objects.values_list("status", "worker_ids"))
    copy = tmp_path / "queue.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    # WAL before the workers open it: three processes switching it at once would wait.
    with sqlite3.connect(copy) as raw:
        raw.execute("PRAGMA journal_mode=WAL")

    def rows():
        with sqlite3.connect(copy) as raw:
            found = raw.execute(
                f"SELECT status, worker_ids FROM {DBTaskResult._meta.db_table}"
            ).fetchall()
        return [(status, json.loads(ids)) for status, ids in found]

    return f"sqlite:///{copy}", rows


def _worker_env(url: str, tmp_path: Path) -> dict:
    (tmp_path / "media").mkdir()
    (tmp_path / "private").mkdir()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "banshi.settings",
        "BANSHI_ENV_FILE": "",
        "SECRET_KEY": settings.SECRET_KEY,
        "BANSHI_DATA_KEY": settings.BANSHI_DATA_KEY,
        "DATABASE_URL": url,
        "BANSHI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # The jobs run too (--once): the orphan sweep must walk an empty folder of the
        # test's, never the checkout's media.
        "BANSHI_MEDIA_ROOT": str(tmp_path / "media"),
        "BANSHI_PRIVATE_ROOT": str(tmp_path / "private"),
        "BANSHI_LOG_FORMAT": "text",
    }


def _open_the_gate_once_all_hold_a_task(folder: Path, procs: list) -> None:
    deadline = time.monotonic() + GATE_WAIT
    while len(list(folder.glob("started-*"))) < WORKERS:
        exited = [p for p in procs if p.poll() is not None]
        assert not exited, exited[0].communicate()
        assert time.monotonic() < deadline, "the workers did not each take a task"
        time.sleep(0.05)
    (folder / "gate").touch()


@pytest.mark.django_db(transaction=True)
def test_three_workers_run_a_thousand_tasks_each_once(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    folder = tmp_path / "runs"
    folder.mkdir()
    with transaction.atomic():  # one commit, not a thousand
        for n in range(JOBS):
            record_run.enqueue(n=n, folder=str(folder))
    url, queue_rows = _queue_database(tmp_path)
    env = _worker_env(url, tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "banshi.cli", "worker", "--once"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    try:
        _open_the_gate_once_all_hold_a_task(folder, procs)
        outputs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err

    runs = [line.split() for line in (folder / "runs.log").read_text().splitlines()]
    times_run = collections.Counter(int(n) for n, _pid in runs)
    assert {n: k for n, k in times_run.items() if k > 1} == {}  # none ran twice
    assert sorted(times_run) == list(range(JOBS))  # and every one ran
    by_process = collections.Counter(int(pid) for _n, pid in runs)
    assert set(by_process) == {p.pid for p in procs}, by_process  # all three took part
    rows = queue_rows()
    assert len(rows) == JOBS
    assert collections.Counter(status for status, _ids in rows) == {"SUCCESSFUL": JOBS}
    # Each task was claimed once, and the claims spread over the three workers.
    assert {len(ids) for _status, ids in rows} == {1}
    assert len({ids[0] for _status, ids in rows}) == WORKERS


# -- periodic jobs: one worker per period ------------------------------------------------------


class OneRound(Exception):
    """Raised by the worker's sleep between rounds: the test's way out of its loop."""


@pytest.fixture
def one_round(monkeypatch, settings, tmp_path):
    """`banshi worker` (the loop, not --once) runs one round and stops, on a clock the test
    moves: the middle of an hour of the real clock, so the cache's expiry stays real."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the registered orphan sweep runs too
    clock = {"now": time.time() // 3600 * 3600 + 1800}

    def sleep(seconds):
        raise OneRound

    monkeypatch.setattr(
        worker_command,
        "time",
        types.SimpleNamespace(time=lambda: clock["now"], monotonic=time.monotonic, sleep=sleep),
    )
    # django-tasks-db's worker closes "old" connections, which would end the test's
    # transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield clock
    for s, handler in handlers.items():
        signal.signal(s, handler)


@pytest.fixture
def probe():
    calls = []
    jobs.register(Job("tests.probe_hourly", "probe", calls.append, every=3600))
    yield calls
    jobs._JOBS.pop("tests.probe_hourly", None)


def _one_round() -> None:
    with pytest.raises(OneRound):
        call_command("worker", "--interval", "0", stdout=StringIO())


def test_each_periodic_job_runs_in_one_worker_per_period(db, probe, one_round):
    for _worker in range(WORKERS):  # three workers start within the same hour
        _one_round()
    assert probe == [None]
    one_round["now"] += 3600  # the next hour: the first worker to find it due runs it
    _one_round()
    _one_round()
    assert len(probe) == 2
    # --once runs every job, as asked by hand, whoever ran it this period.
    call_command("worker", "--once", stdout=StringIO())
    assert len(probe) == 3


def test_a_stopped_worker_finishes_its_task_and_leaves_the_rest_queued(db, one_round):
    """With several workers a long queue is theirs to share: SIGTERM stops this one after
    the task at hand, not once it has drained the queue."""
    stop_this_worker.using(priority=10).enqueue()
    for _ in range(3):
        do_nothing.enqueue()
    _one_round()
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert statuses[stop_this_worker.module_path] == "SUCCESSFUL"
    left = DBTaskResult.objects.filter(task_path=do_nothing.module_path)
    assert [r.status for r in left] == ["READY"] * 3


def test_a_claim_is_won_once_per_period_and_job(db):
    now = time.time() // 60 * 60 + 5
    won = [jobs.claim("tests.c", every=60, worker_id=w, now=now) for w in "abc"]
    assert won == [True, False, False]
    assert jobs.claim("tests.c", every=60, worker_id="b", now=now + 50) is False
    assert jobs.claim("tests.c", every=60, worker_id="b", now=now + 60) is True
    assert jobs.claim("tests.other", every=60, worker_id="c", now=now) is True
    assert cache.get(f"banshi:job:tests.c:60:{int(now // 60)}") == "a"
