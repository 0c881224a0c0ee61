"""The home-page tile of red-flag villages for the village itself (its branch's secretary,
or the village's staff: those who declare): its declarations of the current scheme year
(its county's latest scheme up to this year) with where each stands in the review chain,
and the flags it holds, each opening its declaration. Read through the scope, so only
what the user may see is counted."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.core import tiles
from banshi.core.tiles import Tile
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from . import selectors
from .models import Declaration

ROLE = RoleAssignment.Role
S = Declaration.Status
MAX_VILLAGES = 3  # a tile, not the red-flag pages: they hold the rest


def own_villages(user) -> list[Region]:
    """The villages the user declares for: those whose branch the user serves, and for a
    village's staff their own village. The system's administrators are no village's."""
    scope = scope_for(user)
    if scope.everything:
        return []
    q = Q(pk__in=[])
    for p in scope.org_paths:
        branches = PartyOrganization.objects.filter(
            region=OuterRef("pk"), kind__in=PartyOrganization.BRANCH_KINDS, path__startswith=p
        )
        q |= Q(Exists(branches))
    if ROLE.COMMUNITY in scope.roles:
        for p in scope.prefixes:
            q |= Q(code__startswith=p)
    villages = Region.objects.filter(kind=Region.Kind.VILLAGE).filter(q)
    return list(villages.select_related("parent").order_by("code")[:MAX_VILLAGES])


def _current_years(user, villages: list[Region]) -> dict[int, int]:
    """{village id: the year of its county's latest scheme up to this year}."""
    latest: dict[str, int] = {}
    schemes = selectors.scheme_list(user=user).filter(year__lte=timezone.localdate().year)
    for prefix, year in schemes.values_list("county__prefix", "year"):
        latest[prefix] = max(year, latest.get(prefix, year))
    years = {}
    for v in villages:
        found = [y for prefix, y in latest.items() if v.code.startswith(prefix)]
        if found:
            years[v.pk] = max(found)
    return years


def _declarations(request) -> dict | None:
    user = request.user
    villages = own_villages(user)
    if not villages:
        return None
    years = _current_years(user, villages)
    wanted = Q(status=S.AWARDED)
    for village_id, year in years.items():
        wanted |= Q(village_id=village_id, scheme__year=year)
    rows = list(
        selectors.declaration_list(user=user)
        .filter(village__in=villages)
        .filter(wanted)
        .order_by("village__code", "flag", "-scheme__year")
    )
    blocks = []
    for v in villages:
        year = years.get(v.pk)
        mine = [d for d in rows if d.village_id == v.pk]
        current = [d for d in mine if d.scheme.year == year]
        held = [d for d in mine if d.status == S.AWARDED]
        if current or held:
            blocks.append({"village": v, "year": year, "declarations": current, "held": held})
    if not blocks:
        return None
    return {"blocks": blocks}


TILE = Tile(
    "redflags.declarations",
    _("五面红旗村创建"),
    "redflags/tile.html",
    _declarations,
    order=41,
    roles=frozenset({ROLE.PARTY_SECRETARY, ROLE.COMMUNITY}),
)


def register() -> None:
    tiles.register(TILE)
