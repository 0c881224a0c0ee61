"""The county's scoring rules for 村干部考核, free of the database.

A secretary's result is the mean of the submitted sheets' item totals, plus the bonuses
(capped in total), minus the deductions, clamped to 0..100; any veto (一票否决) grades the
result 不合格 whatever the score. Ranking is competition ranking: ties share a place (1, 1, 3).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EXCELLENT = "excellent"
GOOD = "good"
PASS = "pass"
FAIL = "fail"

# Default thresholds (优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格); a scheme may set others.
DEFAULT_THRESHOLDS = ((EXCELLENT, Decimal(90)), (GOOD, Decimal(80)), (PASS, Decimal(60)))

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class AssessmentOutcome:
    score: Decimal
    grade: str
    vetoed: bool


def sheet_total(*, scores: Mapping[str, Decimal], weights: Mapping[str, Decimal]) -> Decimal:
    """The total of one sheet: a score per item, each between 0 and the item's weight."""
    missing = set(weights) - set(scores)
    if missing:
        items = "、".join(sorted(missing))
        raise ValidationError(_("有考核项目未评分：%(items)s") % {"items": items})
    unknown = set(scores) - set(weights)
    if unknown:
        items = "、".join(sorted(unknown))
        raise ValidationError(_("不存在的考核项目：%(items)s") % {"items": items})
    total = Decimal(0)
    for item, weight in weights.items():
        score = Decimal(scores[item])
        if score < 0 or score > weight:
            raise ValidationError(
                _("“%(item)s”的得分应在 0 到 %(weight)s 之间") % {"item": item, "weight": weight}
            )
        total += score
    return total


def grade_for(score: Decimal, *, thresholds=DEFAULT_THRESHOLDS) -> str:
    for grade, floor in thresholds:
        if score >= floor:
            return grade
    return FAIL


def result_for(
    *,
    sheet_totals: Sequence[Decimal],
    bonuses: Iterable[Decimal] = (),
    bonus_cap: Decimal | None = None,
    deductions: Iterable[Decimal] = (),
    vetoed: bool = False,
    thresholds=DEFAULT_THRESHOLDS,
) -> AssessmentOutcome:
    """The result from the submitted sheets' totals and the cases applied."""
    if not sheet_totals:
        raise ValidationError(_("尚无已提交的考核表，无法计算结果"))
    mean = sum((Decimal(t) for t in sheet_totals), Decimal(0)) / len(sheet_totals)
    bonus = sum((Decimal(b) for b in bonuses), Decimal(0))
    if bonus_cap is not None:
        bonus = min(bonus, Decimal(bonus_cap))
    deduction = sum((Decimal(d) for d in deductions), Decimal(0))
    score = min(max(mean + bonus - deduction, Decimal(0)), Decimal(100))
    score = score.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    grade = FAIL if vetoed else grade_for(score, thresholds=thresholds)
    return AssessmentOutcome(score=score, grade=grade, vetoed=vetoed)


def competition_ranks(scores: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """Rank by score, highest first; ties share a place and the next place skips (1, 1, 3)."""
    ordered = sorted(scores.values(), reverse=True)
    first_place = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    return {key: first_place[score] for key, score in scores.items()}


def last_place(scores: Mapping[Hashable, Decimal]) -> set:
    """Those holding the lowest rank: the rectification app's "last place"."""
    if not scores:
        return set()
    ranks = competition_ranks(scores)
    lowest = max(ranks.values())
    return {key for key, rank in ranks.items() if rank == lowest}
