from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from banshi.access.permissions import can_see_tags
from banshi.access.scope import restrict
from banshi.core import crypto
from banshi.core.admin import ScopedModelAdmin, ScopedTabularInline

from .identity import IdentityError, normalize_phone, validate_id_number
from .models import PlaceRole, Resident, ResidentTag
from .selectors import resident_search_q
from .services import place_role_assign, resident_create, resident_update


class ResidentForm(forms.ModelForm):
    """Identity data is typed in clear here and stored only through the people services
    (encrypted, blind-indexed, masked); the form never shows the stored values."""

    id_number = forms.CharField(
        label=_("公民身份号码"),
        required=False,
        max_length=18,
        help_text=_("新增时必填；修改时留空表示不变。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=20,
        help_text=_("修改时留空表示不变。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Resident
        fields = [
            "name",
            "household",
            "relation_to_head",
            "ethnicity",
            "political_status",
        ]

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        if not value:
            if self.instance.pk is None:
                raise forms.ValidationError(_("请填写公民身份号码"))
            return ""
        try:
            number, _sex, _birth = validate_id_number(value)
        except IdentityError as exc:
            raise forms.ValidationError(str(exc)) from None
        clash = Resident.objects.filter(id_number_hash=crypto.blind_index(number))
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if not clash.exists():
            return number
        if restrict(clash, self.user).exists():
            raise forms.ValidationError(_("该公民身份号码已登记"))
        # Registered outside the user's scope: say neither who nor where, nor that it is a
        # registration at all; a move between grids goes through an administrator above.
        raise forms.ValidationError(_("该公民身份号码不能在此登记，请联系上级管理员核实"))

    user = None  # set by ResidentAdmin.get_form: whose scope the duplicate check answers in

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except IdentityError as exc:
            raise forms.ValidationError(str(exc)) from None


class ResidentTagInline(ScopedTabularInline):
    model = ResidentTag
    fields = ["tag"]


def _copy_saved(target, source) -> None:
    """Make the admin's unsaved instance the one the service stored (for the log and
    the redirect that follow save_model)."""
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    target._state.adding = False
    target._state.db = source._state.db


@admin.register(Resident)
class ResidentAdmin(ScopedModelAdmin):
    form = ResidentForm
    list_display = [
        "name",
        "sex",
        "age",
        "id_number_masked",
        "phone_masked",
        "grid",
        "household",
        "political_status",
    ]
    list_filter = ["sex", "political_status", ("grid", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["grid", "household"]
    search_fields = ["name"]  # replaced by get_search_results: characters, pinyin, initials
    search_help_text = _("按姓名、全拼或首字母查找；输入完整的公民身份号码或手机号精确查找")
    autocomplete_fields = ["household"]
    readonly_fields = [
        "id_number_masked",
        "phone_masked",
        "sex",
        "birth_date",
        "name_pinyin",
        "name_initials",
        "grid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "id_number", "phone", "household", "relation_to_head"]}),
        (_("其他信息"), {"fields": ["ethnicity", "political_status"]}),
        (
            _("登记信息（只读）"),
            {
                "fields": [
                    "id_number_masked",
                    "phone_masked",
                    "sex",
                    "birth_date",
                    "name_pinyin",
                    "name_initials",
                    "grid",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    @admin.display(description=_("年龄"))
    def age(self, obj):
        return obj.age

    def get_inlines(self, request, obj):
        return [ResidentTagInline] if can_see_tags(request.user) else []

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        exact = self._exact_lookup(term)
        if exact is not None:
            return queryset.filter(**exact), False
        return queryset.filter(resident_search_q(term)), False

    @staticmethod
    def _exact_lookup(term: str) -> dict | None:
        """A full ID number or phone number finds its owner through the blind index."""
        try:
            number, _sex, _birth = validate_id_number(term)
            return {"id_number_hash": crypto.blind_index(number)}
        except IdentityError:
            pass
        if term.isdigit() and len(term) >= 7:
            try:
                return {"phone_hash": crypto.blind_index(normalize_phone(term))}
            except IdentityError:
                return None
        return None

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = ["household", "relation_to_head", "ethnicity", "political_status"]
        if not change:
            saved = resident_create(
                name=data["name"],
                id_number=data["id_number"],
                phone=data.get("phone", ""),
                **{f: data.get(f) for f in fields if f in data},
            )
            _copy_saved(obj, saved)
            return
        changes = {f: data[f] for f in ["name", *fields] if f in form.changed_data}
        if data.get("id_number"):
            changes["id_number"] = data["id_number"]
        if data.get("phone"):
            changes["phone"] = data["phone"]
        resident_update(resident=obj, **changes)


@admin.register(PlaceRole)
class PlaceRoleAdmin(ScopedModelAdmin):
    list_display = [
        "resident",
        "role",
        "grid",
        "building",
        "unit",
        "region",
        "started_on",
        "ended_on",
    ]
    list_filter = ["role", "ended_on"]
    list_select_related = ["resident", "grid", "building", "unit", "region"]
    search_fields = ["resident__name", "resident__name_pinyin", "resident__name_initials"]
    autocomplete_fields = ["resident", "region", "grid", "building", "unit"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = place_role_assign(
            resident=obj.resident,
            role=obj.role,
            started_on=obj.started_on,
            grid=obj.grid,
            building=obj.building,
            unit=obj.unit,
            region=obj.region,
        )
        _copy_saved(obj, saved)
