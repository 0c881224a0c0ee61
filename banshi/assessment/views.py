"""Pages of the cadre assessment: the schemes in the viewer's scope, a scheme's page (items,
cases, results, a sheet form per branch for assessors, the county's decide button) and the
results' XLSX. Thin: selectors read, services write; bad input re-renders with its message
and 400, a write by someone who may only read is refused with 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict, scope_for
from banshi.access.services import audit_record
from banshi.core.actions import error_text
from banshi.core.text import form_id
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from . import selectors, services
from .models import AssessmentScheme

PAGE_ROWS = 300
RESULT_HEADERS = ("名次", "村党组织", "书记", "得分", "等次", "一票否决")


def _scheme_or_404(user, pk) -> AssessmentScheme:
    try:
        return selectors.scheme_get(user=user, pk=pk)
    except AssessmentScheme.DoesNotExist:
        raise Http404 from None


def _branches(user, scheme):
    """The village branches under the scheme's county that the user sees."""
    qs = PartyOrganization.objects.filter(
        kind__in=PartyOrganization.BRANCH_KINDS,
        grid__isnull=True,
        region__kind=Region.Kind.VILLAGE,
        region__code__startswith=scheme.county.prefix,
    ).select_related("region")
    return restrict(qs, user).order_by("region__code", "pk")


def _can_decide(user, scheme) -> bool:
    try:
        services.check_county(user, scheme.county)
    except PermissionDenied:
        return False
    return True


def _context(request, scheme) -> dict:
    user = request.user
    scope = scope_for(user)
    can_assess = not scheme.decided_on and (
        scope.everything or bool(scope.roles & services.ASSESSOR_ROLES)
    )
    return {
        "scheme": scheme,
        "items": list(scheme.items.all()),
        "cases": list(scheme.cases.all()),
        "results": selectors.result_list(user=user, scheme=scheme)[:PAGE_ROWS],
        "sheets": selectors.sheet_list(user=user, scheme=scheme)[:PAGE_ROWS],
        "branches": _branches(user, scheme)[:PAGE_ROWS] if can_assess else [],
        "can_decide": not scheme.decided_on and _can_decide(user, scheme),
    }


@login_required
@require_GET
def index(request):
    schemes = selectors.scheme_list(user=request.user)[:PAGE_ROWS]
    return render(request, "assessment/index.html", {"schemes": schemes})


@login_required
@require_GET
def scheme_detail(request, pk):
    scheme = _scheme_or_404(request.user, pk)
    return render(request, "assessment/scheme.html", _context(request, scheme))


def _write(request, scheme, write):
    try:
        write()
    except ValidationError as exc:
        ctx = _context(request, scheme)
        ctx["error"] = error_text(exc)
        return render(request, "assessment/scheme.html", ctx, status=400)
    return redirect("assessment:scheme", scheme.pk)


@login_required
@require_POST
def sheet_submit(request, pk):
    scheme = _scheme_or_404(request.user, pk)
    p = request.POST

    def write():
        branch = _branches(request.user, scheme).filter(pk=form_id(p.get("branch"))).first()
        if branch is None:
            raise ValidationError(_("请选择村党组织"))
        scores = {}
        for item in scheme.items.all():
            value = p.get(f"item_{item.pk}", "").strip()
            if value:
                scores[item.pk] = value[:20]
        cases = [
            (case.pk, p.get(f"note_{case.pk}", ""))
            for case in scheme.cases.all()
            if p.get(f"case_{case.pk}")
        ]
        services.sheet_submit(
            scheme=scheme, branch=branch, scores=scores, cases=cases, user=request.user
        )

    return _write(request, scheme, write)


@login_required
@require_POST
def scheme_decide(request, pk):
    scheme = _scheme_or_404(request.user, pk)
    return _write(
        request,
        scheme,
        lambda: services.scheme_decide(scheme=scheme, on=timezone.localdate(), user=request.user),
    )


@login_required
@require_GET
def results_xlsx(request, pk):
    scheme = _scheme_or_404(request.user, pk)
    results = selectors.result_list(user=request.user, scheme=scheme)
    rows = [
        (
            r.rank,
            r.branch.name,
            str(r.secretary),
            float(r.score),
            r.get_grade_display(),
            _("是") if r.vetoed else _("否"),
        )
        for r in results
    ]
    content, count = workbook_bytes(
        title=_("考核结果"), headers=[_(h) for h in RESULT_HEADERS], rows=rows
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=scheme,
        rows=count,
        changes={"export": "assessment results"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="assessment-{scheme.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
