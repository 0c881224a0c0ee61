"""The praise app's reads: the ledger in the viewer's scope (filtered by year, kind and
unit), brands and carriers with their praise counted, and a unit's summary for a year (the
`praise` command's, unscoped: the command runs as the system)."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from banshi.access.scope import restrict
from banshi.organizations.models import PartyOrganization
from banshi.volunteers.models import ServiceRecord, Volunteer
from banshi.volunteers.selectors import hours_total

from .models import Brand, Carrier, PraiseRecord


def praise_list(
    *,
    user,
    year: int | None = None,
    kind: str = "",
    unit_id: int = 0,
    tree: bool = False,
    month: int = 0,
) -> QuerySet:
    """The ledger; `tree`: the unit and its sub-organizations; `month` within `year`."""
    qs = PraiseRecord.objects.select_related("unit", "region", "carrier", "person", "demand")
    if year:
        qs = qs.filter(received_on__year=year)
    if year and month:
        qs = qs.filter(received_on__month=month)
    if kind:
        qs = qs.filter(kind=kind)
    if unit_id and tree:
        qs = qs.filter(unit__path__startswith=_unit_path(unit_id))
    elif unit_id:
        qs = qs.filter(unit_id=unit_id)
    return restrict(qs, user)


def _unit_path(unit_id: int) -> str:
    """The unit's path, or one no unit has (a unit that does not exist has no records)."""
    path = PartyOrganization.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    return path or "/-/"


def praise_units(*, user) -> QuerySet[PartyOrganization]:
    """The units the user may record praise for."""
    return restrict(PartyOrganization.objects.all(), user).order_by("path")


def praise_years(*, user) -> list[int]:
    dates = restrict(PraiseRecord.objects.all(), user).dates("received_on", "year", order="DESC")
    return [d.year for d in dates]


def brand_list(*, user, unit_id: int = 0, tree: bool = False) -> QuerySet[Brand]:
    """The brands in scope; with `unit_id`, that unit's (and with `tree` its subtree's)."""
    qs = Brand.objects.select_related("owner")
    if unit_id and tree:
        qs = qs.filter(owner__path__startswith=_unit_path(unit_id))
    elif unit_id:
        qs = qs.filter(owner_id=unit_id)
    return restrict(qs, user)


def brand_get(*, user, pk: int) -> Brand:
    """Brand.DoesNotExist unless the user sees it."""
    return brand_list(user=user).get(pk=pk)


def carrier_list(
    *, user, brand: Brand | None = None, kind: str = "", level: str = ""
) -> QuerySet[Carrier]:
    qs = Carrier.objects.select_related("brand", "person", "team")
    if brand is not None:
        qs = qs.filter(brand=brand)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    return restrict(qs, user).annotate(praise_count=Count("praises"))


def carrier_get(*, user, pk: int) -> Carrier:
    """Carrier.DoesNotExist unless the user sees it."""
    return carrier_list(user=user).get(pk=pk)


def team_rollup(team_id: int | None) -> dict:
    """A volunteer team carrier's team as the unit reports it: registered volunteers and
    approved hours (the team's totals, not the viewer's part of them)."""
    if not team_id:
        return {"members": 0, "hours": Decimal(0)}
    return {
        "members": Volunteer.objects.filter(team_id=team_id, active=True).count(),
        "hours": hours_total(ServiceRecord.objects.filter(activity__team_id=team_id)),
    }


def carriers_by_kind(carriers) -> list[dict]:
    """The carriers grouped by kind, in the kinds' order: [{kind, label, carriers, praise}]."""
    groups = {k: [] for k in Carrier.Kind.values}
    for c in carriers:
        groups[c.kind].append(c)
    return [
        {
            "kind": kind,
            "label": Carrier.Kind(kind).label,
            "carriers": rows,
            "praise": sum(getattr(c, "praise_count", 0) for c in rows),
        }
        for kind, rows in groups.items()
    ]


def unit_summary(unit: PartyOrganization, year: int) -> dict:
    """The unit's praise of the year by kind and its brands' carriers by kind (unscoped)."""
    counts = dict(
        PraiseRecord.objects.filter(unit=unit, received_on__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    carriers = dict(
        Carrier.objects.filter(brand__owner=unit)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    teams = Carrier.objects.filter(brand__owner=unit, team__isnull=False).values_list(
        "name", "team_id"
    )
    brands = list(
        Brand.objects.filter(owner=unit)
        .annotate(
            n_carriers=Count("carriers", distinct=True),
            n_praise=Count(
                "carriers__praises",
                filter=Q(carriers__praises__received_on__year=year),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    return {
        "unit": {"id": unit.pk, "name": unit.name},
        "year": year,
        "praise": {k: counts.get(k, 0) for k in PraiseRecord.Kind.values},
        "praise_total": sum(counts.values()),
        "carriers": {k: carriers.get(k, 0) for k in Carrier.Kind.values},
        "teams": [{"name": name, **_json_rollup(team_rollup(team_id))} for name, team_id in teams],
        "brands": [
            {
                "name": b.name,
                "goals": b.goals,
                "linkage": b.linkage,
                "carriers": b.n_carriers,
                "praise_of_carriers": b.n_praise,
            }
            for b in brands
        ],
    }


def _json_rollup(rollup: dict) -> dict:
    return {"members": rollup["members"], "hours": float(rollup["hours"])}
