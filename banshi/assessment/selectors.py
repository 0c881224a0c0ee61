"""The assessment's reads, through the user's scope; `last_place_branches` for the
rectification app."""

from django.db.models import Max, Q, QuerySet

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from .models import AssessmentResult, AssessmentScheme, AssessmentSheet

COUNTY_PREFIX = 6  # a county's code prefix: 2 province, 2 city, 2 county digits


def _county_prefixes(user) -> set[str]:
    """The county prefixes (6 digits) over the user's territory and branches: a township's
    staff and a village's secretary see their county's scheme (their records in it stay
    scoped)."""
    scope = scope_for(user) if user.is_authenticated else None
    if scope is None:
        return set()
    codes = set(scope.prefixes)
    if scope.org_paths:
        q = Q()
        for path in scope.org_paths:
            q |= Q(path__startswith=path)
        codes |= set(PartyOrganization.objects.filter(q).values_list("territory_code", flat=True))
    return {c[:COUNTY_PREFIX] for c in codes if len(c) >= COUNTY_PREFIX}


def scheme_list(*, user) -> QuerySet[AssessmentScheme]:
    schemes = AssessmentScheme.objects.select_related("county")
    mine = restrict(schemes, user)
    prefixes = _county_prefixes(user)
    if not prefixes:
        return mine
    return schemes.filter(Q(pk__in=mine.values("pk")) | Q(county__prefix__in=prefixes))


def scheme_get(*, user, pk: int) -> AssessmentScheme:
    """AssessmentScheme.DoesNotExist unless the user sees it."""
    return scheme_list(user=user).get(pk=pk)


def result_list(*, user, scheme: AssessmentScheme) -> QuerySet[AssessmentResult]:
    return restrict(scheme.results.select_related("branch", "secretary__resident"), user).order_by(
        "rank", "branch__name"
    )


def sheet_list(*, user, scheme: AssessmentScheme) -> QuerySet[AssessmentSheet]:
    return restrict(scheme.sheets.select_related("branch", "assessor"), user)


def last_place_branches(county: Region, year: int) -> set[int]:
    """Branch ids at the lowest rank of the county's decided scheme of the year (unscoped:
    the rectification app decides who sees them)."""
    results = AssessmentResult.objects.filter(
        scheme__county=county, scheme__year=year, scheme__decided_on__isnull=False
    )
    lowest = results.aggregate(lowest=Max("rank"))["lowest"]
    if lowest is None:
        return set()
    return set(results.filter(rank=lowest).values_list("branch_id", flat=True))
