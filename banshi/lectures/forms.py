"""The form to record a talk: it only parses the request; the rules are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_AUDIENCE, Lecture


class LectureForm(forms.Form):
    region = forms.CharField(label=_("举办地区划代码"), max_length=12)
    team = forms.TypedChoiceField(label=_("宣讲队"), required=False, coerce=int, empty_value=None)
    host_unit = forms.CharField(label=_("主办单位"), max_length=100, required=False)
    speaker_name = forms.CharField(label=_("宣讲人"), max_length=64)
    topic = forms.CharField(label=_("主题"), max_length=200)
    venue_kind = forms.ChoiceField(label=_("场所类型"), choices=Lecture.VenueKind.choices)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    held_on = forms.DateField(label=_("宣讲日期"), widget=forms.DateInput(attrs={"type": "date"}))
    audience_size = forms.IntegerField(label=_("听众人数"), min_value=0, max_value=MAX_AUDIENCE)
    audience_kind = forms.ChoiceField(label=_("听众类别"), choices=Lecture.AudienceKind.choices)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("（无，非宣讲队宣讲）"))] + [
            (t.pk, t.name) for t in teams
        ]
