"""Pages of practical-matter projects: the projects in the viewer's scope, a project's page
(deliverables with their progress, photos before and after, budget and spending, the
timeline, the feedback summary), the staff's forms (progress, photos, spending, status;
the new project, a deliverable more and a compounds merge are in `views_forms`) and the
resident's rating, on their own page and on the project's. Thin: selectors read,
services write; bad input re-renders with its message and 400, a forbidden write is 403,
a project out of scope 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from banshi.core.actions import error_status, error_text
from banshi.core.text import form_id
from banshi.territory import codes
from banshi.territory.models import Building, Region
from banshi.territory.selectors import grid_list, region_list

from . import progress, selectors, services
from .models import Project, ProjectFeedback, ProjectPhoto
from .services._base import check_manager
from .services.compounds import compound_buildings
from .services.feedback import resident_of

PAGE_ROWS = 300
MAX_REGIONS = 300


def communities(user) -> list[Region]:
    """The communities the user may create projects in: those of their territory (the
    scope's regions are exactly what `check_manager` lets them manage)."""
    return list(region_list(user=user).filter(level=codes.COMMUNITY).order_by("code")[:MAX_REGIONS])


def region_buildings(user, region: Region):
    return (
        Building.objects.filter(grid__in=grid_list(user=user, region=region))
        .select_related("grid")
        .order_by("grid__code", "number")
    )


def _project_or_404(user, pk) -> Project:
    try:
        return selectors.project_get(user=user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None


def _manages(user, project) -> bool:
    try:
        check_manager(user, project.region)
    except PermissionDenied:
        return False
    return True


def _context(request, project) -> dict:
    user = request.user
    deliverables = selectors.deliverable_list(project)
    resident = resident_of(user)
    household_id = resident.household_id if resident else None
    manages = _manages(user, project)
    overall = project.progress(deliverables)
    shots = selectors.photos(project)
    return {
        "project": project,
        "deliverables": deliverables,
        "overall": overall,
        "overall_percent": progress.percent(overall),
        "photos": [(v, label, shots.get(v, [])) for v, label in ProjectPhoto.Phase.choices],
        "has_photos": any(shots.values()),
        "phases": ProjectPhoto.Phase.choices,
        "spendings": selectors.spending_list(project),
        "timeline": selectors.timeline(project),
        "summary": selectors.feedback_summary(project),
        "merges": selectors.merge_list(project),
        "buildings": project.buildings.select_related("grid").order_by("grid__code", "number"),
        "manages": manages,
        # the compounds a merge may name, with their buildings counted
        "compounds": [
            (name, len(found))
            for name, found in compound_buildings(region_buildings(user, project.region)).items()
        ]
        if manages
        else [],
        "moves": [(s, Project.Status(s).label) for s in Project.TRANSITIONS[project.status]]
        if manages
        else [],
        "may_rate": services.may_rate(project, resident),
        "own": selectors.own_feedback(project, household_id),
        "ratings": ProjectFeedback.Rating.choices,
        "today": timezone.localdate(),
    }


def _write(request, project, write, *, template="projects/project.html", context=None):
    try:
        write()
    except (ValidationError, PermissionDenied) as exc:
        ctx = (context or _context)(request, project)
        ctx["error"] = error_text(exc)
        return render(request, template, ctx, status=error_status(exc))
    if request.POST.get("next") == "mine":
        return redirect("projects:mine")
    return redirect("projects:project", project.pk)


@login_required
@require_GET
def index(request):
    projects = selectors.project_list(user=request.user).order_by("-starts_on", "-pk")
    return render(
        request,
        "projects/index.html",
        {"projects": projects[:PAGE_ROWS], "may_create": bool(communities(request.user))},
    )


@login_required
@require_GET
def project_detail(request, pk):
    project = _project_or_404(request.user, pk)
    return render(request, "projects/project.html", _context(request, project))


@login_required
@require_POST
def report(request, pk):
    project = _project_or_404(request.user, pk)
    p = request.POST

    def write():
        deliverable = project.deliverables.filter(pk=form_id(p.get("deliverable"))).first()
        if deliverable is None:
            raise ValidationError(_("请选择建设内容"))
        services.progress_report(
            deliverable=deliverable,
            measured=p.get("measured", "")[:20],
            on=p.get("on", "")[:10],
            note=p.get("note", ""),
            user=request.user,
        )

    return _write(request, project, write)


@login_required
@require_POST
def photo_upload(request, pk):
    project = _project_or_404(request.user, pk)
    return _write(
        request,
        project,
        lambda: services.photo_upload(
            project=project,
            phase=request.POST.get("phase", ""),
            upload=request.FILES.get("file"),
            caption=request.POST.get("caption", ""),
            user=request.user,
        ),
    )


@login_required
@require_POST
def spending(request, pk):
    project = _project_or_404(request.user, pk)
    p = request.POST
    return _write(
        request,
        project,
        lambda: services.spending_record(
            project=project,
            item=p.get("item", ""),
            amount=p.get("amount", "")[:20],
            on=p.get("on", "")[:10],
            user=request.user,
        ),
    )


@login_required
@require_POST
def move(request, pk):
    project = _project_or_404(request.user, pk)
    p = request.POST
    return _write(
        request,
        project,
        lambda: services.project_move(
            project=project,
            to=p.get("to", ""),
            on=p.get("on", "")[:10],
            note=p.get("note", ""),
            user=request.user,
        ),
    )


@login_required
@require_GET
def photo(request, pk, photo_pk):
    project = _project_or_404(request.user, pk)
    found = project.photos.filter(pk=photo_pk).first()
    if found is None or not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _mine_context(request, _project=None) -> dict:
    user = request.user
    resident = resident_of(user)
    household_id = resident.household_id if resident else None
    rows = []
    for project in selectors.resident_projects(user=user)[:PAGE_ROWS]:
        rows.append(
            {
                "project": project,
                "overall": project.progress(),
                "own": selectors.own_feedback(project, household_id),
                "may_rate": services.may_rate(project, resident),
            }
        )
    return {"rows": rows, "ratings": ProjectFeedback.Rating.choices}


@login_required
@require_GET
def mine(request):
    return render(request, "projects/mine.html", _mine_context(request))


@login_required
@require_POST
def feedback(request, pk):
    project = _project_or_404(request.user, pk)
    p = request.POST
    from_mine = p.get("next") == "mine"
    return _write(
        request,
        project,
        lambda: services.feedback_give(
            project=project,
            user=request.user,
            rating=p.get("rating", ""),
            comment=p.get("comment", ""),
        ),
        template="projects/mine.html" if from_mine else "projects/project.html",
        context=_mine_context if from_mine else None,
    )
