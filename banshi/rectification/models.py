"""The yearly screening of weak and lax village party organizations (软弱涣散党组织) of a
county and their rectification: a campaign (year, screening and rectification deadlines),
one screening per village branch with a finding per criterion (automatic ones keep the
value that triggered them), the county's confirmation, and one plan per confirmed
organization (一支部一对策) with tasks, progress reports, acceptance (验收), sign-off (销号),
a year of follow-up and relapses that reopen it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

FOLLOW_UP_DAYS = 365  # a signed-off plan is followed for a year
VACANT_DAYS = 90  # secretary post vacant over 3 months
MISSED_LIMIT = 3  # 三会一课: more windows missed in the last 12 months than this
SATISFACTION_MIN = 0.6  # residents' satisfaction under 60%
CANDIDATE_YEARS = 2  # no candidate for membership (发展对象) named for 2 years or more


class Criterion(models.TextChoices):
    """The widely used list; the first three, "no candidates" and "last place" are
    evaluated from Banshi's records."""

    SECRETARY_VACANT = "secretary_vacant", _("书记空缺超过3个月")
    MEETINGS = "meetings", _("“三会一课”不正常")
    SATISFACTION = "satisfaction", _("群众满意度低于60%")
    SECRETARY_UNFIT = "secretary_unfit", _("书记不胜任")
    DISUNITED = "disunited", _("班子不团结")
    NO_CANDIDATES = "no_candidates", _("两年以上未发展党员（无发展对象）")
    PETITIONS = "petitions", _("发生重大信访或群体性事件")
    LAST_PLACE = "last_place", _("年度考核排名末位")
    INTERFERENCE = "interference", _("宗族、宗教、黑恶势力干扰")
    DISORDER = "disorder", _("村务财务管理混乱")
    REFERRAL = "referral", _("纪检、政法、信访部门移交")


AUTOMATIC = frozenset(
    {
        Criterion.SECRETARY_VACANT,
        Criterion.MEETINGS,
        Criterion.SATISFACTION,
        Criterion.NO_CANDIDATES,
        Criterion.LAST_PLACE,
    }
)


class Campaign(models.Model):
    county = models.ForeignKey(
        "territory.Region", verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    screening_deadline = models.DateField(_("排查截止日期"))
    rectification_deadline = models.DateField(_("整顿截止日期"))
    screened_on = models.DateField(_("最近排查日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("软弱涣散党组织排查整顿")
        verbose_name_plural = verbose_name
        ordering = ["-year", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="rectification_one_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.county.name} {self.year}"

    def clean(self) -> None:
        if self.rectification_deadline < self.screening_deadline:
            raise ValidationError(_("整顿截止日期不能早于排查截止日期"))


class Screening(models.Model):
    """One village branch in a campaign: flagged while any finding is met; the county
    confirms (整顿) or dismisses it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待确定")
        CONFIRMED = "confirmed", _("确定整顿")
        DISMISSED = "dismissed", _("不列入")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="screenings")
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        "territory.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    flagged = models.BooleanField(_("排查出问题"), default=False)
    decision = models.CharField(
        _("县委决定"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("党组织排查")
        verbose_name_plural = verbose_name
        ordering = ["campaign", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="rectification_screened_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.organization.name}"


class ScreeningFinding(models.Model):
    """A criterion for one screening: met or not, with the value that decided it (an
    automatic one) or the evidence given (one recorded by hand)."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="findings")
    criterion = models.CharField(_("标准"), max_length=20, choices=Criterion.choices)
    met = models.BooleanField(_("符合"), default=False)
    automatic = models.BooleanField(_("自动判定"), default=False)
    value = models.CharField(_("依据"), max_length=200, blank=True)
    evidence = models.TextField(_("佐证材料"), blank=True)
    on = models.DateField(_("判定日期"))

    class Meta:
        verbose_name = _("排查结果")
        verbose_name_plural = verbose_name
        ordering = ["screening", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "criterion"], name="rectification_one_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.value}"


class Plan(models.Model):
    """一支部一对策: the plan of a confirmed organization, from drafting to sign-off and a
    year of follow-up; a relapse reopens it."""

    class Status(models.TextChoices):
        OPEN = "open", _("整顿中")
        ACCEPTED = "accepted", _("已验收")
        SIGNED_OFF = "signed_off", _("已销号")
        REOPENED = "reopened", _("反弹重新整顿")

    screening = models.OneToOneField(Screening, on_delete=models.CASCADE, related_name="plan")
    problems = models.TextField(_("存在问题"))
    goals = models.TextField(_("整顿目标"))
    measures = models.TextField(_("整顿措施"))
    responsible = models.CharField(_("责任人"), max_length=50)
    paired_leader = models.CharField(_("包联领导"), max_length=50)
    deadline = models.DateField(_("整顿期限"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default="open")
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    acceptance = models.TextField(_("验收意见"), blank=True)
    signed_off_on = models.DateField(_("销号日期"), null=True, blank=True)
    sign_off_evidence = models.TextField(_("销号佐证"), blank=True)
    follow_up_until = models.DateField(_("跟踪至"), null=True, blank=True)
    relapsed_on = models.DateField(_("反弹日期"), null=True, blank=True)
    relapse_reason = models.CharField(_("反弹原因"), max_length=200, blank=True)
    created_on = models.DateField(_("制定日期"))

    class Meta:
        verbose_name = _("整顿方案")
        verbose_name_plural = verbose_name
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return str(self.screening)

    def clean(self) -> None:
        if self.signed_off_on and not self.accepted_on:
            raise ValidationError(_("未验收的方案不能销号"))

    @property
    def late(self) -> bool:
        """Signed off after its deadline, or still open past it."""
        if self.signed_off_on:
            return self.signed_off_on > self.deadline
        return self.deadline < datetime.date.today()


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务"), max_length=200)
    due_on = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    overdue = models.BooleanField(_("已超期"), default=False)

    class Meta:
        verbose_name = _("整顿任务")
        verbose_name_plural = verbose_name
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("报告日期"))
    text = models.TextField(_("进展情况"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("整顿进展")
        verbose_name_plural = verbose_name
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.reported_on}"
