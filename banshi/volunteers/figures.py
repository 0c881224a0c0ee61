"""The registered figures of volunteering for a region (city to community), by the region
of each volunteer's team: the volunteers registered (a stock), those active in the period
(with a service record signed in within it) and the hours served (approved hours of the
period's records: their hours plus approved corrections)."""

from functools import partial

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from banshi.core import sections
from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from . import stars
from .models import HoursCorrection, ServiceRecord, Volunteer, VolunteerTeam
from .selectors import hours_total

GROUP = "volunteers"
LEVELS = codes.REGION_LEVELS
_figure = partial(Figure, levels=LEVELS, group=GROUP)


def _registered(s, p):
    return Volunteer.objects.filter(active=True, team__region__code__startswith=s.prefix)


def _records(s, p):
    return ServiceRecord.objects.filter(
        p.q("signed_in_at"), activity__team__region__code__startswith=s.prefix
    )


def _hours(s, p):
    return float(hours_total(_records(s, p)))


FIGURES = (
    stock(
        "volunteers_registered",
        _("注册志愿者"),
        group=GROUP,
        order=1410,
        levels=LEVELS,
        records=_registered,
        help=_("本区划内志愿服务队的在册志愿者（按队伍所在区划统计）"),
    ),
    _figure(
        key="volunteers_active",
        label=_("参加志愿服务的志愿者"),
        kind=FigureKind.COUNT,
        order=1411,
        records=_records,
        distinct="volunteer_id",
        help=_("本期有志愿服务记录的志愿者人数（按人去重）"),
    ),
    _figure(
        key="volunteer_hours",
        label=_("志愿服务时长"),
        kind=FigureKind.AMOUNT,
        order=1412,
        records=_records,
        value=_hours,
        unit=_("小时"),
        help=_("本期签到的服务记录按签到签退计算的时长，加上已审核的更正"),
    ),
)


def _cumulative(team) -> dict[int, float]:
    """Each volunteer's approved hours to date."""
    hours = dict(
        ServiceRecord.objects.filter(volunteer__team=team)
        .values("volunteer")
        .annotate(h=Sum("hours"))
        .values_list("volunteer", "h")
    )
    extra = (
        HoursCorrection.objects.filter(record__volunteer__team=team, approved_at__isnull=False)
        .values("record__volunteer")
        .annotate(h=Sum("delta"))
        .values_list("record__volunteer", "h")
    )
    for volunteer, h in extra:
        hours[volunteer] = hours.get(volunteer, 0) + h
    return hours


def team_rows(region, period) -> list[dict]:
    """The teams of the region: registered, active and hours in the period, and how many
    volunteers hold a star by their hours to date (`banshi services`)."""
    rows = []
    teams = VolunteerTeam.objects.filter(region__code__startswith=region.prefix).select_related(
        "organization", "enterprise", "community"
    )
    for team in teams.order_by("region__code", "name"):
        records = ServiceRecord.objects.filter(period.q("signed_in_at"), activity__team=team)
        rows.append(
            {
                "team": team.name,
                "owner": str(team.owner),
                "registered": team.members.filter(active=True).count(),
                "active": records.values("volunteer").distinct().count(),
                "hours": float(hours_total(records)),
                "starred": sum(1 for h in _cumulative(team).values() if stars.stars_for(h)),
            }
        )
    return rows


def register() -> None:
    register_all(FIGURES)
    sections.register(sections.Section("volunteer_teams", _("志愿服务队"), team_rows, order=1410))
