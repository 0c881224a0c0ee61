"""The assessment's services: the scheme, the assessors' sheets (validated, in scope, by
township or county staff), the county's decision (mean over assessors, bonus cap,
deduction, veto, competition ranks) which locks the sheets; the last place."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.assessment import services
from banshi.assessment.models import AssessmentResult, AssessmentSheet
from banshi.assessment.selectors import last_place_branches, result_list
from banshi.organizations.services import committee_seat_vacate
from tests.assessment.conftest import CASES, ITEMS, full_scores

DECIDED = datetime.date(2026, 1, 15)


def submit(scheme, village, user, *points, cases=()):
    return services.sheet_submit(
        scheme=scheme,
        branch=village.branch,
        scores=full_scores(scheme, *points),
        cases=cases,
        user=user,
    )


def test_a_scheme_holds_its_items_and_cases(scheme):
    assert [(i.name, i.weight) for i in scheme.items.all()] == [(n, w) for n, w, _s in ITEMS]
    assert sorted(c.kind for c in scheme.cases.all()) == sorted(k for k, _n, _p in CASES)
    assert scheme.name == "《激励村干部担当作为考核（管理）细则》"


def test_only_the_county_creates_a_scheme_once_a_year(places, staff, scheme):
    kw = dict(county=places.county, assessed_on=datetime.date(2026, 12, 20), items=ITEMS)
    with pytest.raises(PermissionDenied):
        services.scheme_create(year=2026, user=staff.town, **kw)
    with pytest.raises(ValidationError, match="已有考核方案"):
        services.scheme_create(year=2025, user=staff.county, **kw)
    with pytest.raises(ValidationError, match="不能超过100分"):
        services.scheme_create(
            year=2027, user=staff.county, **{**kw, "items": [("a", 60, ""), ("b", 50, "")]}
        )


def test_the_result_is_the_mean_plus_capped_bonus_minus_deductions(places, staff, scheme):
    a, b, c = places.a, places.b, places.c
    bonus, deduction = scheme.case["bonus"], scheme.case["deduction"]
    # A: county 90, township 86 → mean 88, bonus 3 → 91 优秀.
    submit(scheme, a, staff.county, 23, 22, 18, 14, 13)
    submit(scheme, a, staff.town, 22, 21, 17, 13, 13, cases=[(bonus.pk, "市级表彰")])
    # B: 85 − 5 = 80 良好.
    submit(scheme, b, staff.town, 21, 21, 17, 13, 13, cases=[(deduction.pk, "")])
    # C: 95 but vetoed → 不合格, still ranked by score.
    submit(scheme, c, staff.county, 25, 24, 19, 14, 13, cases=[(scheme.case["veto"].pk, "")])
    services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    got = {
        r.branch_id: (r.score, r.grade, r.vetoed, r.rank)
        for r in AssessmentResult.objects.filter(scheme=scheme)
    }
    assert got == {
        a.branch.pk: (Decimal("91.00"), "excellent", False, 2),
        b.branch.pk: (Decimal("80.00"), "good", False, 3),
        c.branch.pk: (Decimal("95.00"), "fail", True, 1),
    }
    assert AssessmentResult.objects.get(branch=a.branch).secretary == a.secretary.member
    assert last_place_branches(places.county, 2025) == {b.branch.pk}
    assert last_place_branches(places.county, 2024) == set()


def test_ties_share_the_last_place(places, staff, scheme):
    for v in (places.a, places.b, places.c):
        submit(scheme, v, staff.county, 20, 20, 15, 10, 10)
    assert last_place_branches(places.county, 2025) == set()  # not decided yet
    services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    assert set(AssessmentResult.objects.values_list("rank", flat=True)) == {1}
    assert last_place_branches(places.county, 2025) == {
        places.a.branch.pk,
        places.b.branch.pk,
        places.c.branch.pk,
    }


def test_a_resubmitted_sheet_replaces_the_first(places, staff, scheme):
    submit(scheme, places.a, staff.town, 10, 10, 10, 10, 10)
    submit(scheme, places.a, staff.town, 20, 20, 20, 10, 10)
    assert AssessmentSheet.objects.count() == 1
    services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    assert AssessmentResult.objects.get().score == Decimal("80.00")


@pytest.mark.parametrize(
    "scores, message",
    [
        ({"抓党建": 26}, "之间"),
        ({"抓党建": -1}, "之间"),
        ({"抓党建": "abc"}, "应为数字"),
        ({"抓党建": "NaN"}, "应为数字"),
    ],
)
def test_bad_points_are_refused(places, staff, scheme, scores, message):
    points = {i.pk: 10 for i in scheme.items.all()}
    points.update({scheme.item[k].pk: v for k, v in scores.items()})
    with pytest.raises(ValidationError, match=message):
        services.sheet_submit(scheme=scheme, branch=places.a.branch, scores=points, user=staff.town)
    assert not AssessmentSheet.objects.exists()


def test_a_missing_item_or_unknown_case_is_refused(places, staff, scheme):
    points = full_scores(scheme, 10, 10, 10, 10, 10)
    points.pop(scheme.item["强作风"].pk)
    with pytest.raises(ValidationError, match="未评分"):
        services.sheet_submit(scheme=scheme, branch=places.a.branch, scores=points, user=staff.town)
    with pytest.raises(ValidationError, match="不存在的加减分情形"):
        submit(scheme, places.a, staff.town, 10, 10, 10, 10, 10, cases=[(987654, "")])
    with pytest.raises(ValidationError, match="不存在的考核项目"):
        services.sheet_submit(
            scheme=scheme,
            branch=places.a.branch,
            scores={**full_scores(scheme, 1, 1, 1, 1, 1), 987654: 1},
            user=staff.town,
        )


def test_a_township_assesses_only_its_own_villages(places, staff, scheme):
    with pytest.raises(ValidationError, match="村党组织不存在"):
        submit(scheme, places.c, staff.town, 10, 10, 10, 10, 10)
    # The village's secretary sees the branch but does not assess.
    with pytest.raises(PermissionDenied):
        submit(scheme, places.a, staff.secretary, 10, 10, 10, 10, 10)
    assert not AssessmentSheet.objects.exists()


def test_a_branch_without_a_secretary_on_the_day_is_refused(places, staff, scheme):
    committee_seat_vacate(seat=places.a.secretary, ended_on="2025-12-01", note="调任")
    with pytest.raises(ValidationError, match="没有书记"):
        submit(scheme, places.a, staff.town, 10, 10, 10, 10, 10)


def test_deciding_locks_the_sheets_and_is_the_countys(places, staff, scheme):
    with pytest.raises(ValidationError, match="尚无已提交"):
        services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    submit(scheme, places.a, staff.town, 20, 20, 15, 10, 10)
    with pytest.raises(PermissionDenied):
        services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.town)
    services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    with pytest.raises(ValidationError, match="不能再修改"):
        submit(scheme, places.a, staff.town, 25, 25, 20, 15, 15)
    with pytest.raises(ValidationError, match="已确定"):
        services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    assert AssessmentResult.objects.get().score == Decimal("75.00")


def test_results_are_read_through_the_scope(places, staff, scheme):
    submit(scheme, places.a, staff.town, 20, 20, 15, 10, 10)
    submit(scheme, places.c, staff.county, 20, 20, 15, 10, 10)
    services.scheme_decide(scheme=scheme, on=DECIDED, user=staff.county)
    assert result_list(user=staff.county, scheme=scheme).count() == 2
    assert [r.branch for r in result_list(user=staff.town, scheme=scheme)] == [places.a.branch]
    assert [r.branch for r in result_list(user=staff.secretary, scheme=scheme)] == [places.a.branch]
    assert (
        not result_list(user=staff.other_town, scheme=scheme)
        .filter(branch=places.a.branch)
        .exists()
    )
