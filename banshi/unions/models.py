"""工会帮扶: a street's union federation (工会联合会) and the enterprises on its roll with their
unions (建会), the city's minimum-living line per year (低保标准), needy-worker files
(困难职工档案) with their monthly income reviews, and the four-season aid campaigns with
the aid they gave."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import hardship


class UnionFederation(models.Model):
    region = models.OneToOneField(
        "territory.Region",
        verbose_name=_("街道"),
        on_delete=models.PROTECT,
        related_name="union_federation",
    )
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("工会联合会")
        verbose_name_plural = _("工会联合会")
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name


class EnterpriseUnion(models.Model):
    """An enterprise on the federation's roll (a Banshi enterprise of the street, or one
    named here that Banshi does not list) and its union: `founded_on` empty means the
    enterprise has no union yet. 建会率 = founded ÷ the roll."""

    federation = models.ForeignKey(
        UnionFederation,
        verbose_name=_("工会联合会"),
        on_delete=models.CASCADE,
        related_name="unions",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unions",
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=100, blank=True)
    founded_on = models.DateField(_("建会日期"), null=True, blank=True)
    members = models.PositiveIntegerField(_("会员人数"), default=0)

    class Meta:
        verbose_name = _("企业工会")
        verbose_name_plural = _("企业工会")
        ordering = ["federation_id", "enterprise_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False) & Q(enterprise_name=""))
                | (Q(enterprise__isnull=True) & ~Q(enterprise_name="")),
                name="unions_union_enterprise_or_name",
            ),
            models.UniqueConstraint(
                fields=["federation", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="unions_union_once_per_enterprise",
            ),
            models.UniqueConstraint(
                fields=["federation", "enterprise_name"],
                condition=~Q(enterprise_name=""),
                name="unions_union_once_per_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.enterprise_name

    @property
    def founded(self) -> bool:
        return self.founded_on is not None


class PovertyLine(models.Model):
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("市"),
        on_delete=models.PROTECT,
        related_name="poverty_lines",
    )
    year = models.PositiveIntegerField(_("年度"))
    amount = models.DecimalField(
        _("低保标准（元/人·月）"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("低保标准")
        verbose_name_plural = _("低保标准")
        ordering = ["region_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="unions_line_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.amount}"


class NeedyWorker(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在档")
        EXITED = "exited", _("已退出")

    class Hardship(models.TextChoices):
        DEEP = hardship.DEEP, _("深度困难")
        RELATIVE = hardship.RELATIVE, _("相对困难")
        ACCIDENT = hardship.ACCIDENT, _("意外致困")
        NONE = hardship.NONE, _("不困难")

    federation = models.ForeignKey(
        UnionFederation,
        verbose_name=_("工会联合会"),
        on_delete=models.PROTECT,
        related_name="needy_workers",
    )
    union = models.ForeignKey(
        EnterpriseUnion,
        verbose_name=_("企业工会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needy_workers",
    )
    worker_name = models.CharField(_("职工姓名"), max_length=64)
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("居民"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needy_worker_files",
    )
    household_members = models.PositiveIntegerField(
        _("家庭人口"), validators=[MinValueValidator(1)]
    )
    household_income = models.DecimalField(_("家庭年收入（元）"), max_digits=12, decimal_places=2)
    accident_costs = models.DecimalField(
        _("年意外/疾病支出（元）"), max_digits=12, decimal_places=2, default=0
    )
    hardship = models.CharField(
        _("困难类别"), max_length=16, choices=Hardship.choices, default=Hardship.NONE
    )
    line = models.DecimalField(_("适用低保标准"), max_digits=8, decimal_places=2)
    certified_on = models.DateField(_("建档日期"))
    last_recertified_on = models.DateField(_("上次复核日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    exit_reason = models.CharField(_("退出原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["federation_id", "worker_name", "pk"]

    def __str__(self) -> str:
        return self.worker_name

    def computed_hardship(self) -> str:
        """The class from the file's figures against the line it was assessed on."""
        return hardship.classify(
            income=self.household_income,
            members=self.household_members,
            costs=self.accident_costs,
            line=self.line,
        )

    @property
    def per_head_month(self):
        return hardship.per_head_month(self.household_income, self.household_members)

    @property
    def recertification_due(self):
        return hardship.recertification_due(
            certified_on=self.certified_on, last_recertified_on=self.last_recertified_on
        )

    def recertification_is_due(self, today) -> bool:
        return self.status == self.Status.ACTIVE and self.recertification_due <= today


class IncomeReview(models.Model):
    """A month's review of a file's household income (the exit counts these)."""

    worker = models.ForeignKey(
        NeedyWorker, verbose_name=_("困难职工"), on_delete=models.CASCADE, related_name="reviews"
    )
    month = models.DateField(_("月份"))  # the first day of the month reviewed
    household_members = models.PositiveIntegerField(_("家庭人口"))
    household_income = models.DecimalField(_("家庭年收入（元）"), max_digits=12, decimal_places=2)
    accident_costs = models.DecimalField(
        _("年意外/疾病支出（元）"), max_digits=12, decimal_places=2, default=0
    )
    line = models.DecimalField(_("适用低保标准"), max_digits=8, decimal_places=2)
    hardship = models.CharField(_("困难类别"), max_length=16, choices=NeedyWorker.Hardship.choices)
    above_line = models.BooleanField(_("高于低保标准"))
    recorded_at = models.DateTimeField(_("记录时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("收入复核")
        verbose_name_plural = _("收入复核")
        ordering = ["worker_id", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="unions_review_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m}"


class AidCampaign(models.Model):
    class Season(models.TextChoices):
        SPRING = "spring", _("春送岗位")
        SUMMER = "summer", _("夏送清凉")
        AUTUMN = "autumn", _("秋送助学")
        WINTER = "winter", _("冬送温暖")

    federation = models.ForeignKey(
        UnionFederation,
        verbose_name=_("工会联合会"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    year = models.PositiveIntegerField(_("年度"))
    season = models.CharField(_("季节"), max_length=16, choices=Season.choices)
    title = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("四季送帮扶活动")
        verbose_name_plural = _("四季送帮扶活动")
        ordering = ["federation_id", "-year", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="unions_campaign_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AidRecord(models.Model):
    class Kind(models.TextChoices):
        CASH = "cash", _("慰问金")
        GOODS = "goods", _("慰问物资")
        SCHOOL = "school", _("助学金")
        JOB = "job", _("就业岗位")

    campaign = models.ForeignKey(
        AidCampaign, verbose_name=_("帮扶活动"), on_delete=models.PROTECT, related_name="records"
    )
    worker = models.ForeignKey(
        NeedyWorker,
        verbose_name=_("困难职工"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid",
    )
    worker_name = models.CharField(_("受助职工"), max_length=64)
    kind = models.CharField(_("帮扶方式"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    given_on = models.DateField(_("发放日期"))

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-given_on", "pk"]

    def __str__(self) -> str:
        return f"{self.worker_name} {self.amount}"
