"""村干部考核: a county's scheme for a year (items with weights, bonus/deduction/veto
cases, grade thresholds), the assessors' sheets per village branch, and the results the
county decides (score, grade, competition rank)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import scoring

DEFAULT_SCHEME_NAME = "《激励村干部担当作为考核（管理）细则》"


class AssessmentScheme(models.Model):
    county = models.ForeignKey(
        "territory.Region",
        verbose_name=_("县"),
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
    )
    year = models.PositiveIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=200, default=DEFAULT_SCHEME_NAME)
    assessed_on = models.DateField(_("考核日期"))
    excellent = models.DecimalField(_("优秀线"), max_digits=5, decimal_places=2, default=90)
    good = models.DecimalField(_("良好线"), max_digits=5, decimal_places=2, default=80)
    passing = models.DecimalField(_("合格线"), max_digits=5, decimal_places=2, default=60)
    bonus_cap = models.DecimalField(_("加分上限"), max_digits=5, decimal_places=2, default=10)
    decided_on = models.DateField(_("确定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "county_id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="assessment_scheme_county_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def thresholds(self):
        return (
            (scoring.EXCELLENT, Decimal(self.excellent)),
            (scoring.GOOD, Decimal(self.good)),
            (scoring.PASS, Decimal(self.passing)),
        )


class AssessmentItem(models.Model):
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("考核项目"), max_length=100)
    weight = models.PositiveIntegerField(_("分值"), validators=[MinValueValidator(1)])
    standard = models.TextField(_("评分标准"), blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        ordering = ["scheme_id", "order", "id"]

    def __str__(self) -> str:
        return self.name


class AssessmentCase(models.Model):
    class Kind(models.TextChoices):
        BONUS = "bonus", _("加分")
        DEDUCTION = "deduction", _("扣分")
        VETO = "veto", _("一票否决")

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="cases"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("情形"), max_length=200)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("加减分情形")
        verbose_name_plural = _("加减分情形")
        ordering = ["scheme_id", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class AssessmentSheet(models.Model):
    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("考核方案"),
        on_delete=models.PROTECT,
        related_name="sheets",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("考核人"),
        on_delete=models.PROTECT,
        related_name="assessment_sheets",
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        on_delete=models.PROTECT,
        related_name="assessment_sheets",
    )
    secretary = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("书记"),
        on_delete=models.PROTECT,
        related_name="assessment_sheets",
    )
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("考核表")
        verbose_name_plural = _("考核表")
        ordering = ["scheme_id", "branch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "assessor", "branch"], name="assessment_sheet_one_per_assessor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.branch_id} · {self.assessor_id}"


class SheetLine(models.Model):
    sheet = models.ForeignKey(
        AssessmentSheet, verbose_name=_("考核表"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(AssessmentItem, verbose_name=_("考核项目"), on_delete=models.PROTECT)
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="assessment_line_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"


class SheetCase(models.Model):
    sheet = models.ForeignKey(
        AssessmentSheet, verbose_name=_("考核表"), on_delete=models.CASCADE, related_name="applied"
    )
    case = models.ForeignKey(AssessmentCase, verbose_name=_("情形"), on_delete=models.PROTECT)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("适用情形")
        verbose_name_plural = _("适用情形")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "case"], name="assessment_case_once_per_sheet")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.note}"


class AssessmentResult(models.Model):
    class Grade(models.TextChoices):
        EXCELLENT = scoring.EXCELLENT, _("优秀")
        GOOD = scoring.GOOD, _("良好")
        PASS = scoring.PASS, _("合格")
        FAIL = scoring.FAIL, _("不合格")

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("考核方案"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    secretary = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("书记"),
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    rank = models.PositiveIntegerField(_("名次"))

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["scheme_id", "rank", "branch_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "branch"], name="assessment_result_one_per_branch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.branch_id} · {self.score}"


class SecretaryAnalysis(models.Model):
    """综合分析: a village secretary's record for a period (a year or a month), holding their
    village's registered figures as they stood when it was made (a snapshot, key → value,
    so a later correction of the records does not rewrite what the township discussed) and
    the township's assessment of the secretary's work."""

    class Conclusion(models.TextChoices):
        GOOD = "good", _("好")
        FAIR = "fair", _("较好")
        AVERAGE = "average", _("一般")
        POOR = "poor", _("较差")

    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        on_delete=models.PROTECT,
        related_name="secretary_analyses",
    )
    secretary = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("书记"),
        on_delete=models.PROTECT,
        related_name="secretary_analyses",
    )
    village = models.ForeignKey(
        "territory.Region",
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="secretary_analyses",
    )
    period = models.CharField(_("分析期间"), max_length=7)  # "2026" or "2026-11"
    figures = models.JSONField(_("村级指标"), default=dict)
    made_at = models.DateTimeField(_("生成时间"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    conclusion = models.CharField(
        _("分析结论"), max_length=16, choices=Conclusion.choices, blank=True
    )
    comment = models.TextField(_("乡镇意见"), blank=True)
    commented_at = models.DateTimeField(_("意见时间"), null=True, blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("书记综合分析")
        verbose_name_plural = _("书记综合分析")
        ordering = ["-period", "village__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "secretary", "period"], name="assessment_analysis_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.branch_id} · {self.secretary_id}"
