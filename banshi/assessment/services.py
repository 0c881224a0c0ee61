"""The assessment's writes: the county sets up a scheme, township and county staff submit
a sheet per village branch, the county decides the results (which locks the sheets)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for, visible
from banshi.organizations.models import CommitteeSeat, PartyMember, PartyOrganization
from banshi.organizations.selectors import seats_open_on
from banshi.territory import codes
from banshi.territory.models import Region

from . import scoring
from .models import (
    AssessmentCase,
    AssessmentItem,
    AssessmentResult,
    AssessmentScheme,
    AssessmentSheet,
    SheetCase,
    SheetLine,
)

ASSESSOR_ROLES = frozenset({RoleAssignment.Role.DISTRICT, RoleAssignment.Role.STREET})


def check_county(user, county: Region) -> None:
    """Only the county's organization department (a district role over the county) or a
    system administrator sets up and decides."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything:
        return
    if RoleAssignment.Role.DISTRICT in scope.roles and scope.covers_code(county.code):
        return
    raise PermissionDenied(_("只有县委组织部可以办理此项"))


def _points(value, *, what: str) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(what)s应为数字") % {"what": what}) from None
    if not points.is_finite() or abs(points) >= 1000:
        raise ValidationError(_("%(what)s应为数字") % {"what": what})
    return points.quantize(scoring.TWO_PLACES)


def _text(value, *, what: str, limit: int, required: bool = False) -> str:
    value = str(value or "").strip()
    if "\x00" in value:
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


@transaction.atomic
def scheme_create(
    *,
    county: Region,
    year: int,
    assessed_on: datetime.date,
    items,
    cases=(),
    user=None,
    name: str = "",
) -> AssessmentScheme:
    """`items`: (name, weight, standard); `cases`: (kind, name, points)."""
    if not isinstance(county, Region) or county.level != codes.DISTRICT:
        raise ValidationError(_("县不存在"))
    check_county(user, county)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(_("年度无效"))
    if not isinstance(assessed_on, datetime.date):
        raise ValidationError(_("请填写有效的考核日期"))
    if AssessmentScheme.objects.filter(county=county, year=year).exists():
        raise ValidationError(_("该县本年度已有考核方案"))
    items = list(items)
    if not items:
        raise ValidationError(_("请至少设置一个考核项目"))
    scheme = AssessmentScheme(county=county, year=year, assessed_on=assessed_on)
    if name:
        scheme.name = _text(name, what=_("名称"), limit=200)
    scheme.save()
    rows = []
    for order, (item_name, weight, standard) in enumerate(items):
        if not isinstance(weight, int) or weight <= 0:
            raise ValidationError(_("考核项目的分值应为正整数"))
        rows.append(
            AssessmentItem(
                scheme=scheme,
                name=_text(item_name, what=_("考核项目"), limit=100, required=True),
                weight=weight,
                standard=_text(standard, what=_("评分标准"), limit=2000),
                order=order,
            )
        )
    if sum(r.weight for r in rows) > 100:
        raise ValidationError(_("考核项目分值合计不能超过100分"))
    AssessmentItem.objects.bulk_create(rows)
    case_rows = []
    for kind, case_name, points in cases:
        if kind not in AssessmentCase.Kind.values:
            raise ValidationError(_("加减分情形的类别无效"))
        points = _points(points, what=_("情形分值"))
        if points < 0:
            raise ValidationError(_("情形分值不能为负数"))
        case_rows.append(
            AssessmentCase(
                scheme=scheme,
                kind=kind,
                name=_text(case_name, what=_("情形"), limit=200, required=True),
                points=Decimal(0) if kind == AssessmentCase.Kind.VETO else points,
            )
        )
    AssessmentCase.objects.bulk_create(case_rows)
    return scheme


def secretary_on(branch: PartyOrganization, day: datetime.date) -> PartyMember | None:
    seat = (
        CommitteeSeat.objects.filter(
            seats_open_on(day), organization=branch, post=CommitteeSeat.Post.SECRETARY
        )
        .select_related("member")
        .order_by("-started_on")
        .first()
    )
    return seat.member if seat else None


def check_assessor(user, scheme: AssessmentScheme, branch: PartyOrganization) -> None:
    """The branch must be a village branch under the scheme's county, in the user's scope,
    and the user township or county staff over it."""
    region = branch.region if branch.region_id else None
    if (
        region is None
        or region.kind != Region.Kind.VILLAGE
        or not region.code.startswith(scheme.county.prefix)
        or not visible(branch, user)
    ):
        raise ValidationError(_("村党组织不存在"))
    scope = scope_for(user)
    if scope.everything:
        return
    if not (scope.roles & ASSESSOR_ROLES) or not scope.covers_code(region.code):
        raise PermissionDenied(_("只有乡镇或县委组织部的工作人员可以填写考核表"))


@transaction.atomic
def sheet_submit(
    *, scheme: AssessmentScheme, branch: PartyOrganization, scores, cases=(), user
) -> AssessmentSheet:
    """One assessor's sheet for a branch (a second submission replaces the first).
    `scores`: item pk → points; `cases`: (case pk, note)."""
    scheme = AssessmentScheme.objects.select_for_update().select_related("county").get(pk=scheme.pk)
    if scheme.decided_on:
        raise ValidationError(_("考核结果已确定，考核表不能再修改"))
    check_assessor(user, scheme, branch)
    secretary = secretary_on(branch, scheme.assessed_on)
    if secretary is None:
        raise ValidationError(_("该村党组织在考核日期没有书记"))
    items = {item.pk: item for item in scheme.items.all()}
    points = {}
    for key, value in dict(scores).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            raise ValidationError(_("不存在的考核项目")) from None
        if pk not in items:
            raise ValidationError(_("不存在的考核项目"))
        points[pk] = _points(value, what=items[pk].name)
    scoring.sheet_total(
        scores={items[pk].name: v for pk, v in points.items()},
        weights={item.name: Decimal(item.weight) for item in items.values()},
    )
    known = {case.pk: case for case in scheme.cases.all()}
    applied = {}
    for case_pk, note in cases:
        try:
            case = known[int(case_pk)]
        except (TypeError, ValueError, KeyError):
            raise ValidationError(_("不存在的加减分情形")) from None
        applied[case.pk] = _text(note, what=_("说明"), limit=200)
    AssessmentSheet.objects.filter(scheme=scheme, assessor=user, branch=branch).delete()
    sheet = AssessmentSheet.objects.create(
        scheme=scheme,
        assessor=user,
        branch=branch,
        secretary=secretary,
        submitted_at=timezone.now(),
    )
    SheetLine.objects.bulk_create(
        SheetLine(sheet=sheet, item_id=pk, points=v) for pk, v in points.items()
    )
    SheetCase.objects.bulk_create(
        SheetCase(sheet=sheet, case_id=pk, note=note) for pk, note in applied.items()
    )
    return sheet


def compute_results(scheme: AssessmentScheme) -> list[AssessmentResult]:
    """The results (unsaved) of every branch with sheets: mean of the sheets' totals, the
    cases applied on any sheet counted once, competition ranks."""
    sheets = list(scheme.sheets.prefetch_related("lines", "applied__case").order_by("pk"))
    by_branch: dict[int, list[AssessmentSheet]] = {}
    for sheet in sheets:
        by_branch.setdefault(sheet.branch_id, []).append(sheet)
    outcomes = {}
    for branch_id, branch_sheets in by_branch.items():
        applied = {sc.case_id: sc.case for s in branch_sheets for sc in s.applied.all()}
        kinds = AssessmentCase.Kind
        outcomes[branch_id] = (
            branch_sheets[-1].secretary_id,
            scoring.result_for(
                sheet_totals=[
                    sum((ln.points for ln in s.lines.all()), Decimal(0)) for s in branch_sheets
                ],
                bonuses=[c.points for c in applied.values() if c.kind == kinds.BONUS],
                bonus_cap=scheme.bonus_cap,
                deductions=[c.points for c in applied.values() if c.kind == kinds.DEDUCTION],
                vetoed=any(c.kind == kinds.VETO for c in applied.values()),
                thresholds=scheme.thresholds,
            ),
        )
    ranks = scoring.competition_ranks({b: o.score for b, (_s, o) in outcomes.items()})
    return [
        AssessmentResult(
            scheme=scheme,
            branch_id=branch_id,
            secretary_id=secretary_id,
            score=outcome.score,
            grade=outcome.grade,
            vetoed=outcome.vetoed,
            rank=ranks[branch_id],
        )
        for branch_id, (secretary_id, outcome) in outcomes.items()
    ]


@transaction.atomic
def scheme_decide(*, scheme: AssessmentScheme, on: datetime.date, user) -> list[AssessmentResult]:
    """The county confirms the results; the sheets are locked from then on."""
    scheme = AssessmentScheme.objects.select_for_update().select_related("county").get(pk=scheme.pk)
    check_county(user, scheme.county)
    if scheme.decided_on:
        raise ValidationError(_("考核结果已确定"))
    if not isinstance(on, datetime.date):
        raise ValidationError(_("请填写有效的确定日期"))
    if on < scheme.assessed_on:
        raise ValidationError(_("确定日期不能早于考核日期"))
    results = compute_results(scheme)
    if not results:
        raise ValidationError(_("尚无已提交的考核表，无法计算结果"))
    AssessmentResult.objects.bulk_create(results)
    scheme.decided_on = on
    scheme.save(update_fields=["decided_on"])
    return results
