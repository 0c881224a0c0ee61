"""The monthly rate rollup: per month and handling unit, the six counts the three rates are
made of (see `banshi.demands.rates`). On PostgreSQL a trigger on the demands table keeps it
current in the writing transaction itself — every insert, update and delete, the ORM's bulk
updates included — so a ranking or a trend over millions of demands reads a few thousand
rows. On SQLite (the embedded default, a street's size) there is no trigger and the rates are
counted from the demands. `banshi.demands.rollup` reads it and rebuilds it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateRollup(models.Model):
    month = models.DateField(_("月份"))  # the first day of the month, local time
    assigned_level = models.CharField(_("承办层级"), max_length=16)
    assigned_code = models.CharField(_("承办单位编码"), max_length=15)
    department_id = models.IntegerField(_("承办部门"), default=0)  # 0: none
    dispatched = models.IntegerField(default=0)
    responded_in_time = models.IntegerField(default=0)
    due = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("三率月汇总")
        verbose_name_plural = _("三率月汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "assigned_level", "assigned_code", "department_id"],
                name="demand_rate_rollup_unit",
            )
        ]
        indexes = [
            models.Index(
                fields=["month", "assigned_code"],
                include=[
                    "assigned_level", "department_id", "dispatched", "responded_in_time",
                    "due", "resolved", "rated", "satisfied",
                ],
                name="demand_rate_rollup_code",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        unit = self.assigned_code or self.department_id
        return f"{self.month:%Y-%m} {self.assigned_level} {unit}"
