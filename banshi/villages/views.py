"""Pages of villages: the villages in the viewer's scope, a village's page (its two
committees, reserve pool, training hours), a region's overview (figures, the gap report
of the reserve pools and its XLSX, the secretaries' training hours), and the county's
joint review. Thin: selectors read, services write; bad input re-renders with its message
and 400, a write by someone who only sees the village is refused with 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict, scope_for
from banshi.access.services import audit_record
from banshi.core import figures
from banshi.core.actions import error_text
from banshi.core.periods import Period
from banshi.core.text import form_id
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.people.models import Resident
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import selectors, services
from .models import ReserveCadre, ReviewRound, ReviewSubject, VillagerCommitteeSeat
from .services._base import check_county, village_branch

PAGE_ROWS = 300


def _village_or_404(user, code) -> Region:
    if "\x00" in code:
        raise Http404
    try:
        return selectors.village_get(user=user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def index(request):
    villages = selectors.village_list(user=request.user).order_by("code")[:PAGE_ROWS]
    rounds = selectors.review_rounds(user=request.user)[:20]
    return render(request, "villages/index.html", {"villages": villages, "rounds": rounds})


def _candidates(village: Region):
    """Who may enter the village's pool: its party members and its registered villagers."""
    branch = village_branch(village)
    by_branch = Resident.objects.filter(party_member__organization=branch) if branch else None
    here = Resident.objects.filter(grid__community=village)
    qs = here if by_branch is None else (here | by_branch)
    return qs.distinct().order_by("name", "pk")


def _village_context(request, village: Region) -> dict:
    user, today = request.user, timezone.localdate()
    pool = selectors.reserve_pool(user=user, village=village)
    return {
        "village": village,
        "party_seats": selectors.party_seats(user=user, village=village),
        "villager_seats": selectors.villager_seats(user=user, village=village, day=today),
        "pool": [(c, c.age_on(today)) for c in pool],
        "in_pool": sum(c.status == ReserveCadre.Status.IN_POOL for c in pool),
        "training": selectors.training_hours(user=user, village=village),
        "adjustments": selectors.adjustments(user=user, village=village)[:50],
        "reviews": selectors.village_reviews(user=user, village=village)[:50],
        "educations": ReserveCadre.Education.choices,
        "politicals": ReserveCadre.Political.choices,
        "candidates": _candidates(village)[:200],
        "villager_posts": VillagerCommitteeSeat.Post.choices,
        "party_branch": village_branch(village),
        "today": today,
        "can_edit": _may_edit(user, village),
        # The departments' opinions are the township's and the county's, not the reviewed
        # village secretary's to read.
        "show_opinions": scope_for(user).covers_code(village.code),
    }


def _may_edit(user, region: Region) -> bool:
    """Whether the page shows its forms (the services decide again on each write)."""
    try:
        check_county(user, region)
    except PermissionDenied:
        return False
    return True


@login_required
@require_GET
def village_detail(request, code):
    village = _village_or_404(request.user, code)
    return render(request, "villages/village.html", _village_context(request, village))


def _write(request, village, write, *, template="villages/village.html", context=None):
    """Run a service; its ValidationError re-renders the page with the message (400)."""
    try:
        write()
    except ValidationError as exc:
        ctx = context() if context else _village_context(request, village)
        ctx["error"] = error_text(exc)
        return render(request, template, ctx, status=400)
    return None


@login_required
@require_POST
def reserve_add(request, code):
    village = _village_or_404(request.user, code)
    p = request.POST
    candidates = _candidates(village)

    def write():
        resident = candidates.filter(pk=form_id(p.get("resident"))).first()
        if resident is None:
            raise ValidationError({"resident": _("请从本村人员中选择后备人选")})
        services.reserve_add(
            village=village,
            resident=resident,
            education=p.get("education", ""),
            political_status=p.get("political_status", ""),
            measures=p.get("measures", ""),
            added_on=p.get("added_on", ""),
            user=request.user,
        )

    return _write(request, village, write) or redirect("villages:village", village.code)


@login_required
@require_POST
def reserve_status(request, pk):
    cadre = restrict(ReserveCadre.objects.select_related("village"), request.user)
    try:
        cadre = cadre.get(pk=pk)
    except ReserveCadre.DoesNotExist:
        raise Http404 from None
    village = cadre.village
    p = request.POST

    def write():
        services.reserve_set_status(
            cadre=cadre,
            status=p.get("status", ""),
            on=p.get("on", ""),
            note=p.get("note", ""),
            user=request.user,
        )

    return _write(request, village, write) or redirect("villages:village", village.code)


