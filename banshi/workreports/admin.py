"""The vocabulary administrators edit: a report's words for a registered figure. The figure
key is checked against the registry, as a reviewer's teaching is."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from banshi.core import figures
from banshi.core.admin import ScopedModelAdmin

from .models import SubjectPhrase


class SubjectPhraseForm(forms.ModelForm):
    class Meta:
        model = SubjectPhrase
        fields = ["phrase", "unit", "figure_key"]

    def clean_figure_key(self):
        key = (self.cleaned_data.get("figure_key") or "").strip()
        name, _sep, part = key.partition(":")
        figure = figures.registry.figures.get(name)
        if figure is None or (part and (not figure.is_rate or part not in figure.parts)):
            raise forms.ValidationError(_("没有这个指标：%(k)s") % {"k": key})
        return key


@admin.register(SubjectPhrase)
class SubjectPhraseAdmin(ScopedModelAdmin):
    form = SubjectPhraseForm
    list_display = ["phrase", "unit", "figure_key", "added_by", "added_at"]
    list_select_related = ["added_by"]
    search_fields = ["phrase", "figure_key"]

    def save_model(self, request, obj, form, change):
        if obj.added_by_id is None:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
