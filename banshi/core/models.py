"""Core's one table: the worker's heartbeat, which /healthz reads.

In the database rather than the cache: the cache may be Redis, which can be flushed or
evict keys, and /healthz checks the database anyway; one small write every half minute."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per running `banshi worker`, stamped each round (at most every BEAT)."""

    BEAT = datetime.timedelta(seconds=30)
    # Rows of workers gone this long are dropped by the next beat of any worker.
    FORGET = datetime.timedelta(days=1)

    worker_id = models.CharField(_("后台进程"), max_length=32, unique=True)
    beat_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        verbose_name = _("后台进程心跳")
        verbose_name_plural = _("后台进程心跳")

    def __str__(self) -> str:
        return self.worker_id

    @classmethod
    def beat(cls, worker_id: str) -> None:
        now = timezone.now()
        cls.objects.update_or_create(worker_id=worker_id, defaults={"beat_at": now})
        cls.objects.filter(beat_at__lt=now - cls.FORGET).delete()

    @classmethod
    def latest(cls) -> datetime.datetime | None:
        return cls.objects.aggregate(latest=models.Max("beat_at"))["latest"]


class FigureSnapshot(models.Model):
    """A registered figure's value for a large subject (the city, a district) and a period,
    as last computed from the records (`banshi.core.snapshots`): the region page and the
    dashboards of a city read these instead of counting millions of rows for every view. The
    worker refreshes them; a page that finds none fresh computes and keeps them."""

    code = models.CharField(_("区划编码"), max_length=15)
    period = models.CharField(_("期间"), max_length=10)
    key = models.CharField(_("指标"), max_length=80)
    value = models.JSONField(_("数值"), null=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        constraints = [
            models.UniqueConstraint(fields=["code", "period", "key"], name="figure_snapshot_key")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period} {self.key}"
