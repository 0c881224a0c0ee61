from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc


class Enterprise(models.Model):
    """A non-public enterprise and how party work reaches it."""

    class PartyOrgStatus(models.TextChoices):
        OWN = "own", _("单独建立党组织")
        JOINT = "joint", _("联合党支部")
        NONE = "none", _("未建立党组织")

    name = models.CharField(_("企业名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("网格"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    party_org_status = models.CharField(
        _("党组织建立情况"),
        max_length=8,
        choices=PartyOrgStatus.choices,
        default=PartyOrgStatus.NONE,
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("所属党组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    instructor = models.ForeignKey(
        "people.Resident",
        verbose_name=_("党建指导员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructed_enterprises",
    )
    employees = models.PositiveIntegerField(_("职工人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("非公企业")
        verbose_name_plural = _("非公企业")
        ordering = ["grid_id", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not uscc.is_valid(self.credit_code or ""):
            raise ValidationError({"credit_code": _("统一社会信用代码无效")})
        self.credit_code = uscc.compact(self.credit_code)
        if self.party_org_status == self.PartyOrgStatus.NONE and self.party_organization_id:
            raise ValidationError({"party_organization": _("未建立党组织的企业不能关联党组织")})

    @property
    def has_party_org(self) -> bool:
        return self.party_org_status != self.PartyOrgStatus.NONE

    @property
    def has_party_work(self) -> bool:
        return self.has_party_org or self.instructor_id is not None


class RiderStation(models.Model):
    """红蜂驿站: a service station for couriers and delivery riders."""

    name = models.CharField(_("名称"), max_length=100)
    grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("网格"),
        on_delete=models.PROTECT,
        related_name="rider_stations",
    )
    host = models.CharField(_("依托场所"), max_length=100, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    offers = models.JSONField(_("服务内容"), default=list, blank=True)

    class Meta:
        verbose_name = _("红蜂驿站")
        verbose_name_plural = _("红蜂驿站")
        ordering = ["grid_id", "name"]

    def __str__(self) -> str:
        return self.name


class InstructorVisit(models.Model):
    """A party-building instructor's visit to an enterprise they are sent to: what was
    done, and the follow-up it left (closed when done)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="visits"
    )
    instructor = models.ForeignKey(
        "people.Resident",
        verbose_name=_("党建指导员"),
        on_delete=models.PROTECT,
        related_name="instructor_visits",
    )
    visited_on = models.DateField(_("走访日期"))
    notes = models.TextField(_("走访情况"))
    follow_up = models.CharField(_("跟进事项"), max_length=200, blank=True)
    follow_up_due = models.DateField(_("跟进期限"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("跟进完成日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("指导员走访")
        verbose_name_plural = _("指导员走访")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.visited_on}"


class PartyOrgFounding(models.Model):
    """The founding of an enterprise's party organization (its own, or its joining a joint
    branch) as an event, dated: the coverage of a month counts the enterprises covered by
    its end."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="foundings"
    )
    founded_on = models.DateField(_("建立日期"))
    status = models.CharField(
        _("建立方式"),
        max_length=8,
        choices=[
            (Enterprise.PartyOrgStatus.OWN, Enterprise.PartyOrgStatus.OWN.label),
            (Enterprise.PartyOrgStatus.JOINT, Enterprise.PartyOrgStatus.JOINT.label),
        ],
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="enterprise_foundings",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("企业党组织组建")
        verbose_name_plural = _("企业党组织组建")
        ordering = ["-founded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.founded_on}"


class StationVisit(models.Model):
    """A day's use of a rider station: how many riders came and what they used."""

    station = models.ForeignKey(
        RiderStation, verbose_name=_("红蜂驿站"), on_delete=models.CASCADE, related_name="visits"
    )
    on = models.DateField(_("日期"))
    riders = models.PositiveIntegerField(_("服务骑手人次"))
    services = models.JSONField(_("使用的服务"), default=list, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("驿站服务记录")
        verbose_name_plural = _("驿站服务记录")
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["station", "on"], name="enterprises_station_visit_day")
        ]

    def __str__(self) -> str:
        return f"{self.station_id} · {self.on}"
