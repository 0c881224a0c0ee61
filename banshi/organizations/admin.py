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
    member_admit,
    member_confirm_full,
    member_transfer,
    organization_move,
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

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if self.instance.pk is not None and self.instance.parent_id and parent is None:
            raise forms.ValidationError(_("已有上级的党组织不能改为最上级"))
        if self.instance.pk is not None and parent is not None:
            if parent.path.startswith(self.instance.path):
                raise forms.ValidationError(_("不能把党组织移到它自己的下级之下"))
        return parent


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedModelAdmin):
    form = OrganizationForm
    list_display = ["name", "kind", "parent", "territory_code", "is_mobile", "has_committee"]
    list_filter = ["kind", "is_mobile", "has_committee"]
    list_select_related = ["parent"]
    search_fields = ["name", "territory_code"]
    autocomplete_fields = ["parent", "region", "grid", "building"]
    readonly_fields = ["path", "territory_code"]

    def save_model(self, request, obj, form, change):
        if change and "parent" in form.changed_data and obj.parent_id:
            # The subtree's materialized paths move with it: only the service does that.
            organization_move(organization=obj, parent=obj.parent)
            return
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
    class Meta:
        model = CenterHousehold
        fields = ["household", "member", "group"]

    def clean_group(self):
        group = self.cleaned_data.get("group")
        if group is not None and group.kind != PartyOrganization.Kind.BUILDING_GROUP:
            raise forms.ValidationError(_("党员中心户必须隶属于楼栋党小组"))
        return group

    def clean(self):
        data = super().clean()
        household, group = data.get("household"), data.get("group")
        if household and group and household.building_id and group.building_id:
            if household.building_id != group.building_id:
                raise forms.ValidationError(_("党员中心户所在楼栋与党小组不一致"))
        return data


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
