"""Admin of the demands app. The taxonomy and the deadline rules are edited here; demands
are not: their state is read-only and every change goes through the services (the admin
actions call them too), the timeline and the marks are append-only."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.core.admin import ScopedModelAdmin, ScopedTabularInline

from . import services
from .models import (
    Category,
    DeadlineRule,
    Demand,
    DemandEvent,
    DemandPhoto,
    Notification,
    OverdueMark,
    WhistleCall,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "handling_level", "default_department", "complexity", "active"]
    list_filter = ["handling_level", "complexity", "active"]
    search_fields = ["code", "name"]
    list_editable = ["active"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ScopedModelAdmin):
    list_display = ["stage", "category", "urgency", "hours"]
    list_filter = ["stage", "urgency", "category"]


class EventInline(ReadOnlyMixin, ScopedTabularInline):
    model = DemandEvent
    fields = ["at", "kind", "from_state", "to_state", "user", "note"]
    readonly_fields = fields
    ordering = ["at", "id"]


class PhotoInline(ReadOnlyMixin, ScopedTabularInline):
    model = DemandPhoto
    fields = ["kind", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


class WhistleInline(ReadOnlyMixin, ScopedTabularInline):
    model = WhistleCall
    fields = ["department", "called_at", "sign_due", "signed_at", "overdue"]
    readonly_fields = fields


def _run(modeladmin, request, queryset, service, **kwargs):
    done = 0
    for demand in queryset:
        try:
            service(demand=demand, user=request.user, **kwargs)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(
                request, f"{demand.tracking_code}：{text}", level=messages.ERROR
            )
    if done:
        modeladmin.message_user(request, _("已处理 %(n)d 件") % {"n": done})


@admin.action(description=gettext_lazy("派往默认承办单位"))
def dispatch_default(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.demand_dispatch)


@admin.action(description=gettext_lazy("结案"))
def close(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.demand_close)


@admin.register(Demand)
class DemandAdmin(ScopedModelAdmin):
    list_display = [
        "tracking_code",
        "category",
        "state",
        "channel",
        "urgency",
        "assigned_level",
        "assigned_code",
        "received_at",
        "sign_overdue",
        "resolve_overdue",
        "escalation_level",
    ]
    list_filter = ["state", "channel", "urgency", "category", "resolve_overdue"]
    search_fields = ["tracking_code", "external_id"]
    date_hierarchy = "received_at"
    list_select_related = ["category"]
    inlines = [EventInline, PhotoInline, WhistleInline]
    actions = [dispatch_default, close]
    # Nothing on a demand is edited by hand: `state` above all, which only the state
    # machine moves.
    readonly_fields = [
        f.name
        for f in Demand._meta.get_fields()
        if getattr(f, "concrete", False) and not f.auto_created
    ]

    def has_add_permission(self, request):
        return False  # demands come in through demand_submit (web, API, hotline import)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DemandEvent)
class DemandEventAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["at", "demand", "kind", "from_state", "to_state", "user"]
    list_filter = ["kind"]
    search_fields = ["demand__tracking_code"]
    list_select_related = ["demand__category", "user"]


@admin.register(WhistleCall)
class WhistleCallAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["demand", "department", "called_at", "sign_due", "signed_at", "overdue"]
    list_filter = ["overdue", "department"]
    list_select_related = ["demand__category", "department"]


@admin.register(OverdueMark)
class OverdueMarkAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["at", "demand", "stage", "cycle", "unit_code", "escalated_to"]
    list_filter = ["stage"]
    list_select_related = ["demand__category"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["created_at", "demand", "kind", "unit_key", "recipient_user", "read"]
    list_filter = ["kind", "read"]
    list_select_related = ["demand__category", "recipient_user"]


@admin.register(DemandPhoto)
class DemandPhotoAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["uploaded_at", "demand", "kind", "content_type", "size"]
    list_select_related = ["demand__category"]
