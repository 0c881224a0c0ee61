"""Contests of village party secretaries (比武争星 / 赛场选马): a contest with its score
items, its stages (township semi-finals → county final → city final), each stage's heats,
the entrants of a heat, the judges assigned to it, each judge's score sheet per entrant
and the results computed when the heat closes.

Score items' weights sum to 100: a judge's total for an entrant is Σ score × weight / max,
so it is out of 100 whatever each item's points run to."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

WEIGHT_TOTAL = 100
MIN_TRIMMED_JUDGES = 3  # dropping the highest and the lowest needs at least three totals


class Contest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("筹备中")
        OPEN = "open", _("进行中")
        PUBLISHED = "published", _("已公布")

    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    organizer = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("主办党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contests",
    )
    organizer_name = models.CharField(_("主办单位"), max_length=100)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("比武竞赛")
        verbose_name_plural = _("比武竞赛")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title


class ScoreItem(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("评分项"), max_length=100)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    max_points = models.PositiveSmallIntegerField(_("满分"))

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["contest_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="contests_item_order")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.max_points is not None and self.max_points < 1:
            raise ValidationError({"max_points": _("满分须大于0")})
        if self.weight is not None and not (Decimal(0) < self.weight <= WEIGHT_TOTAL):
            raise ValidationError({"weight": _("权重须在0到100之间")})


class ContestStage(models.Model):
    class Level(models.TextChoices):
        TOWNSHIP = "township", _("乡镇复赛")
        COUNTY = "county", _("县级决赛")
        CITY = "city", _("市级决赛")

    class Rule(models.TextChoices):
        TRIMMED = "trimmed", _("去掉一个最高分和一个最低分，取其余平均")
        MEAN = "mean", _("取全部评委平均")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("轮次"))
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    quota = models.PositiveSmallIntegerField(_("每组晋级名额"), default=0)
    rule = models.CharField(
        _("计分规则"), max_length=12, choices=Rule.choices, default=Rule.TRIMMED
    )
    min_judges = models.PositiveSmallIntegerField(
        _("去高去低的最少评委数"), default=MIN_TRIMMED_JUDGES
    )
    first_prizes = models.PositiveSmallIntegerField(_("一等奖名额"), default=0)
    second_prizes = models.PositiveSmallIntegerField(_("二等奖名额"), default=0)
    third_prizes = models.PositiveSmallIntegerField(_("三等奖名额"), default=0)
    excellence_for_rest = models.BooleanField(_("其余为优秀奖"), default=False)

    class Meta:
        verbose_name = _("赛程")
        verbose_name_plural = _("赛程")
        ordering = ["contest_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="contests_stage_order")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_judges is not None and self.min_judges < MIN_TRIMMED_JUDGES:
            raise ValidationError({"min_judges": _("去高去低至少需要3名评委")})


class Heat(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("评分中")
        CLOSED = "closed", _("已结束评分")
        PUBLISHED = "published", _("已公布")

    stage = models.ForeignKey(ContestStage, on_delete=models.CASCADE, related_name="heats")
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("比赛时间"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("结束评分时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("赛组")
        verbose_name_plural = _("赛组")
        ordering = ["stage_id", "region__code", "id"]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    heat = models.ForeignKey(Heat, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("参赛人"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("出场顺序"), default=0)
    came_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("参赛人")
        verbose_name_plural = _("参赛人")
        ordering = ["heat_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["heat", "member"], name="contests_entry_once")
        ]

    def __str__(self) -> str:
        return str(self.member)


class JudgeAssignment(models.Model):
    heat = models.ForeignKey(Heat, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_judging"
    )
    name = models.CharField(_("评委"), max_length=64)

    class Meta:
        verbose_name = _("评委")
        verbose_name_plural = _("评委")
        ordering = ["heat_id", "id"]
        constraints = [models.UniqueConstraint(fields=["heat", "user"], name="contests_judge_once")]

    def __str__(self) -> str:
        return self.name


class ScoreSheet(models.Model):
    """One judge's scores of one entrant: {item id: points}, and its total out of 100."""

    judge = models.ForeignKey(JudgeAssignment, on_delete=models.PROTECT, related_name="sheets")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sheets")
    scores = models.JSONField(_("各项得分"))
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    client_id = models.UUIDField(_("客户端编号"), default=uuid.uuid4, unique=True)
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["entry_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="contests_sheet_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry}"


class Result(models.Model):
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="result")
    rank = models.PositiveSmallIntegerField(_("名次"))
    score = models.DecimalField(_("最后得分"), max_digits=6, decimal_places=2)
    mean_all = models.DecimalField(_("全部评委平均分"), max_digits=6, decimal_places=2)
    firsts = models.PositiveSmallIntegerField(_("评为最高分的评委数"), default=0)
    dropped = models.JSONField(_("去掉的分数"), default=list)
    advanced = models.BooleanField(_("晋级"), default=False)
    reward = models.CharField(_("奖项"), max_length=12, blank=True)
    explanation = models.CharField(_("名次说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("比赛结果")
        verbose_name_plural = _("比赛结果")
        ordering = ["entry__heat_id", "rank", "entry__order"]

    def __str__(self) -> str:
        return f"{self.entry} · {self.rank}"
