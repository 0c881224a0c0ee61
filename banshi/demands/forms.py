"""Forms of the demand pages. They only parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banshi.people.identity import IdentityError, normalize_phone

from .models import Demand
from .selectors import category_list

PERIOD_RE = r"^\d{4}-(0[1-9]|1[0-2])$"


class DemandForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("诉求类别"),
        queryset=category_list(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择诉求类别"), "invalid_choice": _("诉求类别无效")},
    )
    description = forms.CharField(
        label=_("诉求内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写诉求内容"), "max_length": _("诉求内容不能超过2000字")},
    )
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=Demand.Urgency.choices, initial=Demand.Urgency.NORMAL
    )
    household = forms.TypedChoiceField(
        label=_("我的住址"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        # A grid worker's form lists the grid's few hundred households: site.js adds a search.
        widget=forms.Select(
            attrs={
                "data-search": _("输入楼栋、单元或门牌查找"),
                "data-search-count": _("找到 %(n)s 户"),
            }
        ),
    )
    lat = forms.FloatField(
        label=_("纬度"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("纬度应是数字"),
            "min_value": _("纬度应在 -90 到 90 之间"),
            "max_value": _("纬度应在 -90 到 90 之间"),
        },
    )
    lng = forms.FloatField(
        label=_("经度"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("经度应是数字"),
            "min_value": _("经度应在 -180 到 180 之间"),
            "max_value": _("经度应在 -180 到 180 之间"),
        },
    )
    address = forms.CharField(label=_("地址或位置描述"), max_length=200, required=False)
    reporter_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    reporter_phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        error_messages={"max_length": _("联系电话不能超过20位")},
    )

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.households = {h.pk: h for h in households}
        self.fields["household"].choices = [("", _("不在家中（按位置）"))] + [
            (h.pk, str(h)) for h in households
        ]
        self.fields["category"].queryset = category_list()

    def clean_reporter_phone(self):
        # Checked with the other fields, in the same round, not after they all pass.
        value = self.cleaned_data.get("reporter_phone", "")
        try:
            return normalize_phone(value)
        except IdentityError:
            raise forms.ValidationError(
                _("请填写有效的手机号或座机号，例如 13904710000 或 0471-6912345")
            ) from None

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError(_("经度和纬度必须同时填写"))
        has_place = data.get("household") or data.get("lat") is not None or data.get("address")
        if not has_place and not self.errors:
            raise forms.ValidationError(_("请选择住址，或填写位置（经纬度或地址）"))
        return data


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对办理结果是否满意"),
        choices=Demand.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评价")},
    )
    note = forms.CharField(
        label=_("评价意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("热线工单文件（CSV 或 XLSX）"), error_messages={"required": _("请选择文件")}
    )
