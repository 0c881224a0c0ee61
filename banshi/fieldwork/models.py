"""Field work of grid workers (巡查走访): patrols with their findings, home visits with the
needs found, and the photos taken on the way. Every record carries the UUID the phone gave
it (`client_id`), so a record sent twice from an offline outbox is stored once."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from banshi.territory.geometry import distance_m


class Patrol(models.Model):
    """A routine patrol (巡查) of one grid by its grid worker."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    grid = models.ForeignKey(
        "territory.Grid", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="patrols"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格员"),
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    worker_resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("网格员（居民）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), db_index=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    route = models.JSONField(_("巡查轨迹"), default=list, blank=True)
    # The route's length, worked out when the patrol is stored (figures sum it).
    route_m = models.PositiveIntegerField(_("巡查里程（米）"), default=0)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("巡查")
        verbose_name_plural = _("巡查")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.grid} {self.started_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def route_length_m(route) -> int:
        """Metres along the route's points, in order (great-circle legs)."""
        return round(
            sum(
                distance_m(a["lat"], a["lng"], b["lat"], b["lng"])
                for a, b in zip(route, route[1:], strict=False)
            )
        )


class Finding(models.Model):
    """Something seen on a patrol; it can be turned into a demand in one step."""

    class Kind(models.TextChoices):
        HAZARD = "hazard", _("安全隐患")
        ENVIRONMENT = "environment", _("环境卫生")
        FACILITY = "facility", _("设施损坏")
        DISPUTE = "dispute", _("矛盾纠纷")
        PUBLIC_ORDER = "public_order", _("治安隐患")
        OTHER = "other", _("其他")

    # The demand category each kind becomes (codes of banshi.demands' default taxonomy).
    CATEGORY = {
        Kind.HAZARD: "public_order",
        Kind.ENVIRONMENT: "sanitation",
        Kind.FACILITY: "municipal",
        Kind.DISPUTE: "neighbour",
        Kind.PUBLIC_ORDER: "public_order",
        Kind.OTHER: "other",
    }

    client_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    patrol = models.ForeignKey(
        Patrol, verbose_name=_("巡查"), on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, db_index=True)
    note = models.TextField(_("情况说明"))
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    found_at = models.DateTimeField(_("发现时间"))
    demand = models.OneToOneField(
        "demands.Demand",
        verbose_name=_("转为诉求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finding",
    )

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
        ordering = ["-found_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.note[:20]}"


class HomeVisit(models.Model):
    """A home visit (入户走访). `grid` is the worker's grid when the visit was recorded; a
    visit recorded offline for a household that was moved or removed meanwhile is kept,
    flagged for review."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    grid = models.ForeignKey(
        "territory.Grid", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="visits"
    )
    household = models.ForeignKey(
        "territory.Household",
        verbose_name=_("户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    household_ref = models.PositiveBigIntegerField(_("户编号（提交时）"))
    household_label = models.CharField(_("户（提交时）"), max_length=200, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格员"),
        on_delete=models.PROTECT,
        related_name="home_visits",
    )
    worker_resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("网格员（居民）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited_at = models.DateTimeField(_("走访时间"), db_index=True)
    met = models.CharField(_("接待人"), max_length=100, blank=True)
    situation = models.TextField(_("家庭情况"), blank=True)
    follow_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    flagged_for_review = models.BooleanField(_("待核查"), default=False, db_index=True)
    flag_reason = models.CharField(_("核查原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("入户走访")
        verbose_name_plural = _("入户走访")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["household", "visited_at"], name="visit_household_idx")]

    def __str__(self) -> str:
        return f"{self.household_label} {self.visited_at:%Y-%m-%d}"


class VisitNeed(models.Model):
    """A need found on a home visit; it can be turned into a demand in one step."""

    class Kind(models.TextChoices):
        ELDERLY = "elderly", _("养老")
        HEALTH = "health", _("健康")
        EMPLOYMENT = "employment", _("就业")
        HOUSING = "housing", _("住房")
        DISPUTE = "dispute", _("纠纷")
        POLICY = "policy", _("政策咨询")
        OTHER = "other", _("其他")

    CATEGORY = {
        Kind.ELDERLY: "elderly",
        Kind.HEALTH: "other",
        Kind.EMPLOYMENT: "employment",
        Kind.HOUSING: "property",
        Kind.DISPUTE: "neighbour",
        Kind.POLICY: "other",
        Kind.OTHER: "other",
    }

    visit = models.ForeignKey(
        HomeVisit, verbose_name=_("走访"), on_delete=models.CASCADE, related_name="needs"
    )
    kind = models.CharField(_("需求类型"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    demand = models.OneToOneField(
        "demands.Demand",
        verbose_name=_("转为诉求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_need",
    )

    class Meta:
        verbose_name = _("走访需求")
        verbose_name_plural = _("走访需求")
        ordering = ["visit_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "kind"], name="visit_need_kind_unique")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


def photo_path(instance, filename: str) -> str:
    return f"fieldwork/{instance.uploaded_at:%Y/%m}/{filename}"


class FieldPhoto(models.Model):
    """A photo uploaded from the phone (already shrunk there). Uploaded before the record it
    belongs to, which then claims it by its client id."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    grid = models.ForeignKey(
        "territory.Grid", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="+"
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("巡查发现"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    file = models.FileField(_("文件"), upload_to=photo_path)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.client_id}"
