"""The demand: where it is, who reported it (encrypted), its state, its stored deadlines,
the unit it is assigned to and the marks of what went overdue."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banshi.core import crypto

from .taxonomy import Category, Level, Urgency

# Crockford's base32 without I, L, O, U: easy to read out on the phone.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 10  # 50 bits


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


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
        RIDER = "rider", _("骑手随手拍")

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
    # SHA-256 of the request as taken in: a retry with the key must carry the same request.
    request_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
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
        return f"{self.tracking_code} {self.category.label if self.category_id else ''}"

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
