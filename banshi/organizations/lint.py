"""Structure problems of the party organization and the grids it covers (`banshi lint-org`).

Each check is one aggregate query, whatever the size of the region."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from banshi.territory.models import Grid, Region

from .models import PartyMember, PartyOrganization

MIN_FULL_MEMBERS = 3
GENERAL_BRANCH_OVER = 50
COMMITTEE_OVER = 100
COMMITTEE_FROM_FULL = 7
GRID_HOUSEHOLDS = (300, 500)


@dataclass(frozen=True)
class StructureProblem:
    code: str
    node: str  # what it concerns: "党组织 名称 (#id)" or "网格 名称 (code)"
    message: str

    def __str__(self) -> str:
        return f"{self.node}: {self.message}"


def structure_problems(*, region: Region | None = None) -> list[StructureProblem]:
    prefix = region.prefix if region else ""
    problems: list[StructureProblem] = []
    full = Q(members__status=PartyMember.Status.FULL)
    branches = (
        PartyOrganization.objects.filter(
            kind__in=PartyOrganization.BRANCH_KINDS, territory_code__startswith=prefix
        )
        .annotate(n=Count("members"), full=Count("members", filter=full))
        .order_by("path")
    )
    for org in branches:
        node = _("党组织 %(name)s (#%(id)s)") % {"name": org.name, "id": org.pk}
        if org.full < MIN_FULL_MEMBERS:
            problems.append(
                StructureProblem(
                    "few_full_members",
                    node,
                    _("正式党员 %(n)d 名，少于 %(min)d 名，不足以单独成立党支部")
                    % {"n": org.full, "min": MIN_FULL_MEMBERS},
                )
            )
        if org.n > COMMITTEE_OVER:
            problems.append(
                StructureProblem(
                    "too_many_members",
                    node,
                    _("党员 %(n)d 名，超过 %(max)d 名，可考虑成立党委")
                    % {"n": org.n, "max": COMMITTEE_OVER},
                )
            )
        elif org.n > GENERAL_BRANCH_OVER:
            problems.append(
                StructureProblem(
                    "many_members",
                    node,
                    _("党员 %(n)d 名，超过 %(max)d 名，可考虑成立党总支")
                    % {"n": org.n, "max": GENERAL_BRANCH_OVER},
                )
            )
        if org.full >= COMMITTEE_FROM_FULL and not org.has_committee:
            problems.append(
                StructureProblem(
                    "no_committee",
                    node,
                    _("正式党员 %(n)d 名（≥%(min)d），应设立支部委员会")
                    % {"n": org.full, "min": COMMITTEE_FROM_FULL},
                )
            )
    covered = PartyOrganization.objects.filter(
        kind=PartyOrganization.Kind.GRID_BRANCH, grid=OuterRef("pk")
    )
    # A village's grids are covered by the village's own branch (村党支部/党总支).
    village_branch = PartyOrganization.objects.filter(
        kind__in=[PartyOrganization.Kind.BRANCH, PartyOrganization.Kind.GENERAL_BRANCH],
        region=OuterRef("community_id"),
        region__kind=Region.Kind.VILLAGE,
    )
    grids = (
        Grid.objects.filter(code__startswith=prefix)
        .annotate(
            households_n=Count("households"),
            has_branch=Exists(covered) | Exists(village_branch),
        )
        .order_by("code")
    )
    lo, hi = GRID_HOUSEHOLDS
    for grid in grids:
        node = _("网格 %(name)s (%(code)s)") % {"name": grid.name, "code": grid.code}
        if not lo <= grid.households_n <= hi:
            problems.append(
                StructureProblem(
                    "grid_size",
                    node,
                    _("%(n)d 户，不在每网格 %(lo)d–%(hi)d 户的标准内")
                    % {"n": grid.households_n, "lo": lo, "hi": hi},
                )
            )
        if not grid.has_branch:
            problems.append(
                StructureProblem("grid_no_branch", node, _("没有覆盖该网格的网格党支部"))
            )
    return problems
