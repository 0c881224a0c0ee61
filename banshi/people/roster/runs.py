"""Background roster imports (`RosterImportRun`): an upload too large for a web request is
stored in a private folder, queued, and imported by `banshi worker` under its starter's scope.

Where files live: ``BANSHI_PRIVATE_ROOT`` (setting; the system's temp folder by default) /
``banshi-roster-imports``: the upload (``<id>.csv|.xlsx``, removed once the run ends), its
progress (``<id>.progress``: rows read, valid, with errors, rewritten after each chunk) and
its error report (``<id>.errors.xlsx``, kept a day). The web process and the worker must
share that folder. Progress is a file, not the record: the import is one transaction, and
until it commits no other connection would see the record change (SQLite would not even
let another connection write it).
"""

import json
import logging
import os
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for

from ..models import RosterImportRun
from .importing import POOL_MIN_ROWS, roster_import
from .reading import RosterFileError

logger = logging.getLogger(__name__)

# An upload above this size is imported in the background without being read in the request
# (about 20,000 rows of XLSX, 13,000 of CSV); a smaller one whose extent check finds at least
# BACKGROUND_ROWS rows goes there too. That is where the import starts its pool of worker
# processes, which a web server's request should not fork, and about 4 s of work.
BACKGROUND_BYTES = 2 * 1024 * 1024
BACKGROUND_ROWS = POOL_MIN_ROWS
ERRORS_KEPT = 200  # the errors a run's page lists (the report holds them all)
REPORT_TTL = 24 * 3600
PROGRESS_EVERY = 0.5  # seconds between rewrites of the progress file
# A running import whose progress file has not moved for this long has lost its worker.
ABANDONED_AFTER = 30 * 60
RUNS_SHOWN = 10


def folder() -> Path:
    root = Path(getattr(settings, "BANSHI_PRIVATE_ROOT", None) or tempfile.gettempdir())
    path = root / "banshi-roster-imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def needs_background(*, size: int, rows: int | None = None) -> bool:
    return size > BACKGROUND_BYTES or (rows is not None and rows - 1 >= BACKGROUND_ROWS)


def _scope_text(user) -> str:
    scope = scope_for(user)
    return "*" if scope.everything else ",".join(scope.prefixes)


def _within(current, recorded: str) -> bool:
    """Whether the user's scope now is the one recorded at the upload, or narrower."""
    if recorded == "*":
        return True
    if current.everything:
        return False
    allowed = [p for p in recorded.split(",") if p]
    return all(any(p.startswith(a) for a in allowed) for p in current.prefixes)


# -- services ---------------------------------------------------------------------------------


