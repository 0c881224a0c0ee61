"""The base of every data admin: the changelist, the change pages, the foreign-key choices
and the autocomplete answers are all limited to the user's scope, and encrypted columns and
blind indexes never reach a form or a list.

The scope is access's, which core cannot import: access plugs its function in with
`use_scope` (in its plugins.register()); until it has, a data admin lists nothing and
fails loudly."""

from collections.abc import Callable

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

SECRET_SUFFIXES = ("_enc", "_hash")

# (queryset, user) -> the part of the queryset the user may see; one, set by access.
_SCOPE: list[Callable[[QuerySet, object], QuerySet]] = []


def use_scope(scoped: Callable[[QuerySet, object], QuerySet]) -> None:
    _SCOPE[:] = [scoped]


def is_secret(name: str) -> bool:
    return name.endswith(SECRET_SUFFIXES)


def _scoped(model, queryset, user):
    if not _SCOPE:
        raise ImproperlyConfigured("the admin has no scope: banshi.access plugs it in")
    return _SCOPE[0](queryset, user)


class ScopedMixin:
    def get_queryset(self, request):
        return _scoped(self.model, super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if "queryset" not in kwargs:
            qs = self.get_field_queryset(None, db_field, request)
            if qs is None:
                qs = related._default_manager.all()
            kwargs["queryset"] = _scoped(related, qs, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if not is_secret(f)]

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if not is_secret(f)]


class ScopedModelAdmin(ScopedMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # a second COUNT over the whole table, for nothing

    def get_object(self, request, object_id, from_field=None):
        # Django's admin redirects to the index with "does not exist" for a missing object;
        # answer 404 instead, the same for a missing object and one outside the scope.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("记录不存在"))
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The choices offered keep most writes inside the scope; what they cannot see (a
        # code typed by hand, a record with no parent) is caught here, after the save and
        # inside the admin's transaction, which the exception rolls back whole.
        obj = form.instance
        saved = self.model._default_manager.filter(pk=obj.pk)
        if not _scoped(self.model, saved, request.user).exists():
            raise PermissionDenied(_("保存后的记录不在您的管辖范围内，未作任何修改"))

    def get_list_display(self, request):
        return [f for f in super().get_list_display(request) if not is_secret(str(f))]

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if not is_secret(f)]


class ScopedTabularInline(ScopedMixin, admin.TabularInline):
    extra = 0
