"""The form to set up a contest: it only parses the request; the rules are the service's."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ContestStage

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


class ContestEditForm(ContestForm):
    """A contest in preparation: its region stays (its heats and scope hang on it)."""

    region = None

    @classmethod
    def initial_of(cls, contest) -> dict:
        lines = [f"{i.name},{i.weight.normalize():f},{i.max_points}" for i in contest.items.all()]
        return {
            "title": contest.title,
            "year": contest.year,
            "organizer_name": contest.organizer_name,
            "items": "\n".join(lines),
        }


class StageForm(forms.Form):
    name = forms.CharField(label=_("赛程名称"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=ContestStage.Level.choices)
    quota = forms.IntegerField(label=_("每组晋级名额"), min_value=0, max_value=100, initial=0)
    rule = forms.ChoiceField(label=_("计分规则"), choices=ContestStage.Rule.choices)
    min_judges = forms.IntegerField(
        label=_("去高去低的最少评委数"), min_value=3, max_value=50, initial=3
    )
    first_prizes = forms.IntegerField(label=_("一等奖名额"), min_value=0, max_value=100, initial=0)
    second_prizes = forms.IntegerField(label=_("二等奖名额"), min_value=0, max_value=100, initial=0)
    third_prizes = forms.IntegerField(label=_("三等奖名额"), min_value=0, max_value=100, initial=0)
    excellence_for_rest = forms.BooleanField(label=_("其余为优秀奖"), required=False)


class HeatForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("赛程"), coerce=int)
    name = forms.CharField(label=_("赛组名称"), max_length=100)
    region = forms.CharField(label=_("区划代码"), max_length=12)
    scheduled_at = forms.DateTimeField(
        label=_("比赛时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.pk, s.name) for s in stages]


class EntryForm(forms.Form):
    member = forms.TypedChoiceField(label=_("参赛人"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, str(m)) for m in candidates]


class JudgeForm(forms.Form):
    username = forms.CharField(label=_("评委账号"), max_length=150)
    name = forms.CharField(label=_("评委姓名"), max_length=64, required=False)
