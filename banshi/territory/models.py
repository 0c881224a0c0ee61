"""Territory records. Subtree queries use the code prefix (a materialized path):
every place below a region has a code that starts with the region's prefix."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import codes
from .geometry import first_overlap, polygon_from_geojson


class Region(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("市")
        DISTRICT = "district", _("区")
        COUNTY = "county", _("县")
        BANNER = "banner", _("旗")
        STREET = "street", _("街道")
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        COMMUNITY = "community", _("社区")
        VILLAGE = "village", _("村")

    class Level(models.IntegerChoices):
        CITY = codes.CITY, _("市级")
        DISTRICT = codes.DISTRICT, _("县级")
        STREET = codes.STREET, _("乡级")
        COMMUNITY = codes.COMMUNITY, _("村级")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    prefix = models.CharField(_("代码前缀"), max_length=12, db_index=True, editable=False)
    name = models.CharField(_("名称"), max_length=64, db_index=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.level = codes.validate_child_code(self.code, self.parent.code if self.parent else None)
        self.prefix = codes.prefix_of(self.code)
        allowed = {
            codes.CITY: {self.Kind.CITY},
            codes.DISTRICT: {self.Kind.DISTRICT, self.Kind.COUNTY, self.Kind.BANNER},
            codes.STREET: {self.Kind.STREET, self.Kind.TOWN, self.Kind.TOWNSHIP},
            codes.COMMUNITY: {self.Kind.COMMUNITY, self.Kind.VILLAGE},
        }[self.level]
        if self.kind not in allowed:
            raise ValidationError({"kind": _("类型与代码层级不符")})
        if self.level == codes.STREET and codes.township_kind_of(self.code) != self.kind:
            raise ValidationError({"kind": _("乡级代码段与类型（街道/镇/乡）不符")})

    def save(self, *args, **kwargs):
        self.level = codes.level_of(self.code)
        self.prefix = codes.prefix_of(self.code)
        super().save(*args, **kwargs)

    def ancestors(self) -> list["Region"]:
        """Ancestors from the top, in one query (codes of ancestors are derivable)."""
        wanted = [
            codes.padded(codes.prefix_at(self.prefix, lvl))
            for lvl in codes.LEVEL_PREFIX_LEN
            if lvl < self.level
        ]
        return list(Region.objects.filter(code__in=wanted).order_by("level"))


class Grid(models.Model):
    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("综合网格")
        DEDICATED = "dedicated", _("专属网格")

    code = models.CharField(_("网格编码"), max_length=15, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    community = models.ForeignKey(
        Region, verbose_name=_("所属社区/村"), on_delete=models.PROTECT, related_name="grids"
    )
    kind = models.CharField(
        _("类型"), max_length=16, choices=Kind.choices, default=Kind.COMPREHENSIVE
    )
    boundary = models.JSONField(_("边界（GeoJSON）"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    # A grid is the smallest node of the territory: like a region it has a prefix (its whole
    # code) and a level, so figures and scopes treat both alike.
    @property
    def prefix(self) -> str:
        return self.code

    @property
    def level(self) -> int:
        return codes.GRID

    def ancestors(self) -> list[Region]:
        """The regions above the grid, from the top, in one query."""
        wanted = [codes.padded(codes.prefix_at(self.code, lvl)) for lvl in codes.LEVEL_PREFIX_LEN]
        return list(Region.objects.filter(code__in=wanted).order_by("level"))

    def clean(self) -> None:
        if self.community_id and self.community.level != codes.COMMUNITY:
            raise ValidationError({"community": _("网格只能设在社区或村之下")})
        if self.community_id:
            codes.validate_grid_code(self.code, self.community.code)
        if self.boundary:
            self._check_boundary()

    def _check_boundary(self) -> None:
        """A valid polygon that overlaps no other grid of the same community."""
        geom = polygon_from_geojson(self.boundary)
        others = (
            Grid.objects.filter(community_id=self.community_id)
            .exclude(pk=self.pk)
            .exclude(boundary=None)
            .values_list("name", "boundary")
        )
        overlapping = first_overlap(geom, others)
        if overlapping is not None:
            raise ValidationError(_("边界与同社区网格“%(name)s”重叠") % {"name": overlapping})


class Building(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("网格"), on_delete=models.PROTECT, related_name="buildings"
    )
    number = models.CharField(_("楼栋号"), max_length=32)
    name = models.CharField(_("名称"), max_length=64, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["grid_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "number"], name="building_number_unique")
        ]

    def __str__(self) -> str:
        return self.name or self.number


class Unit(models.Model):
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="units"
    )
    number = models.CharField(_("单元号"), max_length=16)

    class Meta:
        verbose_name = _("单元")
        verbose_name_plural = _("单元")
        ordering = ["building_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.building}{self.number}"


class Household(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("网格"), on_delete=models.PROTECT, related_name="households"
    )
    building = models.ForeignKey(
        Building,
        verbose_name=_("楼栋"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单元"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )
    door_number = models.CharField(_("户号"), max_length=32)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    size = models.PositiveSmallIntegerField(_("户内人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        ordering = ["grid_id", "building_id", "unit_id", "door_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "building", "unit", "door_number"], name="household_door_unique"
            )
        ]

    def __str__(self) -> str:
        return self.address or self.door_number

    def clean(self) -> None:
        if self.unit_id and self.building_id and self.unit.building_id != self.building_id:
            raise ValidationError({"unit": _("单元不属于该楼栋")})
        if self.building_id and self.building.grid_id != self.grid_id:
            raise ValidationError({"building": _("楼栋不属于该网格")})


class CommercialOutlet(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("网格"), on_delete=models.PROTECT, related_name="outlets"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("业态"), max_length=32)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("商业网点")
        verbose_name_plural = _("商业网点")
        ordering = ["grid_id", "name"]

    def __str__(self) -> str:
        return self.name
