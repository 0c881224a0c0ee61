"""The worker's refresh of figure snapshots (see banshi.core.snapshots): every registered
figure of each region at the snapshot levels, recounted from the records for the month in
progress and the last complete month, so that the city's page and dashboards read a
snapshot at most BANSHI_FIGURE_SNAPSHOT_EVERY seconds old and nobody waits for the count."""

import datetime
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.core import figures, jobs, snapshots
from banshi.core.periods import Period
from banshi.territory.models import Region


def refresh(now: datetime.datetime | None = None) -> dict | None:
    levels = snapshots.levels()
    if not levels:
        return None
    at = now or timezone.now()
    periods = [Period.current_month(at), Period.last_complete_month(at)]
    started, counted = time.monotonic(), 0
    for region in Region.objects.filter(level__in=levels).order_by("code"):
        for period in periods:
            counted += len(figures.compute(region, period, recount=True))
    return {"figures": counted, "seconds": round(time.monotonic() - started)}


def register_job() -> None:
    jobs.register(
        jobs.Job(
            "dashboards.figure_snapshots",
            _("刷新市、区县指标快照"),
            refresh,
            every=settings.BANSHI_FIGURE_SNAPSHOT_EVERY,
        )
    )
