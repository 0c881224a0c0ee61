import datetime

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from banshi.core.admin import ScopedModelAdmin, ScopedTabularInline
from banshi.people.models import Resident
from banshi.people.selectors import resident_search_q

from .models import CenterHousehold, Membership, PartyMember, PartyOrganization
from .services import (
    center_household_designate,
    lock_tree,
    member_admit,
    member_confirm_full,
    member_transfer,
    organization_move,
    organization_move_check,
)


def _copy_saved(target, source) -> None:
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    target._state.adding = False
    target._state.db = source._state.db


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = PartyOrganization
        fields = [
            "name",
            "kind",
            "parent",
            "region",
            "grid",
            "building",
            "is_mobile",
            "has_committee",
            "established_on",
        ]

    user = None  # the admin's user, set by PartyOrganizationAdmin.get_form

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None and "parent" in self.changed_data and "parent" in data:
            # The service's own rules (scope, no cycles), reported on the form before saving.
            organization_move_check(
                organization=self.instance, parent=data["parent"], user=self.user
            )
        return data


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedModelAdmin):
    form = OrganizationForm
    list_display = ["name", "kind", "parent", "territory_code", "is_mobile", "has_committee"]
    list_filter = ["kind", "is_mobile", "has_committee"]
    list_select_related = ["parent"]
    search_fields = ["name", "territory_code"]
    autocomplete_fields = ["parent", "region", "grid", "building"]
    readonly_fields = ["path", "territory_code"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if change and "parent" in form.changed_data:
            # The subtree's materialized paths move with it (also to the top level, parent
            # None): only the service does that.
            organization_move(organization=obj, parent=obj.parent, user=request.user)
            return
        if not change:
            # Inside the admin's transaction: the path is built from the committed path of
            # the parent, not from one a concurrent move is rewriting.
            lock_tree()
            if obj.parent_id:
                obj.parent = PartyOrganization.objects.get(pk=obj.parent_id)
        super().save_model(request, obj, form, change)


class MembershipInline(ScopedTabularInline):
    model = Membership
    fields = ["organization", "started_on", "ended_on", "note"]
    readonly_fields = ["organization", "started_on", "ended_on", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartyMember)
class PartyMemberAdmin(ScopedModelAdmin):
    list_display = ["resident", "organization", "status", "is_mobile", "joined_on"]
    list_filter = ["status", "is_mobile"]
    list_select_related = ["resident", "organization"]
    search_fields = ["resident__name"]
    search_help_text = _("按姓名、全拼或首字母查找")
    autocomplete_fields = ["resident", "organization"]
    inlines = [MembershipInline]

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        residents = Resident.objects.filter(resident_search_q(term)).values("pk")
        return queryset.filter(resident__in=residents), False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("resident")
            if obj.status == PartyMember.Status.FULL:
                fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            # A fresh copy: assigning the form's resident to the unsaved member cached
            # the member on it, which member_admit would take for an existing one.
            saved = member_admit(
                resident=Resident.objects.get(pk=data["resident"].pk),
                organization=data["organization"],
                joined_on=data["joined_on"],
                status=data["status"],
                is_mobile=data.get("is_mobile", False),
                occupation=data.get("occupation", ""),
            )
            for field in ("last_contact_on",):
                if data.get(field):
                    setattr(saved, field, data[field])
                    saved.save(update_fields=[field])
            _copy_saved(obj, saved)
            return
        today = datetime.date.today()
        if "organization" in form.changed_data:
            member_transfer(member=obj, to=obj.organization, on=today)
        if "status" in form.changed_data and obj.status == PartyMember.Status.FULL:
            obj.status = PartyMember.Status.PROBATIONARY
            member_confirm_full(member=obj, on=today)
        rest = [f for f in form.changed_data if f not in {"organization", "status", "resident"}]
        if rest:
            obj.save(update_fields=rest)


class CenterHouseholdForm(forms.ModelForm):
    # The rules (group kind, same building) are CenterHousehold.clean's, which the form
    # runs on validation.
    class Meta:
        model = CenterHousehold
        fields = ["household", "member", "group"]


@admin.register(CenterHousehold)
class CenterHouseholdAdmin(ScopedModelAdmin):
    form = CenterHouseholdForm
    list_display = ["household", "member", "group", "unit"]
    list_select_related = ["household", "member__resident", "group", "unit"]
    search_fields = ["household__address", "member__resident__name", "group__name"]
    autocomplete_fields = ["household", "member", "group"]
    readonly_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.unit = obj.household.unit
            super().save_model(request, obj, form, change)
            return
        saved = center_household_designate(
            household=obj.household, member=obj.member, group=obj.group
        )
        _copy_saved(obj, saved)
