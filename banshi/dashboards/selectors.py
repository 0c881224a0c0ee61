"""Reads for the cross-app pages: a user's places (the roots of their scope, each read through
its app's selector), the subject a code names (a region or a grid, in the user's scope), and
the period a request asks for."""

from banshi.access.scope import scope_for
from banshi.core import figures
from banshi.core.periods import Period
from banshi.enterprises.selectors import enterprise_list
from banshi.organizations.selectors import organization_list
from banshi.territory import codes
from banshi.territory.models import Grid, Region
from banshi.territory.selectors import grid_get, household_list, region_get, scope_roots


def home_places(*, user) -> dict:
    """The top nodes of every part of the user's scope."""
    scope = scope_for(user)
    roots = scope_roots(user=user)
    organizations = organization_list(user=user).filter(path__in=scope.org_paths)
    enterprises = enterprise_list(user=user).filter(instructor_id__in=scope.instructor_ids)
    households = household_list(user=user).filter(pk__in=scope.household_ids)
    return {
        "regions": [r for r in roots if isinstance(r, Region)],
        "grids": [g for g in roots if isinstance(g, Grid)],
        "organizations": list(organizations),
        "enterprises": list(enterprises),
        "households": list(households),
    }


def subject_get(*, user, code: str) -> Region | Grid:
    """The region (12 digits) or grid (15 digits) with `code`, in the user's scope;
    LookupError otherwise (→ 404)."""
    try:
        if codes.is_grid_prefix(code):
            return grid_get(user=user, code=code)
        return region_get(user=user, code=code)
    except (Region.DoesNotExist, Grid.DoesNotExist):
        raise LookupError(code) from None


def breadcrumb(*, user, subject) -> list[tuple[Region, bool]]:
    """The regions above the subject, from the top, each with whether the user may open it."""
    scope = scope_for(user)
    return [(a, scope.covers_code(a.code)) for a in subject.ancestors()]


def requested_period(value: str | None, *, default: Period | None = None) -> Period:
    """The period a page was asked for ("YYYY-MM", "YYYY" or "Nd"); by default the last
    complete month (the month in progress holds next to nothing on the 1st). PeriodError (a
    message for the user) for a bad one."""
    value = (value or "").strip()
    if not value:
        return default or Period.last_complete_month()
    return Period.parse(value)


# The apps whose figures describe what a region is made of (stocks, the same in any period):
# `banshi stats` and the API's region figures.
STRUCTURE_GROUPS = ("territory", "people", "organizations", "enterprises")


def structure_keys(level: int) -> list[str]:
    """The stocks of those apps (their figures of activity in a period, such as the
    instructors' visits, are not what a region is made of)."""
    return [
        f.key for f in figures.all_figures(level=level, groups=STRUCTURE_GROUPS) if not f.periodic
    ]


def structure_figures(subject) -> dict:
    """The structure figures of a region or grid (key → value, rates as fractions)."""
    return figures.compute(subject, Period.current_month(), keys=structure_keys(subject.level))
