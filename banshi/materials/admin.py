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


class _ReadOnly:
    """Pushes and receipts are made by `material_push` (which writes a receipt for each
    member of the branch at that moment) and opened by the member: the admin only shows
    them, so no push is saved without its receipts."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MaterialPush)
class MaterialPushAdmin(_ReadOnly, ScopedModelAdmin):
    list_display = ["material", "organization", "pushed_at"]
    list_select_related = ["material", "organization"]
    search_fields = ["material__title", "organization__name"]
    autocomplete_fields = ["material", "organization"]


@admin.register(MaterialReceipt)
class MaterialReceiptAdmin(_ReadOnly, ScopedModelAdmin):
    list_display = ["push", "member", "delivered_at", "opened_at"]
    list_select_related = ["push__material", "push__organization", "member__resident"]
    autocomplete_fields = ["push", "member"]
    search_fields = ["member__resident__name", "push__material__title"]
