from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from banshi.core.admin import ScopedModelAdmin, ScopedTabularInline

from .models import Building, CommercialOutlet, Grid, Household, Region, Unit


@admin.register(Region)
class RegionAdmin(ScopedModelAdmin):
    list_display = ["name", "code", "kind", "level", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    readonly_fields = ["prefix", "level"]

    def get_readonly_fields(self, request, obj=None):
        # A code is the materialized path of everything below: it is never edited in place.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "code", "parent"] if obj is not None else fields


class UnitInline(ScopedTabularInline):
    model = Unit
    fields = ["number"]


@admin.register(Grid)
class GridAdmin(ScopedModelAdmin):
    list_display = ["name", "code", "community", "kind", "has_boundary"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["community"]
    list_select_related = ["community"]
    readonly_fields = ["updated_at"]

    @admin.display(boolean=True, description=_("已绘制边界"))
    def has_boundary(self, obj):
        return bool(obj.boundary)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "code", "community"] if obj is not None else fields


@admin.register(Building)
class BuildingAdmin(ScopedModelAdmin):
    list_display = ["__str__", "number", "grid", "lat", "lng"]
    search_fields = ["number", "name", "grid__name", "grid__code"]
    autocomplete_fields = ["grid"]
    list_select_related = ["grid"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    list_display = ["__str__", "building", "number"]
    search_fields = ["number", "building__number", "building__name", "building__grid__name"]
    autocomplete_fields = ["building"]
    list_select_related = ["building"]


@admin.register(Household)
class HouseholdAdmin(ScopedModelAdmin):
    list_display = ["__str__", "door_number", "grid", "building", "unit", "size"]
    search_fields = ["address", "door_number", "grid__name", "grid__code"]
    autocomplete_fields = ["grid", "building", "unit"]
    list_select_related = ["grid", "building", "unit"]
    list_filter = [("grid", admin.RelatedOnlyFieldListFilter)]


@admin.register(CommercialOutlet)
class CommercialOutletAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "grid"]
    list_filter = ["kind"]
    search_fields = ["name", "kind", "grid__name"]
    autocomplete_fields = ["grid"]
    list_select_related = ["grid"]
