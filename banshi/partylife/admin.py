"""The data admin of party life, limited to the user's scope. Published plans and the
attendance of held activities are read-only here: their changes go through the services
(amend a plan with a reason; mark attendance on the activity page)."""

from django.contrib import admin

from banshi.core.admin import ScopedModelAdmin, ScopedTabularInline

from .models import (
    Activity,
    AnnualPlan,
    AppraisalGrade,
    AppraisalRound,
    Attendance,
    LeaveRequest,
    MakeUp,
    PlanMonth,
    Talk,
    Venue,
)


class PlanMonthInline(ScopedTabularInline):
    model = PlanMonth
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ScopedModelAdmin):
    list_display = ["__str__", "organization", "year", "version", "status", "published_at"]
    list_filter = ["status", "year"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["version", "status", "supersedes", "published_at", "created_by"]
    inlines = [PlanMonthInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Venue)
class VenueAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "region", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["region", "organization"]


class AttendanceInline(ScopedTabularInline):
    model = Attendance
    extra = 0
    fields = ["member", "status", "method", "checked_in_at", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ScopedModelAdmin):
    list_display = ["title", "organization", "kind", "planned_at", "held_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "theme"]
    date_hierarchy = "planned_at"
    autocomplete_fields = ["organization", "co_organizations", "venue", "lecturer"]
    readonly_fields = ["status", "created_by"]
    inlines = [AttendanceInline]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ScopedModelAdmin):
    list_display = ["__str__", "reason", "status", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["attendance", "status", "decided_by", "decided_at"]


@admin.register(MakeUp)
class MakeUpAdmin(ScopedModelAdmin):
    list_display = ["__str__", "note", "done_at"]
    readonly_fields = ["attendance", "recorded_by"]


@admin.register(Talk)
class TalkAdmin(ScopedModelAdmin):
    list_display = ["member", "organization", "held_on", "by_name"]
    autocomplete_fields = ["organization", "member"]
    readonly_fields = ["recorded_by"]


class AppraisalGradeInline(ScopedTabularInline):
    model = AppraisalGrade
    extra = 0
    readonly_fields = ["member", "grade"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AppraisalRound)
class AppraisalRoundAdmin(ScopedModelAdmin):
    list_display = ["organization", "year", "held_on", "status"]
    list_filter = ["status", "year"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["status", "closed_at"]
    inlines = [AppraisalGradeInline]
