"""实事项目: a community's practical-matter project with its place (the buildings whose
households benefit), its deliverables (target and measured value, a weight), the progress
reports that move them, photos before and after, spending against the budget, status
changes, residents' feedback (one per household), and the merging of compounds recorded as
a change of the territory (the buildings and households are kept, their compound changes)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import progress

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 12, "decimal_places": 2}


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        RUNNING = "running", _("实施中")
        FINISHED = "finished", _("已完成")
        SUSPENDED = "suspended", _("暂停")

    # The workflow as data: which status may follow which.
    TRANSITIONS = {
        Status.PLANNED: frozenset({Status.RUNNING}),
        Status.RUNNING: frozenset({Status.FINISHED, Status.SUSPENDED}),
        Status.SUSPENDED: frozenset({Status.RUNNING}),
        Status.FINISHED: frozenset(),
    }
    # Residents rate what they can see being done or done.
    RATEABLE = frozenset({Status.RUNNING, Status.FINISHED})

    title = models.CharField(_("项目名称"), max_length=100)
    summary = models.TextField(_("项目内容"), blank=True)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        related_name="practical_projects",
    )
    buildings = models.ManyToManyField(
        "territory.Building",
        verbose_name=_("受益楼栋"),
        related_name="practical_projects",
        blank=True,
    )
    budget = models.DecimalField(_("预算（元）"), default=Decimal(0), **MONEY)
    spent = models.DecimalField(_("已支出（元）"), default=Decimal(0), editable=False, **MONEY)
    starts_on = models.DateField(_("开工日期"))
    due_on = models.DateField(_("计划完成日期"))
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("实事项目")
        verbose_name_plural = _("实事项目")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def progress(self, deliverables=None) -> Decimal:
        """Overall progress: the deliverables' progress weighted by their weights."""
        rows = self.deliverables.all() if deliverables is None else deliverables
        return progress.overall((d.progress, d.weight) for d in rows)

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class Deliverable(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("实事项目"), on_delete=models.CASCADE, related_name="deliverables"
    )
    name = models.CharField(_("建设内容"), max_length=100)
    unit = models.CharField(_("单位"), max_length=16)
    target = models.DecimalField(
        _("目标值"), validators=[MinValueValidator(Decimal("0.01"))], **QUANTITY
    )
    measured = models.DecimalField(_("完成值"), default=Decimal(0), **QUANTITY)
    weight = models.PositiveIntegerField(_("权重"), default=1, validators=[MinValueValidator(1)])
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("建设内容")
        verbose_name_plural = _("建设内容")
        ordering = ["project_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="projects_deliverable_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.target}{self.unit}"

    @property
    def progress(self) -> Decimal:
        return progress.share(self.measured, self.target)

    @property
    def percent(self) -> int:
        return progress.percent(self.progress)


class ProjectProgressReport(models.Model):
    """A measured value reported on a day; the deliverable takes the latest reported."""

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("建设内容"), on_delete=models.CASCADE, related_name="reports"
    )
    measured = models.DecimalField(_("完成值"), **QUANTITY)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("填报时间"))

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.deliverable_id} · {self.on} · {self.measured}"


def photo_path(instance, filename: str) -> str:
    return f"projects/{instance.uploaded_at:%Y/%m}/{filename}"


class ProjectPhoto(models.Model):
    class Phase(models.TextChoices):
        BEFORE = "before", _("改造前")
        DURING = "during", _("施工中")
        AFTER = "after", _("改造后")

    project = models.ForeignKey(
        Project, verbose_name=_("实事项目"), on_delete=models.CASCADE, related_name="photos"
    )
    phase = models.CharField(_("阶段"), max_length=8, choices=Phase.choices)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    file = models.FileField(_("文件"), upload_to=photo_path)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("项目照片")
        verbose_name_plural = _("项目照片")
        ordering = ["project_id", "phase", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.phase} · {self.caption}"


class ProjectSpending(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("实事项目"), on_delete=models.CASCADE, related_name="spendings"
    )
    item = models.CharField(_("支出事项"), max_length=100)
    amount = models.DecimalField(
        _("金额（元）"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    on = models.DateField(_("支出日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("项目支出")
        verbose_name_plural = _("项目支出")
        ordering = ["project_id", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class ProjectStatusChange(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("实事项目"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=Project.Status.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=16, choices=Project.Status.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("操作时间"))

    class Meta:
        verbose_name = _("项目状态变更")
        verbose_name_plural = _("项目状态变更")
        ordering = ["project_id", "on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status} → {self.to_status}"


class ProjectFeedback(models.Model):
    """A household's rating of a project: one per household (a second replaces the first)."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    # Counted as satisfied in the satisfaction rate, as the demands' rate counts them.
    GOOD = frozenset({Rating.SATISFIED, Rating.BASIC})

    project = models.ForeignKey(
        Project, verbose_name=_("实事项目"), on_delete=models.CASCADE, related_name="feedback"
    )
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("居民"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "territory.Household", verbose_name=_("户"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices)
    comment = models.CharField(_("意见建议"), max_length=300, blank=True)
    at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("居民评价")
        verbose_name_plural = _("居民评价")
        ordering = ["project_id", "-at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "household"], name="projects_feedback_one_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.household_id} · {self.rating}"


class CompoundMerge(models.Model):
    """Compounds (小区/院落) of a community merged into one: a change of the territory. The
    territory holds no compound record (a compound is the leading part of its buildings'
    names), so the merge keeps, per building moved, the compound it was in; buildings and
    households stay as they are."""

    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        related_name="compound_merges",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("实事项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merges",
    )
    merged_names = models.JSONField(_("合并的小区"), default=list)
    new_name = models.CharField(_("合并后名称"), max_length=64)
    on = models.DateField(_("合并日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("小区合并")
        verbose_name_plural = _("小区合并")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{'、'.join(self.merged_names)} → {self.new_name}"


class CompoundMergeBuilding(models.Model):
    merge = models.ForeignKey(
        CompoundMerge, verbose_name=_("小区合并"), on_delete=models.CASCADE, related_name="moves"
    )
    building = models.ForeignKey(
        "territory.Building",
        verbose_name=_("楼栋"),
        on_delete=models.PROTECT,
        related_name="compound_moves",
    )
    old_name = models.CharField(_("原小区"), max_length=64)

    class Meta:
        verbose_name = _("并入楼栋")
        verbose_name_plural = _("并入楼栋")
        ordering = ["merge_id", "old_name", "building_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merge", "building"], name="projects_merge_building_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.building_id}: {self.old_name}"
