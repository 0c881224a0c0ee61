"""Pages of union aid: the federations in the viewer's scope, a federation's page (its roll
and 建会率, the city's 低保标准, the needy-worker files by class with re-certification due,
the campaigns and their aid by season, the forms to open a file and record aid; the other
forms post to views_forms), a file's page (its class, reviews, aid received, the forms to
record a review and a re-certification) and the aid XLSX. Thin:
selectors read, services write; bad input re-renders with its message and 400, a write by
someone who may only read is 403, what is out of scope is 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict
from banshi.access.services import audit_record
from banshi.core.actions import error_text
from banshi.core.text import form_id
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.people.models import Resident

from . import hardship, selectors
from .models import AidCampaign, AidRecord, NeedyWorker, UnionFederation
from .services import aid, workers
from .services.common import may_write

PAGE_ROWS = 300
AID_HEADERS = ("发放日期", "活动", "季节", "受助职工", "困难职工档案", "帮扶方式", "金额（元）")


def federation_or_404(user, pk) -> UnionFederation:
    try:
        return selectors.federation_get(user=user, pk=pk)
    except UnionFederation.DoesNotExist:
        raise Http404 from None


def _worker_or_404(user, pk) -> NeedyWorker:
    try:
        return selectors.worker_get(user=user, pk=pk)
    except NeedyWorker.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def index(request):
    federations = list(selectors.federation_list(user=request.user)[:PAGE_ROWS])
    for f in federations:
        f.founded, f.rolled, f.rate = selectors.founding_rate(f)
    return render(request, "unions/index.html", {"federations": federations})


def _federation_context(request, federation) -> dict:
    user = request.user
    founded, rolled, rate = selectors.founding_rate(federation)
    groups = selectors.files_by_class(user=user, federation=federation, today=timezone.localdate())
    return {
        "federation": federation,
        "roll": selectors.roll(user=user, federation=federation)[:PAGE_ROWS],
        "founded": founded,
        "rolled": rolled,
        "rate": rate,
        "classes": [(value, label, groups[value]) for value, label in NeedyWorker.Hardship.choices],
        "unions": [u for u in selectors.roll(user=user, federation=federation) if u.founded],
        "campaigns": selectors.campaign_list(user=user, federation=federation),
        "active": [w for ws in groups.values() for w in ws],
        "aid": selectors.aid_list(user=user, federation=federation)[:PAGE_ROWS],
        "kinds": AidRecord.Kind.choices,
        "seasons": AidCampaign.Season.choices,
        "by_season": selectors.aid_by_season(user=user, federation=federation),
        "lines": selectors.poverty_lines(federation=federation),
        "can_write": may_write(user, federation),
        "can_set_line": workers.may_set_line(user, workers.city_of(federation)),
    }


@login_required
@require_GET
def federation_detail(request, pk):
    federation = federation_or_404(request.user, pk)
    return render(request, "unions/federation.html", _federation_context(request, federation))


def on_federation(request, federation, write):
    if not may_write(request.user, federation):
        raise PermissionDenied(_("只有街道或区的工作人员可以办理工会帮扶事项"))
    try:
        write()
    except ValidationError as exc:
        ctx = _federation_context(request, federation)
        ctx["error"] = error_text(exc)
        ctx["posted"] = request.POST
        return render(request, "unions/federation.html", ctx, status=400)
    return None


@login_required
@require_POST
def worker_add(request, pk):
    federation = federation_or_404(request.user, pk)
    p = request.POST
    created = []

    def write():
        union = None
        if p.get("union"):
            union = federation.unions.filter(pk=form_id(p.get("union"))).first()
            if union is None:
                raise ValidationError(_("请选择企业工会"))
        resident = None
        if p.get("resident"):
            resident = (
                restrict(Resident.objects.all(), request.user)
                .filter(pk=form_id(p.get("resident")))
                .first()
            )
            if resident is None:
                raise ValidationError(_("居民不存在"))
        created.append(
            workers.needy_file_create(
                federation=federation,
                worker_name=p.get("worker_name", "")[:200],
                household_members=p.get("household_members", "")[:20],
                household_income=p.get("household_income", "")[:30],
                accident_costs=p.get("accident_costs", "")[:30] or 0,
                certified_on=p.get("certified_on", "")[:20],
                union=union,
                resident=resident,
                user=request.user,
            )
        )

    refused = on_federation(request, federation, write)
    return refused or redirect("unions:worker", created[0].pk)


@login_required
@require_POST
def aid_add(request, pk):
    federation = federation_or_404(request.user, pk)
    p = request.POST

    def write():
        campaign = federation.campaigns.filter(pk=form_id(p.get("campaign"))).first()
        if campaign is None:
            raise ValidationError(_("请选择帮扶活动"))
        worker = None
        if p.get("worker"):
            worker = federation.needy_workers.filter(pk=form_id(p.get("worker"))).first()
            if worker is None:
                raise ValidationError(_("困难职工档案不存在"))
        aid.aid_record(
            campaign=campaign,
            worker=worker,
            worker_name=p.get("worker_name", "")[:200],
            kind=p.get("kind", "")[:20],
            amount=p.get("amount", "")[:30],
            given_on=p.get("given_on", "")[:20],
            user=request.user,
        )

    refused = on_federation(request, federation, write)
    return refused or redirect("unions:federation", federation.pk)


def _worker_context(request, worker) -> dict:
    user = request.user
    return {
        "worker": worker,
        "computed": NeedyWorker.Hardship(worker.computed_hardship()).label,
        "line": worker.line,
        "deep_below": worker.line,
        "relative_below": worker.line * hardship.RELATIVE_MULTIPLE,
        "reviews": selectors.reviews(user=user, worker=worker)[:PAGE_ROWS],
        "aid": selectors.aid_list(user=user, worker=worker)[:PAGE_ROWS],
        "due": worker.recertification_is_due(timezone.localdate()),
        "can_write": worker.status == NeedyWorker.Status.ACTIVE
        and may_write(user, worker.federation),
    }


@login_required
@require_GET
def worker_detail(request, pk):
    worker = _worker_or_404(request.user, pk)
    return render(request, "unions/worker.html", _worker_context(request, worker))


def _on_worker(request, worker, write):
    if not may_write(request.user, worker.federation):
        raise PermissionDenied(_("只有街道或区的工作人员可以办理工会帮扶事项"))
    try:
        write()
    except ValidationError as exc:
        worker.refresh_from_db()
        ctx = _worker_context(request, worker)
        ctx["error"] = error_text(exc)
        ctx["posted"] = request.POST
        return render(request, "unions/worker.html", ctx, status=400)
    return redirect("unions:worker", worker.pk)


@login_required
@require_POST
def worker_review(request, pk):
    worker = _worker_or_404(request.user, pk)
    p = request.POST
    month = p.get("month", "").strip()[:7]
    return _on_worker(
        request,
        worker,
        lambda: workers.needy_income_review(
            worker=worker,
            month=f"{month}-01" if len(month) == 7 else month,
            household_income=p.get("household_income", "")[:30],
            household_members=p.get("household_members", "")[:20],
            accident_costs=p.get("accident_costs", "")[:30] or 0,
            user=request.user,
        ),
    )


@login_required
@require_POST
def worker_recertify(request, pk):
    worker = _worker_or_404(request.user, pk)
    return _on_worker(
        request,
        worker,
        lambda: workers.needy_recertify(
            worker=worker, on=request.POST.get("on", "")[:20], user=request.user
        ),
    )


@login_required
@require_GET
def aid_xlsx(request, pk):
    federation = federation_or_404(request.user, pk)
    records = selectors.aid_list(user=request.user, federation=federation)
    seasons = dict(AidCampaign.Season.choices)
    rows = [
        (
            r.given_on.isoformat(),
            r.campaign.title,
            str(seasons[r.campaign.season]),
            r.worker_name,
            r.worker_id or "",
            r.get_kind_display(),
            float(r.amount),
        )
        for r in records
    ]
    content, count = workbook_bytes(
        title=_("帮扶记录"), headers=[_(h) for h in AID_HEADERS], rows=rows
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=federation,
        rows=count,
        changes={"export": "union aid records"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="union-aid-{federation.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