def roster_run_create(*, user, path: str, filename: str, skip_invalid: bool) -> RosterImportRun:
    """Record a run for the file at `path` (copied into the private folder); the caller
    queues its task in the same transaction (`tasks.roster_import_queue`)."""
    scope = _scope_text(user)
    if not scope:
        raise PermissionDenied(_("您没有可导入居民的网格"))
    suffix = os.path.splitext(filename)[1].lower()
    if suffix not in (".csv", ".xlsx"):
        raise RosterFileError(
            _("仅支持 .xlsx 或 .csv 文件，收到的是“%(name)s”") % {"name": filename}
        )
    stored = f"{secrets.token_hex(16)}{suffix}"
    target = folder() / stored
    shutil.copyfile(path, target)
    os.chmod(target, 0o600)
    try:
        return RosterImportRun.objects.create(
            user=user,
            scope=scope,
            filename=filename[:255],
            stored_name=stored,
            skip_invalid=skip_invalid,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def roster_run_execute(*, run_id: int) -> str:
    """Import a queued run (the task's body); the status it ended in."""
    prune_reports()
    run = RosterImportRun.objects.select_related("user").get(pk=run_id)
    if not run.can_move_to(RosterImportRun.Status.RUNNING):
        return run.status  # already run: a task delivered twice does nothing
    run.status, run.started_at = RosterImportRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    upload = folder() / run.stored_name
    progress = Progress(run.pk)
    try:
        result = _import(run, upload, progress)
    except (RosterFileError, PermissionDenied) as exc:
        _fail(run, str(exc) or _("您没有可导入居民的网格"))
    except Exception as exc:
        logger.exception("roster import run %s failed", run.pk)
        _fail(
            run,
            _("导入时出现内部错误（%(kind)s），未写入任何数据，请稍后重试或联系管理员")
            % {"kind": type(exc).__name__},
        )
    else:
        run.rows_read = result.total
        run.rows_invalid = result.invalid
        run.rows_valid = result.total - result.invalid
        run.summary = _summary(result)
        run.report_name = os.path.basename(result.report_path or "")
        run.status, run.finished_at = RosterImportRun.Status.DONE, timezone.now()
        run.save()
    finally:
        upload.unlink(missing_ok=True)
        progress.remove()
    return run.status


def _import(run: RosterImportRun, upload: Path, progress: "Progress"):
    user = run.user
    if not user.is_active or not _within(scope_for(user), run.scope):
        raise PermissionDenied(_("您的管辖范围在上传后发生了变化，请重新上传文件"))
    if not upload.is_file():
        raise RosterFileError(_("上传的文件已不存在，请重新上传"))
    return roster_import(
        path=str(upload),
        filename=run.filename,
        user=user,
        skip_invalid=run.skip_invalid,
        report_path=str(folder() / f"{run.pk}.errors.xlsx"),
        max_bytes=settings.BANSHI_IMPORT_MAX_BYTES,
        progress=progress,
    )


def _fail(run: RosterImportRun, message: str) -> None:
    counts = Progress(run.pk).read()
    run.rows_read, run.rows_valid, run.rows_invalid = counts.read, counts.valid, counts.invalid
    run.error = message
    run.status, run.finished_at = RosterImportRun.Status.FAILED, timezone.now()
    run.save()


def _summary(result) -> dict:
    return {
        "filename": result.filename,
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "invalid": result.invalid,
        "households_created": result.households_created,
        "units_created": result.units_created,
        "committed": result.committed,
        "seconds": round(result.seconds, 1),
        "errors": [
            {"row": e.row, "column": e.column, "message": e.message}
            for e in result.error_list(limit=ERRORS_KEPT)
        ],
    }


def roster_runs_abandoned(now=None) -> dict:
    """Runs left "running" by a worker that stopped mid-import (killed, the machine
    restarted): no progress for ABANDONED_AFTER seconds. The import's one transaction died
    with the worker, so nothing of it was written; the run is failed with a message that
    says so, and its upload deleted. A `banshi worker` job (people's plugins)."""
    now = now or timezone.now()
    cutoff = now.timestamp() - ABANDONED_AFTER
    failed = 0
    for run in RosterImportRun.objects.filter(status=RosterImportRun.Status.RUNNING):
        progress = Progress(run.pk)
        try:
            last = progress.path.stat().st_mtime
        except FileNotFoundError:
            last = run.started_at.timestamp() if run.started_at else 0
        if last >= cutoff:
            continue
        _fail(run, _("导入中断：后台进程在导入途中停止，未写入任何数据，请重新上传文件"))
        (folder() / run.stored_name).unlink(missing_ok=True)
        progress.remove()
        failed += 1
    prune_reports()
    return {"abandoned": failed}


def prune_reports() -> None:
    # Reports hold the uploaded rows (clear ID numbers): a day at most.
    cutoff = time.time() - REPORT_TTL
    for path in folder().glob("*.errors.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


# -- selectors --------------------------------------------------------------------------------


def roster_run_get(*, user, pk: int) -> RosterImportRun:
    """The run, for its starter or a superuser; DoesNotExist for anyone else."""
    run = RosterImportRun.objects.get(pk=pk)
    if run.user_id != user.pk and not user.is_superuser:
        raise RosterImportRun.DoesNotExist
    return run


def roster_run_list(*, user):
    return RosterImportRun.objects.filter(user=user).order_by("-created_at", "-pk")[:RUNS_SHOWN]


def roster_run_report(run: RosterImportRun) -> Path | None:
    if not run.report_name:
        return None
    path = folder() / run.report_name
    return path if path.is_file() else None


@dataclass(frozen=True)
class Counts:
    read: int = 0
    valid: int = 0
    invalid: int = 0


def roster_run_counts(run: RosterImportRun) -> Counts:
    """Rows read, valid and with errors: the record's once the run has ended, else the
    progress file's."""
    if run.ended:
        return Counts(run.rows_read, run.rows_valid, run.rows_invalid)
    return Progress(run.pk).read()


class Progress:
    """The progress file of one run: written by the task, read by the progress page."""

    def __init__(self, run_id: int):
        self.path = folder() / f"{run_id}.progress"
        self.last = 0.0

    def __call__(self, read: int, valid: int, invalid: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        part = self.path.with_suffix(".part")
        part.write_text(json.dumps([read, valid, invalid]))
        os.replace(part, self.path)

    def read(self) -> Counts:
        try:
            return Counts(*json.loads(self.path.read_text()))
        except (OSError, ValueError, TypeError):
            return Counts()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
