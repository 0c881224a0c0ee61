"""`banshi worker`: the one long-running background process. Each round it runs every task
that is ready (django-tasks' database backend, through django-tasks-db's own worker in batch
mode) and every job apps registered in `core.jobs` whose interval has passed; a job that
reports something (a non-zero count) may have queued tasks, so they run in the same round.
Each round stamps the worker's heartbeat (at most every WorkerHeartbeat.BEAT), which
/healthz reads.

Several workers may share the queue: django-tasks-db claims each task in its own transaction
(SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN EXCLUSIVE on SQLite) and marks it
RUNNING before running it, so no task runs twice; each periodic job runs in one worker per
period (`jobs.claim`), except under --once, which runs every job as asked."""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from banshi.core import jobs
from banshi.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def every_option(value: str) -> tuple[str, float]:
    key, sep, seconds = value.partition("=")
    try:
        every = float(seconds)
    except ValueError:
        every = 0.0
    if not sep or not key or every <= 0:
        raise CommandError(f"--every takes KEY=SECONDS with SECONDS > 0, not {value!r}")
    return key, every


class Command(BaseCommand):
    help = (
        "Run background tasks (django-tasks' database backend) and every registered job at "
        "its interval, until SIGTERM or SIGINT. --once: one round of tasks and every job once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="one round: the ready tasks, every job; exit"
        )
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--every",
            action="append",
            default=[],
            metavar="KEY=SECONDS",
            help="run the job KEY every SECONDS instead of its own interval (repeatable)",
        )
        parser.add_argument("--backend", default="default", help="the task backend alias")

    def handle(self, *args, once=False, interval=1.0, every=(), backend="default", **options):
        known = {job.key: job for job in jobs.all_jobs()}
        intervals = {key: job.every for key, job in known.items()}
        for key, seconds in map(every_option, every):
            if key not in known:
                raise CommandError(
                    f"--every: no job {key!r}; the jobs are: {', '.join(known) or 'none'}"
                )
            intervals[key] = seconds
        self.intervals = intervals
        self.running = True
        self.worker_id = get_random_string(32)
        self.backend = backend
        self.uses_db = isinstance(task_backends[backend], DatabaseBackend)
        self.tasks_worker = None
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        tasks_run, last_run = 0, {}
        self.last_beat = None
        while self.running:
            self._beat()
            tasks_run += self._run_tasks()
            due = [
                job
                for job in known.values()
                if job.key not in last_run
                or time.monotonic() - last_run[job.key] >= intervals[job.key]
            ]
            failed, reported = self._run_jobs(due, last_run, claim=not once)
            if reported:
                tasks_run += self._run_tasks()
            if once:
                self.stdout.write(_("已执行后台任务 %(n)d 个") % {"n": tasks_run})
                if failed:
                    raise CommandError(f"jobs failed: {', '.join(failed)}")
                return
            time.sleep(interval)
        self.stdout.write(_("已执行后台任务 %(n)d 个") % {"n": tasks_run})

    def _run_jobs(self, due, last_run: dict, *, claim: bool) -> tuple[list[str], bool]:
        """(the keys of the jobs that failed, whether any reported something). A failing job
        is logged and tried again at its next interval; the others run regardless. With
        `claim`, a job another worker has run in this period is skipped until the next."""
        failed, reported = [], False
        for job in due:
            last_run[job.key] = time.monotonic()
            if claim and not self._claim(job):
                continue
            try:
                report = job.run(None)
            except Exception:
                logger.exception("job %s failed", job.key)
                failed.append(job.key)
                continue
            if report and any(report.values()):
                logger.info("%s: %s", job.key, report)
                reported = True
        return failed, reported

    def _claim(self, job) -> bool:
        every = self.intervals[job.key]
        try:
            return jobs.claim(job.key, every=every, worker_id=self.worker_id, now=time.time())
        except Exception:
            # The cache is down: running the job twice is better than not at all.
            logger.exception("claiming job %s failed", job.key)
            return True

    def _beat(self) -> None:
        now = time.monotonic()
        if self.last_beat is not None and now - self.last_beat < WorkerHeartbeat.BEAT.seconds:
            return
        try:
            WorkerHeartbeat.beat(self.worker_id)
        except Exception:
            # A database hiccup must not stop the worker; /healthz will show the gap.
            logger.exception("worker heartbeat failed")
            return
        self.last_beat = now

    def _stop(self, signum, frame) -> None:
        self.running = False
        if self.tasks_worker is not None:
            # Stop after the task at hand, not once the whole queue is drained.
            self.tasks_worker.running = False

    def _run_tasks(self) -> int:
        """Every task that is ready, through django-tasks-db's own worker in batch mode."""
        if not self.uses_db:
            return 0
        self.tasks_worker = worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=self.backend,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        try:
            worker.run()
        finally:
            self.tasks_worker = None
        return worker._run_tasks
