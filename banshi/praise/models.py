"""表扬与党建品牌: a party-building brand (党建品牌: its goals and levels of linkage) with its
carriers (载体: Lei Feng routes, themed carriages, model posts, post models, …), and the
ledger of praise received (through 12345, letters, silk banners, in person), each for a
unit and, where named, the person or carrier it praises."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Brand(models.Model):
    owner = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("所属党组织"),
        on_delete=models.PROTECT,
        related_name="brands",
    )
    name = models.CharField(_("品牌名称"), max_length=100)
    goals = models.JSONField(_("目标"), default=list, blank=True)
    # The levels the brand links up, from the bottom (岗位 → 班组 → 车队 → 分公司 → 公司).
    linkage = models.JSONField(_("联动层级"), default=list, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("党建品牌")
        verbose_name_plural = _("党建品牌")
        ordering = ["owner_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="praise_brand_owner_name")
        ]

    def __str__(self) -> str:
        return self.name


class Carrier(models.Model):
    class Kind(models.TextChoices):
        CLASSROOM = "classroom", _("雷锋课堂")
        ROUTE = "route", _("雷锋线路")
        CARRIAGE = "carriage", _("雷锋车厢")
        MODEL_POST = "model_post", _("雷锋示范岗")
        POST_MODEL = "post_model", _("岗位学雷锋标兵")
        VOLUNTEER_TEAM = "volunteer_team", _("雷锋志愿服务队")

    class Level(models.TextChoices):
        COMPANY = "company", _("公司级")
        CITY = "city", _("市级")
        REGION = "region", _("自治区级")
        NATIONAL = "national", _("全国")

    # A route has its route number, a carriage its vehicle number.
    NUMBERED = {Kind.ROUTE, Kind.CARRIAGE}

    brand = models.ForeignKey(
        Brand, verbose_name=_("党建品牌"), on_delete=models.PROTECT, related_name="carriers"
    )
    kind = models.CharField(_("载体类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    number = models.CharField(_("线路号/车号"), max_length=32, blank=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, blank=True)
    person = models.ForeignKey(
        "people.Resident",
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="praise_carriers",
    )
    # A volunteer team carrier is the volunteers app's team: its members and hours roll up.
    team = models.ForeignKey(
        "volunteers.VolunteerTeam",
        verbose_name=_("志愿服务队"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="praise_carriers",
    )
    named_on = models.DateField(_("命名日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("品牌载体")
        verbose_name_plural = _("品牌载体")
        ordering = ["brand_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "kind", "name"], name="praise_carrier_brand_kind_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind in self.NUMBERED and not self.number:
            raise ValidationError({"number": _("雷锋线路和雷锋车厢须填写线路号或车号")})
        if self.kind == self.Kind.POST_MODEL and not self.level:
            raise ValidationError({"level": _("岗位学雷锋标兵须填写级别")})
        if self.kind != self.Kind.POST_MODEL and self.level:
            raise ValidationError({"level": _("只有岗位学雷锋标兵有级别")})
        if self.team_id and self.kind != self.Kind.VOLUNTEER_TEAM:
            raise ValidationError({"team": _("只有雷锋志愿服务队可以关联志愿服务队")})


class PraiseRecord(models.Model):
    class Kind(models.TextChoices):
        HOTLINE = "hotline", _("12345表扬")
        LETTER = "letter", _("表扬信")
        BANNER = "banner", _("锦旗")
        IN_PERSON = "in_person", _("当面表扬")

    kind = models.CharField(_("表扬方式"), max_length=16, choices=Kind.choices)
    received_on = models.DateField(_("收到日期"), db_index=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    content = models.TextField(_("表扬内容"))
    unit = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("被表扬单位"),
        on_delete=models.PROTECT,
        related_name="praise_records",
    )
    # The unit's region when recorded: figures count praise by the region it falls in.
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="praise_records",
    )
    person = models.ForeignKey(
        "people.Resident",
        verbose_name=_("被表扬人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="praise_records",
    )
    person_name = models.CharField(_("被表扬人员姓名"), max_length=64, blank=True)
    carrier = models.ForeignKey(
        Carrier,
        verbose_name=_("被表扬载体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="praises",
    )
    demand = models.ForeignKey(
        "demands.Demand",
        verbose_name=_("关联工单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="praise_records",
    )
    external_id = models.CharField(_("热线工单编号"), max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("表扬记录")
        verbose_name_plural = _("表扬记录")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "external_id"],
                condition=~Q(external_id=""),
                name="praise_record_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_on} · {self.get_kind_display()} · {self.unit_id}"

    @property
    def praised(self) -> str:
        """Whom the praise names: the carrier, the person, or nobody but the unit."""
        if self.carrier_id:
            return self.carrier.name
        if self.person_id:
            return self.person.name
        return self.person_name
