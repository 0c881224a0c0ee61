"""Pages of lectures: the teams in the viewer's scope, a team's page, a region's talks with
filters and the form to record a talk. Thin: selectors read, `lecture_record` writes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from banshi.core import figures
from banshi.core.periods import Period
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import selectors, services
from .forms import LectureForm
from .models import Lecture, LectureTeam

PAGE_ROWS = 200


def _region_or_404(user, code) -> Region:
    try:
        return region_get(user=user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def index(request):
    teams = selectors.team_list(user=request.user)[:PAGE_ROWS]
    return render(request, "lectures/index.html", {"teams": teams})


@login_required
@require_GET
def team_detail(request, pk):
    try:
        team = selectors.team_get(user=request.user, pk=pk)
    except LectureTeam.DoesNotExist:
        raise Http404 from None
    lectures = selectors.team_lectures(team=team, user=request.user)
    return render(
        request,
        "lectures/team.html",
        {
            "team": team,
            "members": team.members.all(),
            "lectures": lectures[:PAGE_ROWS],
            "totals": selectors.totals(lectures),
        },
    )


def _filters(request) -> tuple[dict, dict, int]:
    """The region page's filters as the selector's arguments (and as shown), or a 400."""
    g = request.GET
    period = None
    if g.get("period"):
        try:
            period = Period.parse(g["period"])
        except ValueError:
            return {}, {"message": _("统计期无效，应为 YYYY-MM 或 YYYY")}, 400
    venue, audience = g.get("venue", ""), g.get("audience", "")
    if venue and venue not in Lecture.VenueKind.values:
        return {}, {"message": _("场所类型无效")}, 400
    if audience and audience not in Lecture.AudienceKind.values:
        return {}, {"message": _("听众类别无效")}, 400
    return {"period": period, "venue_kind": venue, "audience_kind": audience}, {}, 200


@login_required
@require_GET
def region_lectures(request, code):
    region = _region_or_404(request.user, code)
    filters, error, status = _filters(request)
    context = {
        "region": region,
        "venue_kinds": Lecture.VenueKind.choices,
        "audience_kinds": Lecture.AudienceKind.choices,
        "chosen": request.GET,
        "error": error.get("message"),
    }
    if status == 200:
        lectures = selectors.region_lectures(region=region, user=request.user, **filters)
        period = filters["period"] or Period.current_month()
        values = figures.compute(region, period, groups=["lectures"])
        context |= {
            "lectures": lectures[:PAGE_ROWS],
            "totals": selectors.totals(lectures),
            "rows": figures.rows(values, code=region.code, period=period),
            "period": period,
        }
    return render(request, "lectures/region.html", context, status=status)


def _record(form, teams, user) -> Lecture:
    data = form.cleaned_data
    try:
        region = region_get(user=user, code=data["region"].strip())
    except Region.DoesNotExist:
        raise ValidationError({"region": _("区划不存在")}) from None
    team = next((t for t in teams if t.pk == data["team"]), None)
    return services.lecture_record(
        region=region,
        team=team,
        host_unit=data["host_unit"],
        speaker_name=data["speaker_name"],
        topic=data["topic"],
        venue_kind=data["venue_kind"],
        place=data["place"],
        held_on=data["held_on"],
        audience_size=data["audience_size"],
        audience_kind=data["audience_kind"],
        user=user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lecture_new(request):
    teams = list(selectors.team_list(user=request.user))
    if request.method == "GET":
        initial = {"region": request.GET.get("region", ""), "team": request.GET.get("team", "")}
        form = LectureForm(teams=teams, initial=initial)
        return render(request, "lectures/form.html", {"form": form})
    form = LectureForm(request.POST, teams=teams)
    if form.is_valid():
        try:
            lecture = _record(form, teams, request.user)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("lectures:region", lecture.region.code)
    return render(request, "lectures/form.html", {"form": form}, status=400)
