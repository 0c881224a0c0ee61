"""The reads of red-flag villages, every one through the viewer's scope: schemes,
declarations and their evidence, opinions, objections and reviews, the villages a user
may declare for, and the county's 报备 report of a year's results per township (an
official table of the region: the same for anyone who may see it)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from banshi.access.models import RoleAssignment
from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from .models import Declaration, Evidence, Flag, Objection, Scheme

S = Declaration.Status


def scheme_list(*, user) -> QuerySet[Scheme]:
    """The schemes of the counties the user's territory reaches, and those of the counties
    of the villages whose branch the user serves."""
    qs = Scheme.objects.select_related("county")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = Q(pk__in=restrict(Scheme.objects.all(), user).values("pk"))
    for p in scope.prefixes:
        q |= Q(county__code__startswith=p[:6])  # a township's or village's county
    for p in scope.org_paths:
        branch = PartyOrganization.objects.filter(path__startswith=p, region__isnull=False)
        for code in branch.values_list("region__code", flat=True)[:50]:
            q |= Q(county__code__startswith=code[:6])
    return qs.filter(q)


def scheme_get(*, user, pk: int) -> Scheme:
    return scheme_list(user=user).get(pk=pk)


def declaration_list(*, user, scheme: Scheme | None = None) -> QuerySet[Declaration]:
    qs = restrict(Declaration.objects.all(), user)
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    return qs.select_related("scheme__county", "village__parent").order_by(
        "-scheme__year", "village__code", "flag"
    )


def declaration_get(*, user, pk: int) -> Declaration:
    return declaration_list(user=user).get(pk=pk)


def evidence_of(*, user, declaration: Declaration) -> QuerySet[Evidence]:
    return restrict(Evidence.objects.filter(declaration=declaration), user).select_related(
        "indicator"
    )


def evidence_get(*, user, pk: int) -> Evidence:
    return restrict(Evidence.objects.all(), user).get(pk=pk)


def objections_of(*, user, declaration: Declaration) -> QuerySet[Objection]:
    return restrict(Objection.objects.filter(declaration=declaration), user)


def objection_get(*, user, pk: int) -> Objection:
    return restrict(Objection.objects.select_related("declaration"), user).get(pk=pk)


def declarable_villages(*, user, county: Region) -> QuerySet[Region]:
    """The county's villages the user declares for: their branch's, or their own village."""
    qs = Region.objects.filter(kind=Region.Kind.VILLAGE, code__startswith=county.prefix)
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = Q(pk__in=[])
    if RoleAssignment.Role.COMMUNITY in scope.roles:
        for p in scope.prefixes:
            q |= Q(code__startswith=p)
    for p in scope.org_paths:
        q |= Q(Exists(PartyOrganization.objects.filter(region=OuterRef("pk"), path__startswith=p)))
    return qs.filter(q).order_by("code")


@dataclass
class TownshipRow:
    township: Region
    villages: int = 0
    # flag → [held, declared, revoked]
    flags: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in Flag})
    lagging: list[Region] = field(default_factory=list)

    @property
    def cells(self) -> list[list[int]]:
        return [self.flags[f] for f in Flag.values]


@dataclass
class Report:
    region: Region
    year: int
    rows: list[TownshipRow]

    @property
    def total(self) -> TownshipRow:
        out = TownshipRow(township=self.region)
        for r in self.rows:
            out.villages += r.villages
            out.lagging += r.lagging
            for f in Flag.values:
                for i in range(3):
                    out.flags[f][i] += r.flags[f][i]
        return out


def year_report(region: Region, year: int) -> Report:
    """Per township of the region: its villages, and per flag the flags held (awarded in
    the year and not revoked), declared and revoked; the villages holding none that year
    (后进村)."""
    villages = Region.objects.filter(kind=Region.Kind.VILLAGE, code__startswith=region.prefix)
    rows: dict[int, TownshipRow] = {}
    by_village: dict[int, TownshipRow] = {}
    holding: set[int] = set()
    for v in villages.select_related("parent").order_by("code"):
        row = rows.get(v.parent_id) or rows.setdefault(v.parent_id, TownshipRow(v.parent))
        row.villages += 1
        by_village[v.pk] = row
    decls = Declaration.objects.filter(scheme__year=year, village__in=villages)
    for village_id, flag, status in decls.values_list("village_id", "flag", "status"):
        cell = by_village[village_id].flags[flag]
        cell[1] += 1
        if status == S.AWARDED:
            cell[0] += 1
            holding.add(village_id)
        elif status == S.REVOKED:
            cell[2] += 1
    for v in villages.order_by("code"):
        if v.pk not in holding:
            by_village[v.pk].lagging.append(v)
    ordered = sorted(rows.values(), key=lambda r: r.township.code)
    return Report(region=region, year=year, rows=ordered)
