"""The form to set up a contest: it only parses the request; the rules are the service's."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_ITEMS = "履职成效,40,40\n发展思路,30,30\n现场表达,20,20\n答辩,10,10"


class ContestForm(forms.Form):
    title = forms.CharField(label=_("竞赛名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    region = forms.CharField(label=_("区划代码（县）"), max_length=12)
    organizer_name = forms.CharField(label=_("主办单位"), max_length=100)
    items = forms.CharField(
        label=_("评分项（每行：名称,权重,满分；权重之和为100）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=DEFAULT_ITEMS,
    )

    def clean_items(self):
        rows = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3:
                raise ValidationError(_("每行须为：名称,权重,满分"))
            rows.append(tuple(parts))
        return rows