@login_required
@require_POST
def seat_act(request, code):
    """The villagers' committee between elections: a post filled (补选, naming the vacancy
    it closes) or a holder leaving with the reason."""
    village = _village_or_404(request.user, code)
    p = request.POST
    seats = restrict(VillagerCommitteeSeat.objects.filter(village=village), request.user)

    def seat(name: str, *, required: bool):
        value = p.get(name, "")
        if not value and not required:
            return None
        found = seats.filter(pk=form_id(value)).first()
        if found is None:
            raise ValidationError(_("请选择职务"))
        return found

    def write():
        if p.get("action") == "fill":
            resident = _candidates(village).filter(pk=form_id(p.get("resident"))).first()
            if resident is None:
                raise ValidationError({"resident": _("请从本村人员中选择任职人员")})
            services.villager_seat_fill(
                village=village,
                resident=resident,
                post=p.get("post", ""),
                started_on=p.get("started_on", ""),
                replaces=seat("replaces", required=False),
                user=request.user,
            )
        elif p.get("action") == "vacate":
            services.villager_seat_vacate(
                seat=seat("seat", required=True),
                ended_on=p.get("ended_on", ""),
                reason=p.get("reason", ""),
                user=request.user,
            )
        else:
            raise ValidationError(_("操作无效"))

    try:
        return _write(request, village, write) or redirect("villages:village", village.code)
    except PermissionDenied as exc:
        ctx = _village_context(request, village)
        ctx["error"] = str(exc)
        return render(request, "villages/village.html", ctx, status=403)


def _region_or_404(user, code) -> Region:
    try:
        return region_get(user=user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None


def _year(request) -> tuple[int | None, str]:
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year, ""
    try:
        year = int(raw)
    except ValueError:
        return None, _("年度无效，应为四位数字")
    if not 2000 <= year <= 2100:
        return None, _("年度无效，应为四位数字")
    return year, ""


@login_required
@require_GET
def region_villages(request, code):
    region = _region_or_404(request.user, code)
    year, error = _year(request)
    context = {"region": region, "error": error}
    if error:
        return render(request, "villages/region.html", context, status=400)
    report = selectors.gap_report(region, timezone.localdate())
    period = Period.year(year)
    values = figures.compute(region, period, groups=["villages"])
    context |= {
        "year": year,
        "report": report,
        "profile": report.profile,
        "rows": figures.rows(values, code=region.code, period=period),
        "villages": selectors.village_list(user=request.user, region=region).order_by("code"),
        "hours": selectors.secretary_hours(user=request.user, region=region, year=year),
    }
    return render(request, "villages/region.html", context)


GAP_HEADERS = ("乡镇", "村", "区划代码", "在库后备人选", "状况")


@login_required
@require_GET
def gap_xlsx(request, code):
    region = _region_or_404(request.user, code)
    report = selectors.gap_report(region, timezone.localdate())
    states = {"short": _("不足3名"), "over": _("超过5名"), "ok": _("3至5名")}
    rows = [
        (r.village.parent.name, r.village.name, r.village.code, r.pool, states[r.state])
        for r in report.rows
    ]
    content, count = workbook_bytes(
        title=_("后备人选缺口"), headers=[_(h) for h in GAP_HEADERS], rows=rows
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=region,
        rows=count,
        changes={"export": "reserve gap report"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="reserve-gap-{region.code}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


def _review_or_404(user, pk) -> ReviewRound:
    try:
        return selectors.review_round_get(user=user, pk=pk)
    except ReviewRound.DoesNotExist:
        raise Http404 from None


def _review_context(request, review) -> dict:
    subjects = selectors.review_subjects(user=request.user, review=review)
    results = {r: 0 for r in ReviewSubject.Result.values}
    for s in subjects:
        results[s.result] += 1
    return {
        "review": review,
        "subjects": subjects[:PAGE_ROWS],
        "results": results,
        "opinions": ReviewSubject._meta.get_field("result").choices,
        "today": timezone.localdate(),
        "can_edit": _may_edit(request.user, review.county),
    }


@login_required
@require_GET
def review_detail(request, pk):
    review = _review_or_404(request.user, pk)
    return render(request, "villages/review.html", _review_context(request, review))


ACTIONS = ("opinion", "decide", "dismiss")


@login_required
@require_http_methods(["POST"])
def review_act(request, pk, action):
    subjects = restrict(ReviewSubject.objects.select_related("round", "village"), request.user)
    try:
        subject = subjects.get(pk=pk)
    except ReviewSubject.DoesNotExist:
        raise Http404 from None
    if action not in ACTIONS:
        raise Http404
    p, user = request.POST, request.user
    on = p.get("on") or timezone.localdate()

    def write():
        if action == "opinion":
            services.review_opinion_record(
                subject=subject,
                department=p.get("department", ""),
                opinion=p.get("opinion", ""),
                note=p.get("note", ""),
                given_on=on,
                user=user,
            )
        elif action == "decide":
            services.review_decide(subject=subject, result=p.get("result", ""), on=on, user=user)
        else:
            services.adjustment_dismiss(
                subject=subject, on=on, reason=p.get("reason", ""), user=user
            )

    response = _write(
        request,
        subject.village,
        write,
        template="villages/review.html",
        context=lambda: _review_context(request, subject.round),
    )
    return response or redirect("villages:review", subject.round_id)
