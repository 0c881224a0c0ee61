"""The assessment demo on the villages demo's 清水河县: the 2025 scheme with its five items,
sheets for every village branch with a secretary (城关镇's by the county and the township),
one veto, decided on 15 January 2026, ranked; rebuilt, it replaces itself."""

import datetime

from banshi.assessment.demo import build_demo_assessment
from banshi.assessment.models import AssessmentResult, AssessmentScheme, AssessmentSheet
from banshi.assessment.selectors import last_place_branches
from banshi.organizations.models import CommitteeSeat
from tests.villages.conftest import county  # noqa: F401 (fixture)
from tests.villages.test_demo import NOW, built  # noqa: F401 (fixture)


def test_the_demo_assessment(built):  # noqa: F811
    out = build_demo_assessment(seed=7, now=NOW)
    scheme = AssessmentScheme.objects.get(pk=out["scheme"])
    assert scheme.year == 2025 and scheme.decided_on == datetime.date(2026, 1, 15)
    assert [(i.name, i.weight) for i in scheme.items.all()] == [
        ("抓党建", 25),
        ("促发展", 25),
        ("惠民生", 20),
        ("保稳定", 15),
        ("强作风", 15),
    ]
    with_secretary = set(
        CommitteeSeat.objects.filter(
            post="secretary",
            started_on__lte=scheme.assessed_on,
            organization__region__code__startswith="150124",
            organization__region__kind="village",
        )
        .exclude(ended_on__lte=scheme.assessed_on)
        .values_list("organization_id", flat=True)
    )
    results = AssessmentResult.objects.filter(scheme=scheme)
    assert with_secretary and set(results.values_list("branch_id", flat=True)) == with_secretary
    assert out["vetoed"] == 1 and results.filter(vetoed=True, grade="fail").count() == 1
    chengguan = AssessmentSheet.objects.filter(branch__territory_code__startswith="150124100")
    assert set(chengguan.values_list("assessor__username", flat=True)) == {
        "demo_qingshuihe",
        "demo_chengguan",
    }
    others = AssessmentSheet.objects.exclude(branch__territory_code__startswith="150124100")
    assert set(others.values_list("assessor__username", flat=True)) <= {"demo_qingshuihe"}
    assert all(0 <= r.score <= 100 for r in results)
    assert min(results.values_list("rank", flat=True)) == 1
    assert last_place_branches(scheme.county, 2025)
    again = build_demo_assessment(seed=7, now=NOW)
    assert AssessmentScheme.objects.count() == 1 and again["results"] == out["results"]
