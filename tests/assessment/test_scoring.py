from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from banshi.assessment import scoring

WEIGHTS = {"抓党建": D(25), "促发展": D(25), "惠民生": D(20), "保稳定": D(15), "强作风": D(15)}


def test_sheet_total_adds_item_scores():
    scores = {"抓党建": D(20), "促发展": D("22.5"), "惠民生": D(18)}
    scores |= {"保稳定": D(15), "强作风": D(10)}
    assert scoring.sheet_total(scores=scores, weights=WEIGHTS) == D("85.5")


@pytest.mark.parametrize("bad", [D(26), D(-1)])
def test_sheet_total_rejects_score_outside_weight(bad):
    scores = dict.fromkeys(WEIGHTS, D(10)) | {"抓党建": bad}
    with pytest.raises(ValidationError, match="抓党建"):
        scoring.sheet_total(scores=scores, weights=WEIGHTS)


def test_sheet_total_rejects_missing_and_unknown_items():
    with pytest.raises(ValidationError, match="未评分"):
        scoring.sheet_total(scores={"抓党建": D(1)}, weights=WEIGHTS)
    with pytest.raises(ValidationError, match="不存在"):
        scoring.sheet_total(scores=dict.fromkeys(WEIGHTS, D(1)) | {"x": D(1)}, weights=WEIGHTS)


# Hand-computed: (sheet totals, bonuses, cap, deductions, veto) -> (score, grade)
TABLE = [
    ((D(80), D(90)), (), None, (), False, D("85.00"), scoring.GOOD),
    ((D(88), D(89)), (D(2), D(3)), D(3), (), False, D("91.50"), scoring.EXCELLENT),
    ((D(88), D(89)), (D(2), D(3)), None, (), False, D("93.50"), scoring.EXCELLENT),
    ((D(70),), (), None, (D(5), D("5.5")), False, D("59.50"), scoring.FAIL),
    ((D(99), D(100)), (D(5),), None, (), False, D("100.00"), scoring.EXCELLENT),
    ((D(3),), (), None, (D(10),), False, D("0.00"), scoring.FAIL),
    ((D(95), D(96), D(97)), (), None, (), True, D("96.00"), scoring.FAIL),
    ((D(60),), (), None, (), False, D("60.00"), scoring.PASS),
    ((D(10), D(20), D(20)), (), None, (), False, D("16.67"), scoring.FAIL),
]


COLUMNS = ("totals", "bonuses", "cap", "deductions", "veto", "score", "grade")


@pytest.mark.parametrize(COLUMNS, TABLE)
def test_result_matches_hand_computed_table(totals, bonuses, cap, deductions, veto, score, grade):
    result = scoring.result_for(
        sheet_totals=totals, bonuses=bonuses, bonus_cap=cap, deductions=deductions, vetoed=veto
    )
    assert (result.score, result.grade, result.vetoed) == (score, grade, veto)


def test_result_uses_scheme_thresholds():
    thresholds = ((scoring.EXCELLENT, D(95)), (scoring.GOOD, D(85)), (scoring.PASS, D(70)))
    result = scoring.result_for(sheet_totals=[D(92)], thresholds=thresholds)
    assert result.grade == scoring.GOOD


def test_result_without_sheets_is_refused():
    with pytest.raises(ValidationError, match="尚无"):
        scoring.result_for(sheet_totals=[])


def test_competition_ranking_ties_share_a_place():
    scores = {"a": D(90), "b": D(95), "c": D(90), "d": D(70)}
    assert scoring.competition_ranks(scores) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_last_place_holds_every_tie_at_the_bottom():
    assert scoring.last_place({"a": D(90), "b": D(60), "c": D(60)}) == {"b", "c"}
    assert scoring.last_place({"a": D(90)}) == {"a"}
    assert scoring.last_place({}) == set()
