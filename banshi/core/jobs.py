"""Background jobs that apps register (in their `AppConfig.ready()`) for `banshi worker` to
run every `every` seconds, beside the queued tasks of django-tasks. A job takes the moment it
runs for and returns a report: a dict of counts (logged when any is non-zero) or None. When
several workers run, each job runs in one of them per period (`claim`)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Job:
    key: str
    label: str  # a lazy translation
    run: Callable[[datetime.datetime | None], dict | None]
    every: float  # seconds between runs


_JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    known = _JOBS.get(job.key)
    if known is not None and known != job:
        raise ValueError(f"job {job.key} is registered twice")
    _JOBS[job.key] = job
    return job


def all_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.key)


def get(key: str) -> Job:
    return _JOBS[key]


def claim(key: str, *, every: float, worker_id: str, now: float) -> bool:
    """Whether the calling worker is the one to run the job `key` in the period of `every`
    seconds that `now` (a Unix time) falls in. Every `banshi worker` finds its jobs due on
    its own clock; the first to add the period's key to the cache, which every process
    shares (the database's table or Redis, see CACHES), runs it, the others skip that
    period. An add is one INSERT on a unique key (SET NX in Redis), so two workers cannot
    both win. The key outlives its period, so a late worker cannot win it again; a cull of
    the cache table could drop it early, and then a job runs twice in a period, which the
    jobs tolerate (the deadline sweep claims each mark by a conditional UPDATE; the others
    mark or delete what is still there)."""
    period = int(now // every)
    return cache.add(
        f"banshi:job:{key}:{every:g}:{period}", worker_id, timeout=max(2 * every, 60.0)
    )
