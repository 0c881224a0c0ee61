"""An annual plan (年度计划) for the theme party days of an organization's subtree: twelve
monthly themes with their required and optional items and formats, and the rule that fixes
the day of the month. Published plans are read-only; an amendment is a new version with a
reason, and the old one is superseded."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _str_list(value, field: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError({field: _("应为非空文字的列表")})


class AnnualPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        SUPERSEDED = "superseded", _("已被修订")

    class FixedDay(models.TextChoices):
        FIRST_MONDAY = "first_monday", _("每月第一个星期一")
        FIRST_FRIDAY = "first_friday", _("每月第一个星期五")
        LAST_FRIDAY = "last_friday", _("每月最后一个星期五")
        DAY_1 = "day_1", _("每月1日")
        DAY_10 = "day_10", _("每月10日")
        DAY_15 = "day_15", _("每月15日")
        DAY_20 = "day_20", _("每月20日")
        DAY_25 = "day_25", _("每月25日")

    # The workflow as data: which status may follow which.
    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.SUPERSEDED},
        Status.SUPERSEDED: set(),
    }

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("发布党组织"),
        on_delete=models.PROTECT,
        related_name="annual_plans",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)
    fixed_day = models.CharField(
        _("固定党日"), max_length=16, choices=FixedDay.choices, default=FixedDay.FIRST_FRIDAY
    )
    min_minutes = models.PositiveSmallIntegerField(_("每次不少于（分钟）"), default=60)
    principles = models.TextField(_("原则要求"), blank=True)
    amend_reason = models.TextField(_("修订理由"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("修订自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        ordering = ["-year", "organization_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(status="published"),
                name="partylife_one_published_plan",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "version"], name="partylife_plan_version"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.organization} {self.year}"

    def clean(self) -> None:
        if not 2000 <= (self.year or 0) <= 2100:
            raise ValidationError({"year": _("年度应在2000至2100之间")})
        if not 15 <= (self.min_minutes or 0) <= 600:
            raise ValidationError({"min_minutes": _("每次时长应在15至600分钟之间")})
        if (self.version or 1) > 1 and not self.amend_reason.strip():
            raise ValidationError({"amend_reason": _("修订版本必须说明修订理由")})

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def fixed_date(self, month: int) -> datetime.date:
        """The theme party day of `month` in the plan's year, by the fixed-day rule."""
        return fixed_date(self.fixed_day, self.year, month)


def fixed_date(rule: str, year: int, month: int) -> datetime.date:
    last = calendar.monthrange(year, month)[1]
    if rule.startswith("day_"):
        return datetime.date(year, month, min(int(rule[4:]), last))
    weekday = {"monday": 0, "friday": 4}[rule.split("_")[1]]
    if rule.startswith("first_"):
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    end = datetime.date(year, month, last)
    return end - datetime.timedelta(days=(end.weekday() - weekday) % 7)


class PlanMonth(models.Model):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="months"
    )
    month = models.PositiveSmallIntegerField(_("月份"))
    theme = models.CharField(_("主题"), max_length=200)
    required_items = models.JSONField(_("规定动作"), default=list, blank=True)
    optional_items = models.JSONField(_("自选动作"), default=list, blank=True)
    formats = models.JSONField(_("活动形式"), default=list, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("月度主题")
        verbose_name_plural = _("月度主题")
        ordering = ["plan_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="partylife_plan_month")
        ]

    def __str__(self) -> str:
        return f"{self.month}月 {self.theme}"

    def clean(self) -> None:
        if not 1 <= (self.month or 0) <= 12:
            raise ValidationError({"month": _("月份应在1至12之间")})
        if not (self.theme or "").strip():
            raise ValidationError({"theme": _("请填写本月主题")})
        _str_list(self.required_items, "required_items")
        _str_list(self.optional_items, "optional_items")
        _str_list(self.formats, "formats")
