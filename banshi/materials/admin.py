from django.contrib import admin

from banshi.core.admin import ScopedModelAdmin

from .models import LearningMaterial, MaterialPush, MaterialReceipt


@admin.register(LearningMaterial)
class LearningMaterialAdmin(ScopedModelAdmin):
    list_display = ["title", "publisher", "month", "published_at"]
    list_select_related = ["publisher"]
    search_fields = ["title"]
    autocomplete_fields = ["publisher"]
    # A file comes in only through the service's upload check, never the admin's form.
    readonly_fields = ["file", "file_type"]
    date_hierarchy = "published_at"


@admin.register(MaterialPush)
class MaterialPushAdmin(ScopedModelAdmin):
    list_display = ["material", "organization", "pushed_at"]
    list_select_related = ["material", "organization"]
    search_fields = ["material__title", "organization__name"]
    autocomplete_fields = ["material", "organization"]


@admin.register(MaterialReceipt)
class MaterialReceiptAdmin(ScopedModelAdmin):
    list_display = ["push", "member", "delivered_at", "opened_at"]
    list_select_related = ["push__material", "push__organization", "member__resident"]
    autocomplete_fields = ["push", "member"]
    search_fields = ["member__resident__name", "push__material__title"]
