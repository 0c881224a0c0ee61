"""GET /healthz: whether this Banshi can serve and work, for a load balancer or a monitor.

No login and nothing personal: each check answers "ok" or why not. 200 when every check is
ok, 503 otherwise. The checks: the database answers, every migration is applied, a
`banshi worker` beat within BANSHI_HEALTH_WORKER_SECONDS, and the disk holding the media
and the database has more than BANSHI_HEALTH_MIN_FREE_MB free."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import WorkerHeartbeat


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _migrations() -> str:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not plan else f"{len(plan)} unapplied"


def _worker() -> str:
    latest = WorkerHeartbeat.latest()
    if latest is None:
        return "no heartbeat"
    age = (timezone.now() - latest).total_seconds()
    if age > settings.BANSHI_HEALTH_WORKER_SECONDS:
        return f"last heartbeat {int(age)} s ago"
    return "ok"


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _disk() -> str:
    floor = settings.BANSHI_HEALTH_MIN_FREE_MB * 1024 * 1024
    paths = {_existing(Path(settings.MEDIA_ROOT))}
    name = settings.DATABASES["default"].get("NAME")
    if connection.vendor == "sqlite" and name and str(name) != ":memory:":
        paths.add(_existing(Path(name).resolve()))
    for path in paths:
        if shutil.disk_usage(path).free < floor:
            return f"less than {settings.BANSHI_HEALTH_MIN_FREE_MB} MB free"
    return "ok"


CHECKS = {"database": _database, "migrations": _migrations, "worker": _worker, "disk": _disk}


def health_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except DatabaseError as exc:
            results[name] = f"error: {type(exc).__name__}"
    return results


@never_cache
@require_GET
def healthz(request):
    checks = health_checks()
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )
