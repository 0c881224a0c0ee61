import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from banshi.demands.sweep import deadline_sweep

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run background tasks (django-tasks' database backend) and the deadline sweep every "
        "minute, until SIGTERM or SIGINT. --once: one round, for tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--sweep-every", type=float, default=60.0, help="seconds between sweeps"
        )
        parser.add_argument("--backend", default="default", help="the task backend alias")

    def handle(self, *args, once=False, interval=1.0, sweep_every=60.0, backend="default", **o):
        self.running = True
        self.worker_id = get_random_string(32)
        self.backend = backend
        self.uses_db = isinstance(task_backends[backend], DatabaseBackend)
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        tasks_run, last_sweep = 0, None
        while self.running:
            tasks_run += self._run_tasks()
            if last_sweep is None or time.monotonic() - last_sweep >= sweep_every:
                report = deadline_sweep()
                last_sweep = time.monotonic()
                if report.total:
                    logger.info("deadline sweep: %s", report.as_dict())
                    # Fan out the notifications the sweep has just queued.
                    tasks_run += self._run_tasks()
            if once:
                break
            time.sleep(interval)
        self.stdout.write(_("已执行后台任务 %(n)d 个") % {"n": tasks_run})

    def _stop(self, signum, frame) -> None:
        self.running = False

    def _run_tasks(self) -> int:
        """Every task that is ready, through django-tasks-db's own worker in batch mode."""
        if not self.uses_db:
            return 0
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=self.backend,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks
