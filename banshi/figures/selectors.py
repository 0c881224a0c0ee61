"""The region figures (`banshi stats`, the region page). Each figure is a queryset of the
records behind it, restricted to the viewer's scope and to the region's subtree by code
prefix, so a region of any depth costs the same fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from banshi.access.scope import restrict
from banshi.enterprises.models import Enterprise, RiderStation
from banshi.organizations.models import CenterHousehold, PartyMember, PartyOrganization
from banshi.people.models import PlaceRole, Resident
from banshi.people.selectors import active_roles
from banshi.territory.codes import COMMUNITY
from banshi.territory.models import CommercialOutlet, Grid, Household, Region

Kind = PartyOrganization.Kind


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    records: Callable[[str], QuerySet]  # region prefix → queryset (before scoping)
    distinct: str | None = None  # count distinct values of this field instead of rows


def _roles(role):
    return lambda p: PlaceRole.objects.filter(active_roles(), role=role, grid__code__startswith=p)


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in [
        Figure(
            "communities",
            _("社区/村"),
            lambda p: Region.objects.filter(code__startswith=p, level=COMMUNITY),
        ),
        Figure("grids", _("网格"), lambda p: Grid.objects.filter(code__startswith=p)),
        Figure("households", _("户"), lambda p: Household.objects.filter(grid__code__startswith=p)),
        Figure("residents", _("居民"), lambda p: Resident.objects.filter(grid__code__startswith=p)),
        Figure(
            "commercial_outlets",
            _("商业网点"),
            lambda p: CommercialOutlet.objects.filter(grid__code__startswith=p),
        ),
        Figure(
            "building_heads",
            _("楼栋长"),
            _roles(PlaceRole.Role.BUILDING_HEAD),
            distinct="resident_id",
        ),
        Figure("unit_heads", _("单元长"), _roles(PlaceRole.Role.UNIT_HEAD), distinct="resident_id"),
        Figure(
            "grid_party_branches",
            _("网格党支部"),
            lambda p: PartyOrganization.objects.filter(
                kind=Kind.GRID_BRANCH, territory_code__startswith=p
            ),
        ),
        Figure(
            "building_party_groups",
            _("楼栋党小组"),
            lambda p: PartyOrganization.objects.filter(
                kind=Kind.BUILDING_GROUP, territory_code__startswith=p
            ),
        ),
        Figure(
            "party_member_center_households",
            _("党员中心户"),
            lambda p: CenterHousehold.objects.filter(household__grid__code__startswith=p),
        ),
        Figure(
            "party_members",
            _("党员"),
            lambda p: PartyMember.objects.filter(organization__territory_code__startswith=p),
        ),
        Figure(
            "non_public_enterprises",
            _("非公企业"),
            lambda p: Enterprise.objects.filter(grid__code__startswith=p),
        ),
        Figure(
            "enterprises_with_party_org",
            _("已建党组织企业"),
            lambda p: Enterprise.objects.filter(grid__code__startswith=p).exclude(
                party_org_status=Enterprise.PartyOrgStatus.NONE
            ),
        ),
        Figure(
            "party_building_instructors",
            _("党建指导员"),
            lambda p: Enterprise.objects.filter(grid__code__startswith=p, instructor__isnull=False),
            distinct="instructor_id",
        ),
        Figure(
            "rider_stations",
            _("红蜂驿站"),
            lambda p: RiderStation.objects.filter(grid__code__startswith=p),
        ),
    ]
}

RATE_KEYS = ("org_coverage_rate", "work_coverage_rate")
RATE_LABELS = {"org_coverage_rate": _("党的组织覆盖率"), "work_coverage_rate": _("党的工作覆盖率")}
STATS_KEYS = (
    "communities",
    "grids",
    "households",
    "residents",
    "commercial_outlets",
    "building_heads",
    "unit_heads",
    "grid_party_branches",
    "building_party_groups",
    "party_member_center_households",
    "party_members",
    "non_public_enterprises",
    "enterprises_with_party_org",
    "party_building_instructors",
    "org_coverage_rate",
    "work_coverage_rate",
    "rider_stations",
)


def figure_records(*, key: str, region: Region, user=None) -> QuerySet:
    """The records behind one figure, in the viewer's scope (None: no scope, for commands)."""
    qs = FIGURES[key].records(region.prefix)
    return qs if user is None else restrict(qs, user)


def _count(fig: Figure, region: Region, user) -> int:
    qs = figure_records(key=fig.key, region=region, user=user)
    if fig.distinct:
        return qs.values(fig.distinct).distinct().count()
    return qs.count()


def work_covered_enterprises(*, region: Region, user=None) -> QuerySet:
    qs = figure_records(key="non_public_enterprises", region=region, user=user)
    return qs.exclude(party_org_status=Enterprise.PartyOrgStatus.NONE, instructor__isnull=True)


def region_figures(*, region: Region, user=None) -> dict:
    """Every figure of `region` (rates as fractions rounded to 4 places)."""
    counts = {key: _count(fig, region, user) for key, fig in FIGURES.items()}
    total = counts["non_public_enterprises"]
    work = work_covered_enterprises(region=region, user=user).count()
    counts["org_coverage_rate"] = (
        round(counts["enterprises_with_party_org"] / total, 4) if total else 0.0
    )
    counts["work_coverage_rate"] = round(work / total, 4) if total else 0.0
    return {key: counts[key] for key in STATS_KEYS}
