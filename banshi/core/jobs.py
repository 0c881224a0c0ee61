"""Background jobs that apps register (in their `AppConfig.ready()`) for `banshi worker` to
run every `every` seconds, beside the queued tasks of django-tasks. A job takes the moment it
runs for and returns a report: a dict of counts (logged when any is non-zero) or None."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


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
