"""Pages of red-flag villages: the schemes and declarations in the viewer's scope, a
scheme (its indicators, the county's forms to set them, the village's declaration form),
a declaration (its evidence and the chain's opinions, with the form of the step the viewer
may take), an evidence file, and a region's 报备 report of a year (printable, and XLSX).
Thin: selectors read, services write; bad input re-renders with its message and 400, a
step by the wrong role is refused with 403, anything out of scope is 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.actions import error_text
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import selectors, services
from .models import Declaration, Evidence, Flag, Objection, Scheme
from .services._base import check_county, check_township, may

PAGE_ROWS = 300
S = Declaration.Status


def _get(fn, missing, **kw):
    try:
        return fn(**kw)
    except (missing, ValueError):
        raise Http404 from None


@login_required
@require_GET
def index(request):
    user = request.user
    return render(
        request,
        "redflags/index.html",
        {
            "schemes": selectors.scheme_list(user=user)[:20],
            "declarations": selectors.declaration_list(user=user)[:PAGE_ROWS],
        },
    )


def _scheme_context(request, scheme: Scheme) -> dict:
    user = request.user
    indicators = {f: [] for f in Flag.values}
    for i in scheme.indicators.all():
        indicators[i.flag].append(i)
    return {
        "scheme": scheme,
        "flags": [(f, label, indicators[f]) for f, label in Flag.choices],
        "villages": selectors.declarable_villages(user=user, county=scheme.county),
        "declarations": selectors.declaration_list(user=user, scheme=scheme)[:PAGE_ROWS],
        "can_edit": may(check_county, user, scheme.county),
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def scheme_detail(request, pk):
    scheme = _get(selectors.scheme_get, Scheme.DoesNotExist, user=request.user, pk=pk)
    return render(request, "redflags/scheme.html", _scheme_context(request, scheme))


def _bad(request, template, context, exc):
    context["error"] = error_text(exc)
    return render(request, template, context, status=400)


@login_required
@require_POST
def indicators_edit(request, pk):
    """One flag's indicators as lines of 指标|分值|评分标准."""
    scheme = _get(selectors.scheme_get, Scheme.DoesNotExist, user=request.user, pk=pk)
    p = request.POST
    try:
        items = []
        for line in (p.get("items") or "").splitlines():
            if line.strip():
                parts = [x.strip() for x in line.split("|")]
                if len(parts) != 3:
                    raise ValidationError(_("每行须为“指标|分值|评分标准”"))
                items.append(tuple(parts))
        services.indicators_set(
            scheme=scheme, flag=p.get("flag", ""), items=items, user=request.user
        )
    except ValidationError as exc:
        return _bad(request, "redflags/scheme.html", _scheme_context(request, scheme), exc)
    return redirect("redflags:scheme", scheme.pk)


@login_required
@require_POST
def declare(request, pk):
    scheme = _get(selectors.scheme_get, Scheme.DoesNotExist, user=request.user, pk=pk)
    p = request.POST
    try:
        village = Region.objects.filter(kind=Region.Kind.VILLAGE).get(code=p.get("village", ""))
    except Region.DoesNotExist:
        village = None
    flag = p.get("flag", "")
    evidence = {
        i.pk: {
            "text": p.get(f"text_{i.pk}", ""),
            "link": p.get(f"link_{i.pk}", ""),
            "score": p.get(f"score_{i.pk}", "") or 0,
            "upload": request.FILES.get(f"file_{i.pk}"),
        }
        for i in scheme.indicators.filter(flag=flag)
    }
    try:
        d = services.declaration_submit(
            scheme=scheme, village=village, flag=flag, evidence=evidence, user=request.user
        )
    except ValidationError as exc:
        return _bad(request, "redflags/scheme.html", _scheme_context(request, scheme), exc)
    return redirect("redflags:declaration", d.pk)


