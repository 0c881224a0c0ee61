"""Pages of praise: the ledger in the viewer's scope (filtered by year, kind and unit) with
its XLSX and a form to record a letter, a banner or a praise in person; a brand's page (its
goals, linkage and carriers by kind, each with its praise); a carrier's page. Thin:
selectors read, services write; bad input re-renders with its message and 400, a write by
someone who may not is 403, what is out of scope 404."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.actions import error_status, error_text
from banshi.core.text import form_id
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes

from . import selectors, services
from .models import Brand, Carrier, PraiseRecord

PAGE_ROWS = 300
FORM_KINDS = (PraiseRecord.Kind.LETTER, PraiseRecord.Kind.BANNER, PraiseRecord.Kind.IN_PERSON)
HEADERS = ("收到日期", "表扬方式", "被表扬单位", "被表扬对象", "来源", "表扬内容", "热线工单编号")


def _filters(params) -> dict:
    """The ledger's filters from the query string; ValidationError for a bad one."""
    year_text = (params.get("year") or "").strip()
    year = form_id(year_text) if year_text else 0
    if year_text and not 2000 <= year <= 2100:
        raise ValidationError(_("年度无效"))
    kind = (params.get("kind") or "").strip()
    if kind and kind not in PraiseRecord.Kind.values:
        raise ValidationError(_("表扬方式无效"))
    unit_text = (params.get("unit") or "").strip()
    unit = form_id(unit_text) if unit_text else 0
    if unit_text and not unit:
        raise ValidationError(_("被表扬单位无效"))
    month_text = (params.get("month") or "").strip()
    month = form_id(month_text) if month_text else 0
    if month_text and not (1 <= month <= 12 and year):
        raise ValidationError(_("月份无效（按月份筛选须同时选择年度）"))
    # The unit with its sub-organizations (the work-report checker's drill-down).
    tree = (params.get("tree") or "") == "1"
    return {"year": year, "kind": kind, "unit_id": unit, "tree": tree, "month": month}


def _can_record(user) -> bool:
    try:
        services.check_recorder(user)
    except PermissionDenied:
        return False
    return True


def _ledger(request, *, filters=None, error="", form=None, status=200):
    user = request.user
    filters = filters or {"year": 0, "kind": "", "unit_id": 0, "tree": False, "month": 0}
    records = selectors.praise_list(user=user, **filters)
    units = selectors.praise_units(user=user)[:PAGE_ROWS]
    ctx = {
        "records": records[:PAGE_ROWS],
        "total": records.count(),
        "filters": filters,
        "years": selectors.praise_years(user=user),
        "kinds": PraiseRecord.Kind.choices,
        "form_kinds": [(k.value, k.label) for k in FORM_KINDS],
        "units": units,
        # The subtree's brands when the ledger is the subtree's (a unit's carriers are on
        # its brands' pages).
        "brands": selectors.brand_list(
            user=user, unit_id=filters["unit_id"] if filters["tree"] else 0, tree=True
        )[:PAGE_ROWS],
        "months": range(1, 13),
        "can_record": _can_record(user),
        "error": error,
        "form": form or {},
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "praise/index.html", ctx, status=status)


@login_required
@require_GET
def index(request):
    try:
        filters = _filters(request.GET)
    except ValidationError as exc:
        return _ledger(request, error=error_text(exc), status=400)
    return _ledger(request, filters=filters)


def _date(value) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        raise ValidationError(_("请填写有效的收到日期")) from None


