"""The organizers' actions on a contest's page and a heat's page: open the contest, add a
stage or a heat; enter a secretary, assign a judge, close the heat, publish its results.
Each is one service call; a refusal re-renders the page with its message (400), a user who
does not manage the contest gets 403, one who cannot see it 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banshi.core.actions import error_text
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import selectors, services
from .forms import EntryForm, HeatForm, JudgeForm, StageForm
from .models import Contest
from .views import contest_context, heat_context, heat_or_404


def _form_errors(form) -> str:
    """The form's errors in one line, each after its field's label."""
    out = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        out += [f"{label}：{e}" if label else str(e) for e in errors]
    return "；".join(out)


def _open(request, contest):
    services.contest_open(contest=contest, user=request.user)
    return _("竞赛已开始")


def _stage(request, contest):
    form = StageForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    d = form.cleaned_data
    services.stage_add(
        contest=contest,
        name=d["name"],
        level=d["level"],
        quota=d["quota"],
        rule=d["rule"],
        min_judges=d["min_judges"],
        prizes=(d["first_prizes"], d["second_prizes"], d["third_prizes"]),
        excellence_for_rest=d["excellence_for_rest"],
        user=request.user,
    )
    return _("已添加赛程")


def _heat(request, contest):
    stages = list(contest.stages.all())
    form = HeatForm(request.POST, stages=stages)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    d = form.cleaned_data
    code = d["region"].strip()
    region = Region.objects.filter(code=code).first()
    try:  # a region in the user's scope, or the one above the county (a city final)
        region = region_get(user=request.user, code=code)
    except Region.DoesNotExist:
        if region is None or not contest.region.code.startswith(region.prefix):
            raise ValidationError(_("区划不存在")) from None
    stage = next(s for s in stages if s.pk == d["stage"])
    services.heat_add(
        stage=stage,
        name=d["name"],
        region=region,
        scheduled_at=d["scheduled_at"],
        user=request.user,
    )
    return _("已添加赛组")


CONTEST_ACTIONS = {"open": _open, "stage": _stage, "heat": _heat}


@login_required
@require_POST
def contest_action(request, pk, action):
    try:
        contest = selectors.contest_get(user=request.user, pk=pk)
    except Contest.DoesNotExist:
        raise Http404 from None
    act = CONTEST_ACTIONS.get(action)
    if act is None:
        raise Http404
    services.check_manager(request.user, contest)
    try:
        done = act(request, contest)
    except ValidationError as exc:
        context = contest_context(request, contest) | {"error": error_text(exc)}
        return render(request, "contests/contest.html", context, status=400)
    messages.success(request, done)
    return redirect("contests:contest", contest.pk)


def _close(request, heat):
    services.heat_close(heat=heat, user=request.user)
    return _("已结束评分")


def _publish(request, heat):
    services.heat_publish(heat=heat, user=request.user)
    return _("结果已公布")


def _entry(request, heat):
    candidates = selectors.entry_candidates(heat=heat, user=request.user)
    form = EntryForm(request.POST, candidates=candidates)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    member = next(m for m in candidates if m.pk == form.cleaned_data["member"])
    services.entry_add(heat=heat, member=member, user=request.user)
    return _("已添加参赛人")


def _judge(request, heat):
    form = JudgeForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    d = form.cleaned_data
    judge = get_user_model().objects.filter(username=d["username"].strip(), is_active=True).first()
    if judge is None:
        raise ValidationError(_("评委账号不存在"))
    services.judge_assign(heat=heat, judge=judge, name=d["name"], user=request.user)
    return _("已添加评委")


HEAT_ACTIONS = {"close": _close, "publish": _publish, "entry": _entry, "judge": _judge}


@login_required
@require_POST
def heat_action(request, pk, action):
    heat, via = heat_or_404(request, pk)
    act = HEAT_ACTIONS.get(action)
    if act is None or via != "scope":
        raise Http404
    try:
        done = act(request, heat)
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    except ValidationError as exc:
        context = heat_context(request, heat, via) | {"error": error_text(exc)}
        return render(request, "contests/heat.html", context, status=400)
    messages.success(request, done)
    return redirect("contests:heat", heat.pk)
