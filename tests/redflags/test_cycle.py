"""The issue's Done-when: a declaration walked from the village to the award and through a
revocation at the half-year review, with each refusal on the way (wrong order, wrong role,
an objection upheld)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.redflags import services
from banshi.redflags.models import Declaration, Flag, Objection, Opinion

from .conftest import DAY, evidence_for

S = Declaration.Status


def _submit(scheme, village, user, flag=Flag.PARTY):
    return services.declaration_submit(
        scheme=scheme,
        village=village,
        flag=flag,
        evidence=evidence_for(scheme, flag),
        on=DAY,
        user=user,
    )


def test_a_declaration_from_the_village_to_the_award_and_its_revocation(places, scheme, users):
    d = _submit(scheme, places.a.region, users.secretary)
    assert d.status == S.DECLARED and d.branch == places.a.branch
    assert d.self_score == 18 + 18 + 18 + 15 + 15
    assert d.evidence.count() == 5

    # Wrong order: the county cannot decide before the township's first review.
    with pytest.raises(ValidationError, match="不能办理此步骤"):
        services.declaration_decide(declaration=d, passed=True, opinion="同意", user=users.county)
    # Wrong role: the secretary cannot review their own declaration; another township
    # does not see the village.
    with pytest.raises(PermissionDenied):
        services.declaration_first_review(
            declaration=d, passed=True, opinion="同意", score=90, user=users.secretary
        )
    with pytest.raises(ValidationError, match="村不存在"):
        services.declaration_first_review(
            declaration=d, passed=True, opinion="同意", score=90, user=users.other_town
        )
    # Under the pass mark the township cannot pass it.
    with pytest.raises(ValidationError, match="低于合格分"):
        services.declaration_first_review(
            declaration=d, passed=True, opinion="同意", score=70, user=users.town
        )
    d = services.declaration_first_review(
        declaration=d,
        passed=True,
        opinion="材料齐全，同意上报",
        score=88,
        on=DAY,
        user=users.town,
    )
    assert d.status == S.FIRST_REVIEWED and d.township_score == 88
    with pytest.raises(PermissionDenied):
        services.declaration_decide(declaration=d, passed=True, opinion="同意", user=users.town)
    with pytest.raises(ValidationError, match="不能办理此步骤"):
        services.declaration_award(declaration=d, user=users.county)
    d = services.declaration_decide(
        declaration=d, passed=True, opinion="评审组审定通过", on=DAY, user=users.county
    )
    # Notice from Wednesday 4 March: five working days end Tuesday 10 March.
    d = services.declaration_notice(declaration=d, on=datetime.date(2026, 3, 4), user=users.county)
    assert d.status == S.IN_NOTICE and d.notice_until == datetime.date(2026, 3, 10)
    with pytest.raises(ValidationError, match="公示期内"):
        services.objection_raise(
            declaration=d,
            raised_by="村民",
            content="x",
            on=datetime.date(2026, 3, 11),
            user=users.county,
        )
    o = services.objection_raise(
        declaration=d,
        raised_by="村民张某",
        content="村务公开不及时",
        on="2026-03-06",
        user=users.county,
    )
    with pytest.raises(ValidationError, match="期满后"):
        services.declaration_award(declaration=d, on="2026-03-10", user=users.county)
    with pytest.raises(ValidationError, match="未处理的异议"):
        services.declaration_award(declaration=d, on="2026-03-11", user=users.county)
    services.objection_settle(
        objection=o, upheld=False, opinion="经核实已按季度公开", on="2026-03-09", user=users.county
    )
    d = services.declaration_award(declaration=d, on="2026-03-11", user=users.county)
    assert d.status == S.AWARDED and d.awarded_on == datetime.date(2026, 3, 11)

    # The half-year reviews: passing in June keeps it, failing in December revokes it.
    services.flag_review(
        declaration=d, half=1, score=86, opinion="指标保持", on="2026-06-25", user=users.county
    )
    with pytest.raises(ValidationError, match="已复核"):
        services.flag_review(
            declaration=d, half=1, score=86, opinion="再次", on="2026-06-26", user=users.county
        )
    with pytest.raises(PermissionDenied):
        services.flag_review(
            declaration=d, half=2, score=60, opinion="x", on="2026-12-20", user=users.town
        )
    review = services.flag_review(
        declaration=d,
        half=2,
        score=62,
        opinion="发展党员指标未完成",
        on="2026-12-20",
        user=users.county,
    )
    d.refresh_from_db()
    assert not review.passed
    assert d.status == S.REVOKED and d.revoked_on == datetime.date(2026, 12, 20)
    assert d.revoked_reason == "发展党员指标未完成"
    steps = list(d.opinions.values_list("step", flat=True))
    assert steps == [
        Opinion.Step.FIRST_REVIEW,
        Opinion.Step.DECISION,
        Opinion.Step.NOTICE,
        Opinion.Step.OBJECTION,
        Opinion.Step.AWARD,
        Opinion.Step.REVIEW,
        Opinion.Step.REVIEW,
    ]
    assert d.opinions.get(step=Opinion.Step.FIRST_REVIEW).reviewer == users.town
    with pytest.raises(ValidationError, match="已授旗"):
        services.flag_review(
            declaration=d, half=2, score=90, opinion="x", on="2026-12-21", user=users.county
        )


def test_an_upheld_objection_refuses_the_declaration(places, scheme, users):
    d = _submit(scheme, places.b.region, users.staff, flag=Flag.ECOLOGY)
    services.declaration_first_review(
        declaration=d, passed=True, opinion="同意", score=85, on=DAY, user=users.town
    )
    services.declaration_decide(declaration=d, passed=True, opinion="同意", user=users.county)
    d = services.declaration_notice(declaration=d, on=DAY, user=users.county)
    o = services.objection_raise(
        declaration=d, raised_by="村民", content="垃圾长期未清运", on=DAY, user=users.county
    )
    services.objection_settle(objection=o, upheld=True, opinion="属实", user=users.county)
    d.refresh_from_db()
    assert d.status == S.REFUSED
    assert Objection.objects.get(pk=o.pk).result == Objection.Result.UPHELD
    with pytest.raises(ValidationError, match="不能办理此步骤"):
        services.declaration_award(declaration=d, on="2026-03-20", user=users.county)


def test_who_may_declare(places, scheme, users):
    # The township sees the village but does not declare for it; another township's
    # village is out of the secretary's sight.
    with pytest.raises(PermissionDenied):
        _submit(scheme, places.a.region, users.town)
    with pytest.raises(ValidationError, match="村不存在"):
        _submit(scheme, places.b.region, users.secretary)
    _submit(scheme, places.a.region, users.secretary)
    with pytest.raises(ValidationError, match="已申报"):
        _submit(scheme, places.a.region, users.secretary)
    evidence = evidence_for(scheme)
    evidence.pop(next(iter(evidence)))
    with pytest.raises(ValidationError, match="请为"):
        services.declaration_submit(
            scheme=scheme,
            village=places.a.region,
            flag=Flag.INDUSTRY,
            evidence=evidence,
            on=DAY,
            user=users.secretary,
        )
