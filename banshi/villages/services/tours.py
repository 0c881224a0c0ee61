"""Observation tours (拉练观摩): the county plans a tour, adds the villages visited (any
county's: a tour goes to see others) and the secretaries who went, and writes its summary.
Only the county's organization department writes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banshi.organizations.models import PartyMember
from banshi.territory import codes
from banshi.territory.models import Region

from ..models import ObservationTour, TourParticipant, TourStop
from ._base import as_day, check_county, short_text


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def tour_create(*, county: Region, title: str, starts_on, ends_on, user=None) -> ObservationTour:
    if county.level != codes.DISTRICT:
        raise ValidationError({"county": _("拉练观摩由县（区、旗）组织")})
    check_county(user, county)
    return _saved(
        ObservationTour(
            county=county,
            title=short_text(title, what=_("名称"), required=True),
            starts_on=as_day(starts_on, what=_("开始日期"), future=True),
            ends_on=as_day(ends_on, what=_("结束日期"), future=True),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )


@transaction.atomic
def tour_stop_add(
    *, tour: ObservationTour, village: Region, visited_on, seen: str, user=None
) -> TourStop:
    check_county(user, tour.county)
    if village is None or village.level != codes.COMMUNITY:
        raise ValidationError({"village": _("村不存在")})
    day = as_day(visited_on, what=_("观摩日期"), future=True)
    if not tour.starts_on <= day <= tour.ends_on:
        raise ValidationError({"visited_on": _("观摩日期须在拉练观摩的日期之内")})
    stop = TourStop(
        tour=tour,
        village=village,
        visited_on=day,
        seen=short_text(seen, what=_("观摩内容"), limit=300, required=True),
    )
    stop.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the unique row decides between two clicks at once
            stop.save()
    except IntegrityError:
        raise ValidationError({"village": _("该村已在本次观摩的行程中")}) from None
    return stop


@transaction.atomic
def tour_participant_add(*, tour: ObservationTour, member: PartyMember, user=None):
    """A member of an organization serving the county goes on the tour (once)."""
    check_county(user, tour.county)
    if not member.organization.territory_code.startswith(tour.county.prefix):
        raise ValidationError({"member": _("只能选择本县的党员")})
    try:
        with transaction.atomic():
            return TourParticipant.objects.create(tour=tour, member=member)
    except IntegrityError:
        raise ValidationError({"member": _("该党员已在参加人员中")}) from None


@transaction.atomic
def tour_summarize(*, tour: ObservationTour, summary: str, user=None) -> ObservationTour:
    check_county(user, tour.county)
    tour = ObservationTour.objects.select_for_update().get(pk=tour.pk)
    tour.summary = short_text(summary, what=_("观摩总结"), limit=5000, required=True)
    tour.save(update_fields=["summary"])
    return tour
