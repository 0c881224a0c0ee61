"""Work reports (信息报送) checked against the records: a report as it arrived (its file and
its text), the articles it was split into, every figure it quotes with the verdict of its
reconciliation, the reviewers' confirmations and dismissals, and the vocabulary that maps a
report's words to registered figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 20 * 1024 * 1024


class WorkReport(models.Model):
    class Source(models.TextChoices):
        TEXT = "text", _("文本文件")
        DOCX = "docx", _("Word文档")
        PDF = "pdf", _("PDF")
        PASTE = "paste", _("粘贴的文字")

    title = models.CharField(_("标题"), max_length=200)
    # The unit that checks it: figures about places outside this region are refused.
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("核对单位"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    original = models.BinaryField(_("原始文件"), blank=True, default=b"")
    encoding = models.CharField(_("编码"), max_length=16, blank=True)
    text = models.TextField(_("全文"))
    year = models.PositiveSmallIntegerField(_("报告年度"))  # what "今年" means
    month = models.PositiveSmallIntegerField(_("报告月份"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"))
    checked_at = models.DateTimeField(_("核对时间"))

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReportArticle(models.Model):
    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="articles")
    index = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=8)
    headline = models.CharField(_("标题"), max_length=300, blank=True)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所述区划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("所述党组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    authors = models.JSONField(_("作者"), default=list)
    start = models.PositiveIntegerField()  # span in the report's text
    end = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("报送稿件")
        verbose_name_plural = _("报送稿件")
        ordering = ["report", "index"]
        constraints = [
            models.UniqueConstraint(fields=["report", "index"], name="workreport_article_index")
        ]

    def __str__(self) -> str:
        return self.headline or self.unit or f"#{self.index + 1}"


class Verdict(models.TextChoices):
    MATCH = "match", _("一致")
    ROUNDING = "rounding", _("取整一致")
    APPROXIMATE = "approximate", _("约数相符")
    MISMATCH = "mismatch", _("不一致")
    NO_DATA = "no_data", _("无数据")
    STANDARD_MET = "standard_met", _("标准达到")
    STANDARD_FAILED = "standard_failed", _("标准未达到")
    REFUSED = "refused", _("超出核对范围")


# A symbol beside each verdict's colour, so that the colour is never the only sign.
VERDICT_SYMBOLS = {
    Verdict.MATCH: "✓",
    Verdict.ROUNDING: "≈",
    Verdict.APPROXIMATE: "≈",
    Verdict.MISMATCH: "✗",
    Verdict.NO_DATA: "?",
    Verdict.STANDARD_MET: "✓",
    Verdict.STANDARD_FAILED: "✗",
    Verdict.REFUSED: "—",
}
CHECKED = frozenset({Verdict.MATCH, Verdict.ROUNDING, Verdict.APPROXIMATE, Verdict.STANDARD_MET})
WRONG = frozenset({Verdict.MISMATCH, Verdict.STANDARD_FAILED})


class ReportFigure(models.Model):
    class Review(models.TextChoices):
        OPEN = "open", _("待复核")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已驳回")

    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="figures")
    article = models.ForeignKey(ReportArticle, on_delete=models.CASCADE, related_name="figures")
    index = models.PositiveIntegerField(_("序号"))
    start = models.PositiveIntegerField()  # span in the report's text
    end = models.PositiveIntegerField()
    text = models.CharField(_("原文"), max_length=100)
    sentence = models.TextField(_("所在句"), blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    low = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    approximate = models.BooleanField(_("约数"), default=False)
    percent = models.BooleanField(_("百分比"), default=False)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    subject = models.CharField(_("统计对象"), max_length=60, blank=True)
    period = models.CharField(_("时期"), max_length=30, blank=True)  # as the report says it
    period_key = models.CharField(_("核对时期"), max_length=10, blank=True)  # "" = now
    standard = models.BooleanField(_("标准"), default=False)
    per = models.CharField(_("每"), max_length=16, blank=True)
    place = models.CharField(_("所述地方"), max_length=100, blank=True)
    place_code = models.CharField(max_length=12, blank=True)
    figure_key = models.CharField(_("指标"), max_length=80, blank=True)
    figure_label = models.CharField(_("指标名称"), max_length=100, blank=True)
    verdict = models.CharField(_("核对结果"), max_length=16, choices=Verdict.choices)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    record_value = models.DecimalField(
        _("记录值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    record_text = models.CharField(_("记录值"), max_length=40, blank=True)
    records_url = models.CharField(max_length=300, blank=True)
    failing = models.JSONField(_("未达标的单位"), default=list, blank=True)
    review = models.CharField(_("复核"), max_length=10, choices=Review.choices, default=Review.OPEN)

    class Meta:
        verbose_name = _("报送数字")
        verbose_name_plural = _("报送数字")
        ordering = ["report", "index"]
        constraints = [
            models.UniqueConstraint(fields=["report", "index"], name="workreport_figure_index")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def symbol(self) -> str:
        return VERDICT_SYMBOLS[Verdict(self.verdict)]


class FigureReview(models.Model):
    """One reviewer's word on a verdict: kept, never edited (the trail of the report)."""

    figure = models.ForeignKey(ReportFigure, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(
        _("复核"),
        max_length=10,
        choices=[c for c in ReportFigure.Review.choices if c[0] != ReportFigure.Review.OPEN],
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("复核时间"))

    class Meta:
        verbose_name = _("报送数字复核")
        verbose_name_plural = _("报送数字复核")
        ordering = ["figure", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.figure}"


class SubjectPhrase(models.Model):
    """A report's words for what a registered figure counts ("建成红蜂驿站" → rider_stations),
    beside the defaults (`vocabulary.py`) and the figures' own labels. Administrators edit
    them; a reviewer teaches one from a report's page."""

    phrase = models.CharField(_("说法"), max_length=60)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)  # "" = any
    figure_key = models.CharField(_("指标"), max_length=80)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标说法")
        verbose_name_plural = _("指标说法")
        ordering = ["phrase", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "unit"], name="workreport_phrase_unique")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.figure_key}"
