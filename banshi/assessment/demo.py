"""The cadre assessment demo on the villages demo's 清水河县: the 2025 scheme (five items,
a bonus, a deduction and a veto), sheets for every village branch with a secretary on
20 December 2025 by the county's account (城关镇's villages also by the township's), one
veto, decided on 15 January 2026. Deterministic; bulk writes, so it stays fast."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from banshi.core.periods import Period
from banshi.organizations.models import CommitteeSeat, PartyOrganization
from banshi.organizations.selectors import seats_open_on
from banshi.territory.models import Region

from . import analyses, services
from .models import AssessmentScheme, AssessmentSheet, SheetCase, SheetLine

COUNTY = "150124000000"
TOWN = "150124100"  # 城关镇
ASSESSED_ON = datetime.date(2025, 12, 20)
DECIDED_ON = datetime.date(2026, 1, 15)
ITEMS = [
    ("抓党建", 25, "落实“三会一课”、发展党员、阵地建设"),
    ("促发展", 25, "村集体经济收入、产业项目"),
    ("惠民生", 20, "接诉即办、民生实事"),
    ("保稳定", 15, "矛盾纠纷化解、安全生产"),
    ("强作风", 15, "履职尽责、廉洁自律"),
]
CASES = [
    ("bonus", "获市级以上表彰", "3"),
    ("deduction", "被通报批评", "5"),
    ("veto", "发生严重违纪违法", "0"),
]


def build_demo_assessment(*, seed: int = 0, now: datetime.datetime) -> dict:
    county = Region.objects.filter(code=COUNTY).first()
    users = get_user_model().objects.in_bulk(
        ["demo_qingshuihe", "demo_chengguan"], field_name="username"
    )
    if county is None or "demo_qingshuihe" not in users:
        return {}
    county_user, town_user = users["demo_qingshuihe"], users.get("demo_chengguan")
    if AssessmentScheme.objects.filter(county=county, year=2025).exists():
        _drop(county)
    scheme = services.scheme_create(
        county=county, year=2025, assessed_on=ASSESSED_ON, items=ITEMS, cases=CASES, user=None
    )
    items = list(scheme.items.all())
    cases = {c.kind: c for c in scheme.cases.all()}
    branches = {}
    for org in PartyOrganization.objects.filter(
        kind__in=PartyOrganization.BRANCH_KINDS,
        grid__isnull=True,
        region__kind=Region.Kind.VILLAGE,
        region__code__startswith=county.prefix,
    ).order_by("-pk"):
        branches[org.region_id] = org  # the lowest pk last, so it wins
    by_branch = {b.pk: b for b in branches.values()}
    secretaries = {}
    seats = CommitteeSeat.objects.filter(
        seats_open_on(ASSESSED_ON),
        organization_id__in=by_branch,
        post=CommitteeSeat.Post.SECRETARY,
    ).order_by("started_on")
    for seat in seats:
        secretaries[seat.organization_id] = seat.member_id
    rng = random.Random(seed)
    at = timezone.make_aware(datetime.datetime(2025, 12, 28, 10, 0))
    sheets, plans = [], []
    for pk in sorted(secretaries):
        branch = by_branch[pk]
        assessors = [county_user]
        if town_user is not None and branch.territory_code.startswith(TOWN):
            assessors.append(town_user)
        for user in assessors:
            sheets.append(
                AssessmentSheet(
                    scheme=scheme,
                    assessor=user,
                    branch=branch,
                    secretary_id=secretaries[pk],
                    submitted_at=at,
                )
            )
            plans.append([Decimal(rng.randint(w * 6, w * 10)) / 10 for _n, w, _s in ITEMS])
    AssessmentSheet.objects.bulk_create(sheets)
    SheetLine.objects.bulk_create(
        SheetLine(sheet=sheet, item=item, points=points)
        for sheet, row in zip(sheets, plans, strict=True)
        for item, points in zip(items, row, strict=True)
    )
    applied = []
    if sheets:
        applied.append(SheetCase(sheet=sheets[0], case=cases["veto"], note="违规处置集体资产"))
    if len(sheets) > 2:
        applied.append(SheetCase(sheet=sheets[-1], case=cases["bonus"], note="市级先进基层党组织"))
        applied.append(
            SheetCase(sheet=sheets[len(sheets) // 2], case=cases["deduction"], note="县委通报")
        )
    SheetCase.objects.bulk_create(applied)
    results = []
    if sheets:
        results = services.scheme_decide(scheme=scheme, on=DECIDED_ON, user=None)
    return {
        "scheme": scheme.pk,
        "sheets": len(sheets),
        "results": len(results),
        "vetoed": sum(r.vetoed for r in results),
    }


CONCLUSIONS = [
    ("good", "班子团结，主题党日按时开展，群众诉求办理及时。"),
    ("fair", "整体较好，满意率仍有提升空间，要加强入户走访。"),
    ("average", "组织生活落实不够经常，下一年度重点督导。"),
]


def build_demo_analyses(*, now: datetime.datetime) -> dict:
    """城关镇's 综合分析 of its village secretaries for 2025 (after every demo whose figures
    it holds), the first three concluded by the township."""
    town = Region.objects.filter(code=f"{TOWN}000").first()
    user = get_user_model().objects.filter(username="demo_chengguan").first()
    if town is None or user is None:
        return {}
    made = analyses.analyses_make(region=town, period=Period.year(2025), user=user, now=now)
    for analysis, (conclusion, comment) in zip(made, CONCLUSIONS, strict=False):
        analyses.analysis_conclude(
            analysis=analysis, conclusion=conclusion, comment=comment, user=user
        )
    return {"analyses": len(made)}


def _drop(county) -> None:
    """A rebuilt demo replaces the year's scheme."""
    scheme = AssessmentScheme.objects.get(county=county, year=2025)
    scheme.results.all().delete()
    scheme.sheets.all().delete()
    scheme.delete()
