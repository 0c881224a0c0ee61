"""The publisher's form: it only parses the request; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MaterialForm(forms.Form):
    publisher = forms.TypedChoiceField(label=_("发布党组织"), coerce=int)
    title = forms.CharField(label=_("标题"), max_length=200)
    month = forms.DateField(
        label=_("学习月份"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _("正文不能超过20,000字")},
    )
    file = forms.FileField(label=_("附件（PDF或图片）"), required=False)
    branches = forms.TypedMultipleChoiceField(
        label=_("推送到党支部（不选则推送到发布党组织下的全部党支部）"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    tailored_note = forms.CharField(label=_("推送说明"), required=False, max_length=500)

    def __init__(self, *args, organizations=(), branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [(o.pk, o.name) for o in organizations]
        self.fields["branches"].choices = [(b.pk, b.name) for b in branches]