@login_required
@require_POST
def praise_new(request):
    p = request.POST
    user = request.user

    def write():
        services.check_recorder(user)
        kind = p.get("kind", "")
        if kind not in FORM_KINDS:
            raise ValidationError(_("请选择表扬方式（表扬信、锦旗或当面表扬）"))
        unit = selectors.praise_units(user=user).filter(pk=form_id(p.get("unit"))).first()
        if unit is None:
            raise ValidationError(_("请选择被表扬单位"))
        carrier = None
        if (p.get("carrier") or "").strip():
            carrier = (
                selectors.carrier_list(user=user, brand=None)
                .filter(pk=form_id(p.get("carrier")), brand__owner=unit)
                .first()
            )
            if carrier is None:
                raise ValidationError(_("该载体不属于被表扬单位"))
        services.praise_record(
            kind=kind,
            received_on=_date(p.get("received_on")),
            unit=unit,
            content=p.get("content", "")[:5000],
            source=p.get("source", "")[:300],
            person_name=p.get("person_name", "")[:100],
            carrier=carrier,
            user=user,
        )

    try:
        write()
    except (ValidationError, PermissionDenied) as exc:
        form = {k: p.get(k, "")[:5000] for k in ("kind", "unit", "received_on", "content")}
        form.update({k: p.get(k, "")[:300] for k in ("source", "person_name", "carrier")})
        return _ledger(request, error=error_text(exc), form=form, status=error_status(exc))
    return redirect("praise:index")


@login_required
@require_GET
def ledger_xlsx(request):
    try:
        filters = _filters(request.GET)
    except ValidationError as exc:
        return _ledger(request, error=error_text(exc), status=400)
    records = selectors.praise_list(user=request.user, **filters)
    rows = [
        (
            r.received_on.isoformat(),
            r.get_kind_display(),
            r.unit.name,
            r.praised,
            r.source,
            r.content,
            r.external_id,
        )
        for r in records
    ]
    content, count = workbook_bytes(title=_("表扬台账"), headers=[_(h) for h in HEADERS], rows=rows)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        object_type="praise.PraiseRecord",
        rows=count,
        changes={"export": "praise ledger", **{k: v for k, v in filters.items() if v}},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="praise.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def brand_detail(request, pk):
    try:
        brand = selectors.brand_get(user=request.user, pk=pk)
    except Brand.DoesNotExist:
        raise Http404 from None
    try:
        kind, level = _carrier_filters(request.GET)
    except ValidationError as exc:
        kind, level, error = "", "", error_text(exc)
    else:
        error = ""
    carriers = selectors.carrier_list(user=request.user, brand=brand, kind=kind, level=level)
    groups = [g for g in selectors.carriers_by_kind(carriers) if not kind or g["kind"] == kind]
    return render(
        request,
        "praise/brand.html",
        {
            "brand": brand,
            "groups": groups,
            "total": sum(len(g["carriers"]) for g in groups),
            "praise": sum(g["praise"] for g in groups),
            "teams": [(c, selectors.team_rollup(c.team_id)) for c in carriers if c.team_id],
            "filtered": bool(kind or level),
            "level_label": Carrier.Level(level).label if level else "",
            "error": error,
        },
        status=400 if error else 200,
    )


def _carrier_filters(params) -> tuple[str, str]:
    """The brand page's kind and level filters; ValidationError for a bad one."""
    kind = (params.get("kind") or "").strip()
    if kind and kind not in Carrier.Kind.values:
        raise ValidationError(_("载体类型无效"))
    level = (params.get("level") or "").strip()
    if level and level not in Carrier.Level.values:
        raise ValidationError(_("级别无效"))
    if level and kind != Carrier.Kind.POST_MODEL:
        raise ValidationError(_("只有岗位学雷锋标兵有级别"))
    return kind, level


@login_required
@require_GET
def carrier_detail(request, pk):
    try:
        carrier = selectors.carrier_get(user=request.user, pk=pk)
    except Carrier.DoesNotExist:
        raise Http404 from None
    praises = selectors.praise_list(user=request.user).filter(carrier=carrier)
    return render(
        request,
        "praise/carrier.html",
        {
            "carrier": carrier,
            "praises": praises[:PAGE_ROWS],
            "total": praises.count(),
            "team": selectors.team_rollup(carrier.team_id) if carrier.team_id else None,
        },
    )
