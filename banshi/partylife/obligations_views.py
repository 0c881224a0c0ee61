"""The obligations pages: a branch's calendar (this month, quarter and year: due, held,
overdue; the windows missed this year; the members to follow up) and a region's branches
behind, most overdue first. `/partylife/obligations/` opens the user's own."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from banshi.core.periods import Period, PeriodError
from banshi.organizations.models import PartyOrganization
from banshi.territory import codes
from banshi.territory.models import Region
from banshi.territory.selectors import region_get, scope_roots

from . import obligations
from .rules import Every

NOTE = gettext_lazy("逾期项数：本年度截至所选月末已结束却未落实的月度、季度、年度任务数。")
SECTIONS = (
    (Every.MONTH, "month"),
    (Every.QUARTER, "quarter"),
    (Every.YEAR, "year"),
)


def _month(request) -> tuple[Period | None, str]:
    text = request.GET.get("month", "").strip()
    if not text:
        return Period.current_month(), ""
    try:
        return Period.parse(text, allow_year=False), ""
    except PeriodError as exc:
        return None, str(exc)


def _bad(request, message: str):
    return render(request, "partylife/obligations_error.html", {"error": message}, status=400)


def _months(period: Period) -> dict:
    after = timezone.localtime(period.end)
    following = Period.month(after.year, after.month)
    return {
        "previous": period.previous().key,
        "next": following.key if following.start <= timezone.now() else None,
    }


@login_required
@require_GET
def obligations_home(request):
    branches = list(obligations.user_branches(user=request.user)[:1])
    regions = [r for r in scope_roots(user=request.user) if isinstance(r, Region)]
    if regions:
        return redirect("partylife:obligations_region", code=regions[0].code)
    if branches:
        return redirect("partylife:obligations_branch", pk=branches[0].pk)
    raise Http404


def _behind_rows(request, where, period: Period) -> list[dict]:
    local = timezone.localtime(period.start)
    rows = obligations.behind_visible(
        user=request.user, where=where, year=local.year, now=period.as_of()
    )
    return [
        {
            "branch": org,
            "overdue": n,
            "url": reverse("partylife:obligations_branch", args=[org.pk]) + f"?month={period.key}",
        }
        for org, n in rows
    ]


@login_required
@require_GET
def obligations_branch(request, pk: int):
    """A branch's calendar; for a committee or a group, the branches behind under it."""
    try:
        org = obligations.organization_get(user=request.user, pk=pk)
    except PartyOrganization.DoesNotExist:
        raise Http404 from None
    period, error = _month(request)
    if error:
        return _bad(request, error)
    if not obligations.is_branch(org):
        under = obligations.branches_under(org)
        context = {
            "place": org,
            "period": period,
            "months": _months(period),
            "rows": _behind_rows(request, under, period),
            "total": under.count(),
            "note": NOTE,
        }
        return render(request, "partylife/obligations_region.html", context)
    local = timezone.localtime(period.start)
    now = timezone.now()
    lines = obligations.calendar(org, local.year, local.month, now=now)
    sections = [
        {"key": key, "lines": [ln for ln in lines if ln.rule.every == every]}
        for every, key in SECTIONS
    ]
    counts = {s: sum(ln.status == s for ln in lines) for s in ("held", "open", "overdue")}
    as_of = period.as_of(now)
    context = {
        "branch": org,
        "period": period,
        "months": _months(period),
        "sections": [s for s in sections if s["lines"]],
        "counts": counts,
        "due": len(lines),
        "missed": obligations.missed(org, local.year, now=as_of),
        "follow": obligations.follow_up(user=request.user, branch=org, as_of=as_of),
    }
    return render(request, "partylife/obligations_branch.html", context)


@login_required
@require_GET
def obligations_region(request, code: str):
    """The branches of a region behind on the year's obligations, most overdue first."""
    if not (len(code) == codes.REGION_CODE_LEN and code.isdigit()):
        raise Http404
    try:
        region = region_get(user=request.user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None
    period, error = _month(request)
    if error:
        return _bad(request, error)
    context = {
        "place": region,
        "period": period,
        "months": _months(period),
        "rows": _behind_rows(request, region.prefix, period),
        "total": obligations.branches(region.prefix).count(),
        "note": NOTE,
    }
    return render(request, "partylife/obligations_region.html", context)
