"""The staff's forms that make a project or change its shape: a new project (its community,
the compounds or buildings benefiting, the budget, dates and deliverables), a deliverable
more while it is not finished, and a merge of the community's compounds recorded from the
project's page. Thin as `views`: the services check and write; bad input re-renders with
its message and 400 keeping what was typed, a user who manages no community gets 403, a
project out of scope 404."""

from itertools import zip_longest

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banshi.core.actions import error_status, error_text
from banshi.core.text import form_id

from . import services
from .services import work
from .services.compounds import compound_buildings
from .services.work import MAX_DELIVERABLES
from .views import _context, _project_or_404, _write, communities, region_buildings

ROWS = 5  # the blank deliverable rows a new project's form offers
MAX_PLACE = 2000  # compounds or buildings one form may name
DELIVERABLE_FIELDS = ("d_name", "d_unit", "d_target", "d_weight")


def _chosen(regions, value):
    pk = form_id(value)
    return next((r for r in regions if r.pk == pk), None)


def _rows(post) -> list[tuple[str, str, str, str]]:
    """The deliverable rows as posted, one more than a project may hold (so that too many
    are refused, not cut)."""
    columns = [post.getlist(f)[: MAX_DELIVERABLES + 1] for f in DELIVERABLE_FIELDS]
    return list(zip_longest(*columns, fillvalue=""))[: MAX_DELIVERABLES + 1]


def _filled(rows) -> list[tuple[str, str, str, str]]:
    # The weight has a default in the form, so a row is left empty when the rest is.
    return [r for r in rows if any(str(v).strip() for v in r[:3])]


def _place(user, region, post) -> list:
    """The buildings benefiting: every building of each compound ticked, and each building
    ticked by itself; all of the community, read through the user's scope."""
    buildings = list(region_buildings(user, region))
    by_pk = {b.pk: b for b in buildings}
    compounds = compound_buildings(buildings)
    names = [n.strip() for n in post.getlist("compound")[:MAX_PLACE]]
    missing = [n for n in names if n not in compounds]
    if missing:
        raise ValidationError(_("本社区没有小区：%(n)s") % {"n": "、".join(missing)})
    ids = {form_id(v) for v in post.getlist("building")[:MAX_PLACE]}
    if ids - by_pk.keys():
        raise ValidationError(_("受益楼栋须在本社区内"))
    chosen = {pk: by_pk[pk] for pk in ids}
    for name in names:
        chosen.update((b.pk, b) for b in compounds[name])
    return sorted(chosen.values(), key=lambda b: b.pk)


def _new_page(request, regions, region, *, values=None, error="", status=200):
    values = values or {}
    rows = list(values.get("rows") or [])
    rows += [("", "", "", "1")] * max(ROWS - len(rows), 1 if rows else 0)
    buildings = list(region_buildings(request.user, region)) if region else []
    compounds = compound_buildings(buildings)
    grouped = {b.pk for found in compounds.values() for b in found}
    context = {
        "regions": regions,
        "region": region,
        "compounds": compounds,
        # buildings whose name gives no compound, chosen one by one
        "loose": [b for b in buildings if b.pk not in grouped],
        "values": values,
        "rows": rows,
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "projects/project_form.html", context, status=status)


def _typed(post) -> dict:
    return {
        "title": post.get("title", ""),
        "summary": post.get("summary", ""),
        "budget": post.get("budget", ""),
        "starts_on": post.get("starts_on", ""),
        "due_on": post.get("due_on", ""),
        "compounds": set(post.getlist("compound")[:MAX_PLACE]),
        "buildings": set(post.getlist("building")[:MAX_PLACE]),
        "rows": _rows(post),
    }


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    regions = communities(request.user)
    if not regions:
        raise PermissionDenied(_("只有社区及上级的工作人员可以新建实事项目"))
    only = regions[0] if len(regions) == 1 else None
    if request.method == "GET":
        region = _chosen(regions, request.GET.get("region")) or only
        return _new_page(request, regions, region)
    p = request.POST
    region = _chosen(regions, p.get("region"))
    values = _typed(p)
    try:
        if region is None:
            raise ValidationError(_("请选择社区"))
        project = services.project_create(
            region=region,
            title=p.get("title", ""),
            summary=p.get("summary", ""),
            budget=p.get("budget", "").strip()[:20] or 0,
            starts_on=p.get("starts_on", "")[:10],
            due_on=p.get("due_on", "")[:10],
            buildings=_place(request.user, region, p),
            deliverables=[(n, u, t[:20], w) for n, u, t, w in _filled(values["rows"])],
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        return _new_page(
            request,
            regions,
            region or only,
            values=values,
            error=error_text(exc),
            status=error_status(exc),
        )
    return redirect("projects:project", project.pk)


def _with_posted(request, project) -> dict:
    """The project's page with what the refused form posted, to fill it in again."""
    context = _context(request, project)
    context["posted"] = request.POST
    context["merge_names"] = request.POST.getlist("names")
    return context


@login_required
@require_POST
def deliverable_add(request, pk):
    project = _project_or_404(request.user, pk)
    p = request.POST
    return _write(
        request,
        project,
        lambda: work.deliverable_add(
            project=project,
            name=p.get("name", ""),
            unit=p.get("unit", ""),
            target=p.get("target", "")[:20],
            weight=p.get("weight", ""),
            user=request.user,
        ),
        context=_with_posted,
    )


@login_required
@require_POST
def merge(request, pk):
    project = _project_or_404(request.user, pk)
    p = request.POST
    return _write(
        request,
        project,
        lambda: services.compounds_merge(
            region=project.region,
            names=p.getlist("names")[:MAX_PLACE],
            new_name=p.get("new_name", ""),
            on=p.get("on", "")[:10],
            project=project,
            user=request.user,
        ),
        context=_with_posted,
    )
