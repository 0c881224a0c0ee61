"""Five-red-flag villages (五面红旗村): a county's scheme (创建方案) for a year with the
indicators of each flag, a village's declaration (申报) of one flag with its evidence per
indicator, the review chain (township first review 初审, county decision 审定, public
notice 公示 with objections 异议, award 授旗) as a state machine with each reviewer's
opinion kept, and the twice-yearly review of an awarded flag that may revoke it (摘牌).

A declaration names its village (a Region of kind village) and the village's party
branch, so the village secretary's scope (their branch) reaches it as the township's
territory does."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

INDICATORS_MIN, INDICATORS_MAX = 5, 10
WEIGHT_TOTAL = 100
NOTICE_WORKING_DAYS = 5


class Flag(models.TextChoices):
    PARTY = "party", _("党建引领红旗村")
    INDUSTRY = "industry", _("产业兴旺红旗村")
    ECOLOGY = "ecology", _("生态宜居红旗村")
    CIVILITY = "civility", _("乡风文明红旗村")
    GOVERNANCE = "governance", _("社会治理红旗村")


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which `days` working days (Monday to Friday) counted from `start`
    inclusive have passed: a notice from a Monday for 5 days ends that Friday."""
    day, left = start, days
    while True:
        if day.weekday() < 5:
            left -= 1
            if left == 0:
                return day
        day += datetime.timedelta(days=1)


def review_due(year: int, half: int) -> datetime.date:
    """The twice-yearly review: by 30 June (half 1) and by 31 December (half 2)."""
    return datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)


class Scheme(models.Model):
    """A county's creation scheme for a year: a pass mark and each flag's indicators."""

    county = models.ForeignKey(
        "territory.Region", verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    pass_mark = models.DecimalField(_("合格分"), max_digits=5, decimal_places=1, default=85)

    class Meta:
        verbose_name = _("五面红旗村创建方案")
        verbose_name_plural = _("五面红旗村创建方案")
        ordering = ["-year", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="redflags_one_scheme_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not 0 < self.pass_mark <= WEIGHT_TOTAL:
            raise ValidationError({"pass_mark": _("合格分须在0到100之间")})


class Indicator(models.Model):
    """One indicator of one flag: its weight (a flag's weights sum to 100) and standard."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="indicators"
    )
    flag = models.CharField(_("红旗"), max_length=16, choices=Flag.choices)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("指标"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("分值"))
    standard = models.CharField(_("评分标准"), max_length=300)

    class Meta:
        verbose_name = _("创建指标")
        verbose_name_plural = _("创建指标")
        ordering = ["scheme_id", "flag", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not 0 < self.weight <= WEIGHT_TOTAL:
            raise ValidationError({"weight": _("分值须在1到100之间")})


class Declaration(models.Model):
    """A village's declaration of one flag in a scheme's year, through its review chain."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("已申报")
        FIRST_REVIEWED = "first_reviewed", _("乡镇初审通过")
        APPROVED = "approved", _("县级审定通过")
        IN_NOTICE = "in_notice", _("公示中")
        AWARDED = "awarded", _("已授旗")
        REFUSED = "refused", _("未通过")
        REVOKED = "revoked", _("已摘牌")

    # The workflow as data: which status may follow which.
    TRANSITIONS = {
        Status.DECLARED: {Status.FIRST_REVIEWED, Status.REFUSED},
        Status.FIRST_REVIEWED: {Status.APPROVED, Status.REFUSED},
        Status.APPROVED: {Status.IN_NOTICE},
        Status.IN_NOTICE: {Status.AWARDED, Status.REFUSED},
        Status.AWARDED: {Status.REVOKED},
        Status.REFUSED: set(),
        Status.REVOKED: set(),
    }

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("方案"), on_delete=models.PROTECT, related_name="declarations"
    )
    flag = models.CharField(_("红旗"), max_length=16, choices=Flag.choices)
    village = models.ForeignKey(
        "territory.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DECLARED
    )
    declared_on = models.DateField(_("申报日期"))
    self_score = models.DecimalField(_("自评分"), max_digits=5, decimal_places=1, default=0)
    township_score = models.DecimalField(
        _("初审得分"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    awarded_on = models.DateField(_("授旗日期"), null=True, blank=True)
    revoked_on = models.DateField(_("摘牌日期"), null=True, blank=True)
    revoked_reason = models.CharField(_("摘牌原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("红旗村申报")
        verbose_name_plural = _("红旗村申报")
        ordering = ["scheme_id", "village__code", "flag", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "village", "flag"], name="redflags_one_declaration_a_flag"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.get_flag_display()}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def clean(self) -> None:
        if self.notice_from and self.notice_until and self.notice_until < self.notice_from:
            raise ValidationError({"notice_until": _("公示截止不能早于公示开始")})
        if self.revoked_on and self.awarded_on and self.revoked_on < self.awarded_on:
            raise ValidationError({"revoked_on": _("摘牌日期不能早于授旗日期")})


class Evidence(models.Model):
    """The village's evidence for one indicator: text, an uploaded file, or a link to a
    Banshi record; with its self-score."""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="evidence"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("佐证说明"), blank=True)
    file = models.FileField(_("佐证文件"), upload_to="redflags/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    link = models.CharField(_("平台记录链接"), max_length=300, blank=True)
    self_score = models.DecimalField(_("自评分"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("申报佐证")
        verbose_name_plural = _("申报佐证")
        ordering = ["declaration_id", "indicator__order", "id"]

    def __str__(self) -> str:
        return f"{self.declaration} · {self.indicator}"

    def clean(self) -> None:
        if not (self.text or self.file or self.link):
            raise ValidationError(_("佐证须有说明、文件或平台记录链接"))


class Opinion(models.Model):
    """One reviewer's opinion at one step of the chain (kept, never overwritten)."""

    class Step(models.TextChoices):
        FIRST_REVIEW = "first_review", _("乡镇初审")
        DECISION = "decision", _("县级审定")
        NOTICE = "notice", _("公示")
        OBJECTION = "objection", _("异议处理")
        AWARD = "award", _("授旗")
        REVIEW = "review", _("复核")

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="opinions"
    )
    step = models.CharField(_("环节"), max_length=16, choices=Step.choices)
    passed = models.BooleanField(_("是否通过"))
    text = models.CharField(_("意见"), max_length=500)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    given_on = models.DateField(_("日期"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["declaration_id", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {self.text[:20]}"


class Objection(models.Model):
    """An objection raised during the public notice, and how the county settled it."""

    class Result(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("成立")
        DISMISSED = "dismissed", _("不成立")

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="objections"
    )
    raised_by = models.CharField(_("异议人"), max_length=50)
    content = models.CharField(_("异议内容"), max_length=500)
    raised_on = models.DateField(_("提出日期"))
    result = models.CharField(
        _("处理结果"), max_length=16, choices=Result.choices, default=Result.PENDING
    )
    settled_on = models.DateField(_("处理日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["declaration_id", "raised_on", "id"]

    def __str__(self) -> str:
        return self.content[:30]


class FlagReview(models.Model):
    """The review of an awarded flag in a half-year (by 30 June, by 31 December)."""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("红旗"), on_delete=models.CASCADE, related_name="reviews"
    )
    year = models.PositiveIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    reviewed_on = models.DateField(_("复核日期"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("是否达标"))
    opinion = models.CharField(_("复核意见"), max_length=500)

    class Meta:
        verbose_name = _("红旗复核")
        verbose_name_plural = _("红旗复核")
        ordering = ["declaration_id", "year", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "year", "half"], name="redflags_one_review_a_half"
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration} · {self.year}-{self.half}"
