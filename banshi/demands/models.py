"""Residents' demands (接诉即办): the taxonomy, the deadline rules, the demand with its
stored deadlines and assigned unit, its append-only timeline, photos, notifications,
whistle calls (吹哨报到) and overdue marks.

A demand's `state` changes only through `banshi.demands.services`, which consult the state
machine in `banshi.demands.workflow`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banshi.core import crypto

# Crockford's base32 without I, L, O, U: easy to read out on the phone.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 10  # 50 bits


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class Level(models.TextChoices):
    """The levels a unit can sit at. Territorial units are identified by their code prefix."""

    GRID = "grid", _("网格")
    COMMUNITY = "community", _("社区")
    STREET = "street", _("街道")
    DISTRICT = "district", _("区县")
    CITY = "city", _("市级")
    DEPARTMENT = "department", _("职能部门")


class Category(models.Model):
    class Complexity(models.TextChoices):
        GENERAL = "general", _("一般")
        COMPLEX = "complex", _("复杂")
        UTILITY = "utility", _("水电气暖")

    HANDLING_LEVELS = [
        (Level.GRID, Level.GRID.label),
        (Level.COMMUNITY, Level.COMMUNITY.label),
        (Level.STREET, Level.STREET.label),
        (Level.DEPARTMENT, Level.DEPARTMENT.label),
    ]

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    handling_level = models.CharField(
        _("默认承办层级"), max_length=16, choices=HANDLING_LEVELS, default=Level.COMMUNITY
    )
    default_department = models.ForeignKey(
        "access.Department",
        verbose_name=_("默认承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("承办层级为职能部门时派往该部门"),
    )
    complexity = models.CharField(
        _("复杂程度"), max_length=16, choices=Complexity.choices, default=Complexity.GENERAL
    )
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    DISPATCH = "dispatch", _("派单")
    SIGN = "sign", _("签收")
    RESOLVE = "resolve", _("办结")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    EMERGENCY = "emergency", _("特急")


class DeadlineRule(models.Model):
    """Hours allowed for a stage. The most specific rule wins: category and urgency, then
    urgency alone, then category alone, then the default (neither)."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示所有类别"),
    )
    urgency = models.CharField(
        _("紧急程度"),
        max_length=16,
        choices=Urgency.choices,
        blank=True,
        help_text=_("留空表示所有紧急程度"),
    )
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices)
    hours = models.DecimalField(_("时限（小时）"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("办理时限规则")
        verbose_name_plural = _("办理时限规则")
        ordering = ["stage", "category_id", "urgency"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency", "stage"],
                condition=Q(category__isnull=False),
                name="deadline_rule_unique",
            ),
            models.UniqueConstraint(
                fields=["urgency", "stage"],
                condition=Q(category__isnull=True),
                name="deadline_rule_default_unique",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="deadline_rule_hours_positive"),
        ]

    def __str__(self) -> str:
        who = self.category.name if self.category_id else _("所有类别")
        urgency = self.get_urgency_display() if self.urgency else _("所有紧急程度")
        return f"{who} · {urgency} · {self.get_stage_display()} {self.hours}h"


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("append-only records are never deleted")

    def update(self, **kwargs):
        raise PermissionError("append-only records are never changed")


# Columns every rate query reads besides its period column (see the covering indexes).
_RATE_UNIT = ["id", "assigned_level", "assigned_department", "state"]


class Demand(models.Model):
    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("12345热线")
        GRID_WORKER = "grid_worker", _("网格员上报")
        WALK_IN = "walk_in", _("来访")
        WEB = "web", _("网上提交")
        API = "api", _("接口")
        OPEN311 = "open311", _("Open311")

    class State(models.TextChoices):
        RECEIVED = "received", _("已受理")
        DISPATCHED = "dispatched", _("已派单")
        SIGNED = "signed", _("已签收")
        IN_PROGRESS = "in_progress", _("办理中")
        RESOLVED = "resolved", _("已办结")
        RATED = "rated", _("已评价")
        CLOSED = "closed", _("已结案")
        RETURNED = "returned", _("已退单")
        ESCALATED = "escalated", _("吹哨报到中")
        MERGED = "merged", _("已合并")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    Urgency = Urgency
    Level = Level

    tracking_code = models.CharField(
        _("查询码"), max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT)
    description = models.TextField(_("诉求内容"))
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    building = models.ForeignKey(
        "territory.Building",
        verbose_name=_("楼栋"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        "territory.Household",
        verbose_name=_("户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Where the demand is, derived by routing. `territory_code` is the grid's code, or the
    # community's / street's prefix when no grid is known; it scopes who may see the demand.
    grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("所在网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )
    community = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所在社区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    street = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所在街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    territory_code = models.CharField(_("区划编码"), max_length=15, blank=True, db_index=True)
    needs_city_dispatch = models.BooleanField(
        _("待市级派单"), default=False, help_text=_("无法定位到任何网格或街道")
    )

    reporter_name_enc = models.TextField(_("联系人（密文）"), blank=True, editable=False)
    reporter_name_masked = models.CharField(_("联系人"), max_length=64, blank=True)
    reporter_phone_enc = models.TextField(_("联系电话（密文）"), blank=True, editable=False)
    reporter_phone_hash = models.CharField(max_length=40, blank=True, db_index=True)
    reporter_phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("提交居民"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )

    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    # The unit the demand is assigned to. `assigned_code` is the territorial unit's code
    # prefix (15 digits grid, 12 community, 9 street, 6 district), so a region's figures
    # are one prefix match and a ranking is one GROUP BY over a prefix of it.
    assigned_level = models.CharField(
        _("承办层级"), max_length=16, choices=Level.choices, blank=True
    )
    assigned_code = models.CharField(_("承办单位编码"), max_length=15, blank=True)
    assigned_grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("承办网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("承办区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_department = models.ForeignKey(
        "access.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )
    # Supervision after an overdue stage (督办): the unit one level above.
    escalation_level = models.PositiveSmallIntegerField(_("督办层级"), default=0)
    supervisor_code = models.CharField(_("督办单位编码"), max_length=15, blank=True)

    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    dispatch_due = models.DateTimeField(_("派单时限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    sign_due = models.DateTimeField(_("签收时限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始办理时间"), null=True, blank=True)
    resolve_due = models.DateTimeField(_("办结时限"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    resolution_note = models.TextField(_("办理结果"), blank=True)
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices, blank=True)
    rating_note = models.CharField(_("评价意见"), max_length=500, blank=True)

    dispatch_overdue = models.BooleanField(_("派单超时"), default=False)
    sign_overdue = models.BooleanField(_("签收超时"), default=False)
    resolve_overdue = models.BooleanField(_("办结超时"), default=False)
    cycle = models.PositiveSmallIntegerField(_("办理轮次"), default=0, editable=False)

    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_demands",
    )
    external_id = models.CharField(_("外部工单编号"), max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    ACTIVE_STATES = (
        State.RECEIVED,
        State.DISPATCHED,
        State.SIGNED,
        State.IN_PROGRESS,
        State.RETURNED,
        State.ESCALATED,
    )

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="demand_external_id_unique",
            ),
        ]
        indexes = [
            # The three rates: a period range, covering every column the ranking reads, so
            # PostgreSQL answers from the index alone (`include` is ignored on SQLite).
            models.Index(
                fields=["dispatched_at", "assigned_code"],
                include=[*_RATE_UNIT, "signed_at", "sign_due"],
                name="demand_rate_dispatch_cov",
            ),
            models.Index(
                fields=["resolve_due", "assigned_code"],
                include=[*_RATE_UNIT, "resolved_at"],
                name="demand_rate_due_cov",
            ),
            models.Index(
                fields=["rated_at", "assigned_code"],
                include=[*_RATE_UNIT, "rating"],
                name="demand_rate_rated_cov",
            ),
            models.Index(
                fields=["assigned_department", "dispatched_at"], name="demand_dept_dispatch_idx"
            ),
            # Queues and topics.
            models.Index(fields=["assigned_code", "state"], name="demand_queue_idx"),
            models.Index(fields=["territory_code", "received_at"], name="demand_topic_idx"),
            models.Index(fields=["category", "received_at"], name="demand_dup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.category.name if self.category_id else ''}"

    def delete(self, *args, **kwargs):
        raise PermissionError("demands are never deleted")

    @property
    def reporter_name(self) -> str:
        return crypto.decrypt(self.reporter_name_enc)

    @property
    def reporter_phone(self) -> str:
        return crypto.decrypt(self.reporter_phone_enc)

    @property
    def current_due(self):
        """The deadline of the stage the demand is in."""
        S = self.State
        if self.state in (S.RECEIVED, S.RETURNED):
            return self.dispatch_due
        if self.state == S.DISPATCHED:
            return self.sign_due
        if self.state in (S.SIGNED, S.IN_PROGRESS, S.ESCALATED):
            return self.resolve_due
        return None

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def assigned_unit_name(self) -> str:
        if self.assigned_department_id:
            return self.assigned_department.name
        if self.assigned_grid_id:
            return self.assigned_grid.name
        if self.assigned_region_id:
            return self.assigned_region.name
        return str(_("市级派单中心")) if self.needs_city_dispatch else ""

    def primary(self) -> "Demand":
        """The demand this one was merged into, followed to the end of the chain."""
        demand, seen = self, {self.pk}
        while demand.merged_into_id and demand.merged_into_id not in seen:
            seen.add(demand.merged_into_id)
            demand = demand.merged_into
        return demand


class DemandPhoto(models.Model):
    class Kind(models.TextChoices):
        INTAKE = "intake", _("诉求照片")
        RESOLUTION = "resolution", _("办理照片")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="photos"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.INTAKE)
    file = models.FileField(_("文件"), upload_to="demands/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DemandEvent(models.Model):
    """One entry on a demand's timeline. Append-only: never changed, never deleted."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("受理")
        DISPATCHED = "dispatched", _("派单")
        SIGNED = "signed", _("签收")
        STARTED = "started", _("开始办理")
        RESOLVED = "resolved", _("办结")
        RATED = "rated", _("评价")
        CLOSED = "closed", _("结案")
        RETURNED = "returned", _("退单")
        REASSIGNED = "reassigned", _("改派")
        ESCALATED = "escalated", _("吹哨")
        WHISTLE_SIGNED = "whistle_signed", _("报到")
        WHISTLE_OVERDUE = "whistle_overdue", _("报到超时")
        REOPENED = "reopened", _("重办")
        MERGED = "merged", _("合并")
        MERGED_IN = "merged_in", _("并入重复诉求")
        OVERDUE = "overdue", _("超时督办")
        PHOTO = "photo", _("上传照片")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    from_state = models.CharField(
        _("原状态"), max_length=16, choices=Demand.State.choices, blank=True
    )
    to_state = models.CharField(
        _("新状态"), max_length=16, choices=Demand.State.choices, blank=True
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["demand", "at"], name="demand_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("demand events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("demand events are append-only")


class WhistleCall(models.Model):
    """吹哨报到: the street calls a department in; the department must report (sign)
    within 30 minutes."""

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="whistle_calls"
    )
    department = models.ForeignKey(
        "access.Department",
        verbose_name=_("报到部门"),
        on_delete=models.PROTECT,
        related_name="whistle_calls",
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吹哨人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    called_at = models.DateTimeField(_("吹哨时间"))
    sign_due = models.DateTimeField(_("报到时限"))
    signed_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报到人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overdue = models.BooleanField(_("报到超时"), default=False)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("吹哨报到")
        verbose_name_plural = _("吹哨报到")
        ordering = ["called_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "department"],
                condition=Q(signed_at__isnull=True),
                name="whistle_call_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand.tracking_code} → {self.department}"


class OverdueMark(models.Model):
    """A stage found overdue by the sweep. The unique constraint makes the mark, and the
    escalation that comes with it, happen once per stage and handling round."""

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="overdue_marks"
    )
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices)
    cycle = models.PositiveSmallIntegerField(_("办理轮次"), default=0)
    at = models.DateTimeField(_("标记时间"))
    due = models.DateTimeField(_("时限"))
    unit_code = models.CharField(_("承办单位"), max_length=32, blank=True)
    escalated_to = models.CharField(_("督办单位"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("超时记录")
        verbose_name_plural = _("超时记录")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "stage", "cycle"], name="overdue_mark_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand.tracking_code} {self.get_stage_display()}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        DISPATCHED = "dispatched", _("新派单")
        OVERDUE = "overdue", _("超时提醒")
        ESCALATED = "escalated", _("督办")
        WHISTLE = "whistle", _("吹哨报到")
        RETURNED = "returned", _("退单")
        RESOLVED = "resolved", _("已办结")
        REOPENED = "reopened", _("重办")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    # The unit addressed (its key, e.g. "community:150105001001" or "department:3"), and
    # one row per user who holds a role at that unit.
    unit_key = models.CharField(_("接收单位"), max_length=40, blank=True, db_index=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="demand_notifications",
    )
    note = models.CharField(_("内容"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"))
    read = models.BooleanField(_("已读"), default=False)

    class Meta:
        verbose_name = _("诉求通知")
        verbose_name_plural = _("诉求通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient_user", "read"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.demand.tracking_code}"