def _declaration_context(request, d: Declaration) -> dict:
    user = request.user
    county, village = d.scheme.county, d.village
    return {
        "d": d,
        "evidence": selectors.evidence_of(user=user, declaration=d),
        "opinions": d.opinions.select_related("reviewer"),
        "objections": selectors.objections_of(user=user, declaration=d),
        "reviews": d.reviews.all(),
        "may_first_review": d.status == S.DECLARED and may(check_township, user, village),
        "may_county": may(check_county, user, county),
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def declaration_detail(request, pk):
    d = _get(selectors.declaration_get, Declaration.DoesNotExist, user=request.user, pk=pk)
    return render(request, "redflags/declaration.html", _declaration_context(request, d))


ACTIONS = ("first_review", "decide", "notice", "object", "award", "review")


@login_required
@require_POST
def declaration_act(request, pk, action):
    d = _get(selectors.declaration_get, Declaration.DoesNotExist, user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    p, user = request.POST, request.user
    on = p.get("on") or None
    passed = p.get("passed") == "yes"
    try:
        if action == "first_review":
            services.declaration_first_review(
                declaration=d,
                passed=passed,
                opinion=p.get("opinion", ""),
                score=p.get("score", ""),
                on=on,
                user=user,
            )
        elif action == "decide":
            services.declaration_decide(
                declaration=d, passed=passed, opinion=p.get("opinion", ""), on=on, user=user
            )
        elif action == "notice":
            services.declaration_notice(declaration=d, on=on, user=user)
        elif action == "object":
            services.objection_raise(
                declaration=d,
                raised_by=p.get("raised_by", ""),
                content=p.get("content", ""),
                on=on,
                user=user,
            )
        elif action == "award":
            services.declaration_award(declaration=d, on=on, user=user)
        else:
            half = p.get("half", "")
            services.flag_review(
                declaration=d,
                half=int(half) if half in ("1", "2") else 0,
                score=p.get("score", ""),
                opinion=p.get("opinion", ""),
                on=on,
                user=user,
            )
    except ValidationError as exc:
        return _bad(request, "redflags/declaration.html", _declaration_context(request, d), exc)
    return redirect("redflags:declaration", d.pk)


@login_required
@require_POST
def objection_settle(request, pk):
    o = _get(selectors.objection_get, Objection.DoesNotExist, user=request.user, pk=pk)
    p = request.POST
    try:
        services.objection_settle(
            objection=o,
            upheld=p.get("upheld") == "yes",
            opinion=p.get("opinion", ""),
            on=p.get("on") or None,
            user=request.user,
        )
    except ValidationError as exc:
        ctx = _declaration_context(request, o.declaration)
        return _bad(request, "redflags/declaration.html", ctx, exc)
    return redirect("redflags:declaration", o.declaration_id)


@login_required
@require_GET
def evidence_file(request, pk):
    e = _get(selectors.evidence_get, Evidence.DoesNotExist, user=request.user, pk=pk)
    if not e.file:
        raise Http404
    response = FileResponse(e.file.open("rb"), content_type=e.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _report(request, code):
    region = _get(region_get, Region.DoesNotExist, user=request.user, code=code)
    raw = request.GET.get("year", "")
    year = timezone.localdate().year
    if raw:
        if not (raw.isdigit() and 2000 <= int(raw) <= 2100):
            return region, None, _("年度无效，应为四位数字")
        year = int(raw)
    return region, selectors.year_report(region, year), ""


@login_required
@require_GET
def region_report(request, code):
    region, report, error = _report(request, code)
    context = {"region": region, "report": report, "error": error, "flags": Flag.choices}
    if error:
        return render(request, "redflags/report.html", context, status=400)
    return render(request, "redflags/report.html", context)


@login_required
@require_GET
def region_report_xlsx(request, code):
    region, report, error = _report(request, code)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    headers = [_("乡镇"), _("村数")]
    for _f, label in Flag.choices:
        headers += [f"{label}{_('持有')}", f"{label}{_('申报')}", f"{label}{_('摘牌')}"]
    headers.append(_("后进村"))
    rows = [
        [
            r.township.name,
            r.villages,
            *(n for cell in r.cells for n in cell),
            "、".join(v.name for v in r.lagging),
        ]
        for r in [*report.rows, report.total]
    ]
    rows[-1][0] = _("合计")
    content, count = workbook_bytes(title=_("五面红旗村创建结果"), headers=headers, rows=rows)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=region,
        rows=count,
        changes={"export": "red-flag year report", "year": report.year},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"redflags-{region.code}-{report.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
