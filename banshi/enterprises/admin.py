from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from banshi.core.admin import ScopedModelAdmin

from .models import Enterprise, RiderStation


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedModelAdmin):
    list_display = [
        "name",
        "credit_code",
        "grid",
        "party_org_status",
        "instructor",
        "has_party_work",
        "employees",
    ]
    list_filter = ["party_org_status"]
    list_select_related = ["grid", "instructor"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["grid", "party_organization", "instructor"]

    @admin.display(boolean=True, description=_("党的工作覆盖"))
    def has_party_work(self, obj):
        return obj.has_party_work


@admin.register(RiderStation)
class RiderStationAdmin(ScopedModelAdmin):
    list_display = ["name", "host", "grid"]
    list_select_related = ["grid"]
    search_fields = ["name", "host", "grid__name"]
    autocomplete_fields = ["grid"]
