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
