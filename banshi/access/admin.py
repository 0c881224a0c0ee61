"""Admin of the access app: the audit trail (read-only, with an XLSX export), role
assignments and departments. Only system administrators see these pages; changes to
role assignments and departments are audited by the audit signals like any other."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone

from .models import AuditEvent, Department, RoleAssignment
from .scope import scope_for
from .services import audit_export


def is_system_admin(user) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.is_staff
        and (user.is_superuser or scope_for(user).everything)
    )


class SystemAdminOnly:
    """Visible and editable by system administrators only."""

    def has_module_permission(self, request):
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def has_add_permission(self, request):
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_system_admin(request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = (
        "at",
        "username",
        "action",
        "object_type",
        "object_repr",
        "ip_address",
        "rows",
    )
    list_filter = ("action", ("at", admin.DateFieldListFilter), "object_type")
    search_fields = ("username", "object_repr", "object_id", "object_type", "reason")
    date_hierarchy = "at"
    list_per_page = 100
    actions = None
    change_list_template = "access/admin/auditevent_change_list.html"
    fields = (
        "at",
        "user",
        "username",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "reason",
        "ip_address",
        "rows",
    )
    readonly_fields = fields

    # The trail is append-only: nobody adds, changes or deletes through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """Also find events by the Chinese label of their action (登录, 导出…)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        codes = [c for c, label in AuditEvent.Action.choices if term and term == str(label)]
        if codes:
            results |= queryset.filter(action__in=codes)
        return results, may_have_duplicates

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="access_auditevent_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The filtered changelist (same query string) as an XLSX file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            events = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return redirect("admin:access_auditevent_changelist")
        content, _rows = audit_export(user=request.user, events=events, request=request)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = (
        "user",
        "role",
        "region",
        "grid",
        "party_organization",
        "department",
        "resident",
        "created_at",
    )
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user", "region", "grid", "party_organization", "department", "resident")
    raw_id_fields = ("user", "region", "grid", "party_organization", "department", "resident")


@admin.register(Department)
class DepartmentAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)
    list_select_related = ("region",)
    raw_id_fields = ("region",)
