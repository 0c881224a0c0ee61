"""Pages of contests: the contests in the viewer's scope, a contest's stages and heats with
the judges' progress (sheets in / expected, never judges ranked), a heat's ranking with its
tie explanations and who advanced, the XLSX of a heat's sheets and results, and the
organizers' form and actions. Thin: selectors read, services write."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import selectors, services
from .forms import ContestEditForm, ContestForm, HeatForm, JudgeForm, StageForm
from .models import Contest, Heat

PAGE_ROWS = 200


@login_required
@require_GET
def index(request):
    contests = selectors.contest_list(user=request.user)[:PAGE_ROWS]
    judged = selectors.judged_heats(user=request.user).exists()
    return render(request, "contests/index.html", {"contests": contests, "judged": judged})


@login_required
@require_http_methods(["GET", "POST"])
def contest_new(request):
    if request.method == "GET":
        return render(request, "contests/form.html", {"form": ContestForm()})
    form = ContestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                region = region_get(user=request.user, code=data["region"].strip())
            except Region.DoesNotExist:
                raise ValidationError({"region": _("区划不存在")}) from None
            contest = services.contest_create(
                title=data["title"],
                year=data["year"],
                region=region,
                organizer_name=data["organizer_name"],
                items=data["items"],
                user=request.user,
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return render(request, "contests/form.html", {"form": form}, status=403)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("contests:contest", contest.pk)
    return render(request, "contests/form.html", {"form": form}, status=400)


def _form_errors(form, exc: ValidationError) -> None:
    """The service's refusal on the form, each message at its field where it has one."""
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in pairs:
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request, pk):
    """A contest in preparation changed by its organizer (see `services.contest_update`)."""
    try:
        contest = selectors.contest_get(user=request.user, pk=pk)
    except Contest.DoesNotExist:
        raise Http404 from None
    services.check_manager(request.user, contest)
    ctx = {"contest": contest}
    if contest.status != Contest.Status.DRAFT:
        ctx["error"] = _("竞赛已经开始，不能再修改")
        return render(request, "contests/form.html", ctx, status=409)
    if request.method == "GET":
        form = ContestEditForm(initial=ContestEditForm.initial_of(contest))
        return render(request, "contests/form.html", ctx | {"form": form})
    form = ContestEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.contest_update(
                contest=contest,
                title=data["title"],
                year=data["year"],
                organizer_name=data["organizer_name"],
                items=data["items"],
                user=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("contests:contest", contest.pk)
    return render(request, "contests/form.html", ctx | {"form": form}, status=400)


@login_required
@require_GET
def contest_detail(request, pk):
    try:
        contest = selectors.contest_get(user=request.user, pk=pk)
    except Contest.DoesNotExist:
        raise Http404 from None
    return render(request, "contests/contest.html", contest_context(request, contest))


def contest_context(request, contest: Contest) -> dict:
    heats = list(selectors.stage_heats(contest=contest, user=request.user))
    stages = []
    for stage in contest.stages.all():
        rows = [h for h in heats if h.stage_id == stage.pk]
        for h in rows:
            h.expected = h.n_entries * h.n_judges
        stages.append((stage, rows))
    manager = services.can_manage(request.user, contest)
    return {
        "contest": contest,
        "items": contest.items.all(),
        "stages": stages,
        "manager": manager,
        "stage_form": StageForm() if manager else None,
        "heat_form": HeatForm(stages=contest.stages.all()) if manager else None,
    }


def heat_or_404(request, pk) -> tuple[Heat, str]:
    try:
        return selectors.heat_get(user=request.user, pk=pk)
    except Heat.DoesNotExist:
        raise Http404 from None


def heat_context(request, heat: Heat, via: str) -> dict:
    contest = heat.stage.contest
    manager = via == "scope" and services.can_manage(request.user, contest)
    shown = heat.status == Heat.Status.PUBLISHED or (manager and heat.status == Heat.Status.CLOSED)
    judges = list(selectors.heat_judges(heat=heat)) if via == "scope" else []
    entries = list(selectors.heat_entries(heat=heat)) if via != "entrant" else []
    return {
        "heat": heat,
        "stage": heat.stage,
        "contest": contest,
        "via": via,
        "manager": manager,
        "entries": entries,
        "judges": judges,
        "expected_each": len(entries),
        "results": list(selectors.heat_results(heat=heat)) if shown else [],
        "shown": shown,
        "candidates": selectors.entry_candidates(heat=heat, user=request.user) if manager else [],
        "judge_form": JudgeForm() if manager else None,
    }


@login_required
@require_GET
def heat_detail(request, pk):
    heat, via = heat_or_404(request, pk)
    return render(request, "contests/heat.html", heat_context(request, heat, via))


def _xlsx_rows(heat: Heat):
    items = list(heat.stage.contest.items.all())
    for s in selectors.heat_sheets(heat=heat):
        yield [
            _("评分"),
            str(s.entry.member),
            s.judge.name,
            *[s.scores.get(str(i.pk), "") for i in items],
            str(s.total),
            "",
            "",
            "",
        ]
    for r in selectors.heat_results(heat=heat):
        blank = [""] * len(items)
        yield [
            _("结果"),
            str(r.entry.member),
            "",
            *blank,
            str(r.score),
            str(r.rank),
            _("晋级") if r.advanced else "",
            r.reward,
        ]


@login_required
@require_GET
def heat_xlsx(request, pk):
    heat, via = heat_or_404(request, pk)
    if via != "scope" or not services.can_manage(request.user, heat.stage.contest):
        raise PermissionDenied(_("只有主办的组织部门可以导出评分表"))
    items = [i.name for i in heat.stage.contest.items.all()]
    headers = [
        _("类别"),
        _("参赛人"),
        _("评委"),
        *items,
        _("得分"),
        _("名次"),
        _("晋级"),
        _("奖项"),
    ]
    content, count = workbook_bytes(title=heat.name[:30], headers=headers, rows=_xlsx_rows(heat))
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=heat,
        rows=count,
        changes={"export": "contest heat sheets"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="heat-{heat.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
