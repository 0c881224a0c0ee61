"""Training of village cadres: a course (头雁领航专题培训班), its sessions with their hours,
and who attended; an attendee who was the village's party secretary that day is counted
as a trained secretary."""

import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.organizations.models import CommitteeSeat
from banshi.organizations.selectors import seats_open_on
from banshi.territory import codes

from ..models import Course, CourseAttendance, Session
from ._base import as_day, check_county, check_villages, short_text

MAX_HOURS = decimal.Decimal("12")


@transaction.atomic
def course_create(*, region, name: str, organizer: str, year: int, user=None) -> Course:
    if region is None or region.level not in (codes.CITY, codes.DISTRICT, codes.STREET):
        raise ValidationError({"region": _("培训班须由市、县或乡镇举办")})
    check_county(user, region)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度无效")})
    return Course.objects.create(
        region=region,
        name=short_text(name, what=_("培训班名称"), limit=100, required=True),
        organizer=short_text(organizer, what=_("主办单位"), limit=100, required=True),
        year=year,
    )


@transaction.atomic
def session_add(
    *, course: Course, held_on, hours, topic: str, place: str = "", user=None
) -> Session:
    check_county(user, course.region)
    held_on = as_day(held_on, what=_("培训日期"))
    if held_on.year != course.year:
        raise ValidationError({"held_on": _("培训日期须在培训班年度内")})
    try:
        hours = decimal.Decimal(str(hours)).quantize(decimal.Decimal("0.1"))
    except decimal.InvalidOperation:
        raise ValidationError({"hours": _("学时须为数字")}) from None
    if not decimal.Decimal("0") < hours <= MAX_HOURS:
        raise ValidationError({"hours": _("学时须大于0且不超过%(n)s") % {"n": MAX_HOURS}})
    return Session.objects.create(
        course=course,
        held_on=held_on,
        hours=hours,
        topic=short_text(topic, what=_("专题"), required=True),
        place=short_text(place, what=_("地点"), limit=100),
    )


def _secretaries(branch_ids, day) -> set[tuple[int, int]]:
    """(branch, resident) of the secretaries of these branches on `day`."""
    return set(
        CommitteeSeat.objects.filter(
            seats_open_on(day), organization_id__in=branch_ids, post=CommitteeSeat.Post.SECRETARY
        ).values_list("organization_id", "member__resident_id")
    )


@transaction.atomic
def attendance_record(*, session: Session, village, resident, user=None) -> CourseAttendance:
    return attendance_record_many(session=session, rows=[(village, resident)], user=user)[0]


@transaction.atomic
def attendance_record_many(*, session: Session, rows, user=None) -> list[CourseAttendance]:
    """A session's sign-in sheet: (village, resident) for each attendee; an attendee who
    was the village's party secretary that day counts as a trained secretary."""
    check_county(user, session.course.region)
    prefix = session.course.region.prefix
    out, seen = [], set()
    rows = list(rows)
    branches = check_villages([village for village, _r in rows], user)
    for village, resident in rows:
        branch = branches[village.pk]
        if not village.code.startswith(prefix):
            raise ValidationError({"village": _("该村不在培训班的举办范围内")})
        if resident is None:
            raise ValidationError({"resident": _("请选择学员")})
        if resident.pk in seen:
            raise ValidationError(_("同一学员不能重复登记"))
        seen.add(resident.pk)
        out.append(
            CourseAttendance(session=session, village=village, branch=branch, resident=resident)
        )
    if CourseAttendance.objects.filter(session=session, resident_id__in=seen).exists():
        raise ValidationError(_("该学员已登记参训"))
    secretaries = _secretaries({a.branch_id for a in out if a.branch_id}, session.held_on)
    for a in out:
        a.as_secretary = (a.branch_id, a.resident.pk) in secretaries
    return CourseAttendance.objects.bulk_create(out)
