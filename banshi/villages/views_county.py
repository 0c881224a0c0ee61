"""The county's forms of villages: open a county's joint review (联审) for a year, and
training — a region's courses with the form for a new one, and a course's page with its
sessions, the form to add one and, per session, the sign-in of the village secretaries.
Thin: the scope reads, the services write; a region or course out of scope is 404, a write
by anyone but the county's organization department 403, bad input re-renders with its
message and 400."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banshi.access.scope import restrict
from banshi.core.actions import error_status, error_text
from banshi.core.text import form_id
from banshi.organizations.models import CommitteeSeat
from banshi.organizations.selectors import seats_open_on
from banshi.territory import codes
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import services
from .models import Course, CourseAttendance, ReviewRound
from .services._base import check_county


def _region_or_404(user, code: str) -> Region:
    if "\x00" in code:  # PostgreSQL cannot compare it: no such region, not a server error
        raise Http404
    try:
        return region_get(user=user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None


def _may_edit(user, region: Region) -> bool:
    """Whether the page shows its forms (the services decide again on each write)."""
    try:
        check_county(user, region)
    except PermissionDenied:
        return False
    return True


def _year(value) -> int:
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise ValidationError({"year": _("年度无效，应为四位数字")})
    return int(value)


# --- the joint review --------------------------------------------------------------------


def _review_context(request, county: Region, values=None) -> dict:
    rounds = restrict(ReviewRound.objects.filter(county=county), request.user)
    today = timezone.localdate()
    return {
        "region": county,
        "rounds": rounds.order_by("-year")[:20],
        "values": values or {"year": today.year, "started_on": today.isoformat()},
        "can_edit": True,
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request, code):
    """The form that opens the county's round; only its organization department sees it."""
    county = _region_or_404(request.user, code)
    try:
        check_county(request.user, county)
    except PermissionDenied as exc:
        context = {"region": county, "rounds": [], "can_edit": False, "error": str(exc)}
        return render(request, "villages/review_new.html", context, status=403)
    if county.level != codes.DISTRICT:
        raise Http404(_("联审须由县（区）组织"))
    if request.method == "GET":
        return render(request, "villages/review_new.html", _review_context(request, county))
    p = request.POST
    try:
        review = services.review_round_open(
            county=county,
            year=_year(p.get("year")),
            started_on=p.get("started_on", ""),
            title=p.get("title", ""),
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        context = {**_review_context(request, county, values=p), "error": error_text(exc)}
        return render(request, "villages/review_new.html", context, status=error_status(exc))
    return redirect("villages:review", review.pk)


# --- training ----------------------------------------------------------------------------


def _courses_context(request, region: Region, values=None) -> dict:
    courses = restrict(
        Course.objects.filter(region__code__startswith=region.prefix).select_related("region"),
        request.user,
    )
    return {
        "region": region,
        "courses": courses[:100],
        "values": values or {"year": timezone.localdate().year},
        "can_edit": region.level in codes.ABOVE_COMMUNITY and _may_edit(request.user, region),
    }


@login_required
@require_http_methods(["GET", "POST"])
def courses(request, code):
    """The courses held in a region (and its townships), and the form for a new one."""
    region = _region_or_404(request.user, code)
    if request.method == "GET":
        return render(request, "villages/courses.html", _courses_context(request, region))
    p = request.POST
    try:
        course = services.course_create(
            region=region,
            name=p.get("name", ""),
            organizer=p.get("organizer", ""),
            year=_year(p.get("year")),
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        context = {**_courses_context(request, region, values=p), "error": error_text(exc)}
        return render(request, "villages/courses.html", context, status=error_status(exc))
    return redirect("villages:course", course.pk)


def _course_or_404(user, pk) -> Course:
    course = restrict(Course.objects.select_related("region"), user).filter(pk=pk).first()
    if course is None:
        raise Http404(_("记录不存在"))
    return course


def _secretaries(course: Course, day) -> dict[str, tuple[Region, object]]:
    """The party secretaries of the villages under the course's region on `day`, as the
    sign-in form offers them: "<village pk>-<resident pk>" → (village, resident)."""
    seats = (
        CommitteeSeat.objects.filter(
            seats_open_on(day),
            post=CommitteeSeat.Post.SECRETARY,
            organization__grid__isnull=True,
            organization__region__kind=Region.Kind.VILLAGE,
            organization__region__code__startswith=course.region.prefix,
        )
        .select_related("organization__region__parent", "member__resident")
        .order_by("organization__region__code", "pk")
    )
    return {
        f"{s.organization.region_id}-{s.member.resident_id}": (
            s.organization.region,
            s.member.resident,
        )
        for s in seats
    }


def _course_context(request, course: Course, values=None) -> dict:
    can_edit = _may_edit(request.user, course.region)
    attendance = restrict(
        CourseAttendance.objects.filter(session__course=course).select_related(
            "village", "resident"
        ),
        request.user,
    )
    by_session: dict[int, list] = {}
    for a in attendance.order_by("village__code", "resident__name", "pk"):
        by_session.setdefault(a.session_id, []).append(a)
    sessions = []
    for s in course.sessions.all():
        signed = by_session.get(s.pk, [])
        here = {a.resident_id for a in signed}
        offered = []
        if can_edit:
            offered = [
                (value, village, resident)
                for value, (village, resident) in _secretaries(course, s.held_on).items()
                if resident.pk not in here
            ]
        sessions.append({"session": s, "attendance": signed, "offered": offered})
    return {
        "course": course,
        "sessions": sessions,
        "hours": sum((s.hours for s in course.sessions.all()), 0),
        "values": values or {},
        "can_edit": can_edit,
    }


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request, pk):
    course = _course_or_404(request.user, pk)
    if request.method == "GET":
        return render(request, "villages/course.html", _course_context(request, course))
    p, user = request.POST, request.user
    try:
        # Refused before the form is read: a township's bad input is still not its to send.
        check_county(user, course.region)
        action = p.get("action", "")
        if action == "session":
            services.session_add(
                course=course,
                held_on=p.get("held_on", ""),
                hours=p.get("hours", ""),
                topic=p.get("topic", ""),
                place=p.get("place", ""),
                user=user,
            )
        elif action == "attendance":
            session = course.sessions.filter(pk=form_id(p.get("session"))).first()
            if session is None:
                raise ValidationError(_("请选择课次"))
            chosen = _secretaries(course, session.held_on).get(p.get("attendee", ""))
            if chosen is None:
                raise ValidationError(_("请选择培训当日的村党组织书记"))
            village, resident = chosen
            services.attendance_record(
                session=session, village=village, resident=resident, user=user
            )
        else:
            raise ValidationError(_("操作无效"))
    except (ValidationError, PermissionDenied) as exc:
        context = {**_course_context(request, course, values=p), "error": error_text(exc)}
        return render(request, "villages/course.html", context, status=error_status(exc))
    return redirect("villages:course", course.pk)
