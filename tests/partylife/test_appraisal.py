"""Democratic appraisal: probationary members are not graded; at most one third of the
full members excellent (优秀 over one third refused); a round closes only when every full
member has a grade, and is then read-only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.partylife import services
from banshi.partylife.models import AppraisalGrade


@pytest.fixture
def round_(life):
    return services.appraisal_open(
        organization=life.branch,
        year=2026,
        held_on=datetime.date(2026, 11, 25),
        user=life.secretary,
    )


def test_excellent_over_one_third_refused(life, round_):
    full = [m for m in life.members if m.status == "full"]
    assert len(full) == 6  # so at most 2 excellent
    for m in full[:2]:
        services.appraisal_grade_set(round=round_, member=m, grade="excellent", user=life.secretary)
    with pytest.raises(ValidationError, match="三分之一"):
        services.appraisal_grade_set(
            round=round_, member=full[2], grade="excellent", user=life.secretary
        )
    # re-grading one of the two as excellent again is not a third
    services.appraisal_grade_set(round=round_, member=full[0], grade="excellent")
    excellent = AppraisalGrade.objects.filter(round=round_, grade="excellent").count()
    assert excellent * 3 <= len(full)


def test_probationary_members_not_graded(life, round_):
    probationary = life.members[6]
    assert probationary.status == "probationary"
    with pytest.raises(ValidationError, match="预备党员不参加"):
        services.appraisal_grade_set(
            round=round_, member=probationary, grade="qualified", user=life.secretary
        )
    assert not AppraisalGrade.objects.filter(member=probationary).exists()


def test_close_needs_every_full_member_graded(life, round_):
    full = [m for m in life.members if m.status == "full"]
    for m in full[:5]:
        services.appraisal_grade_set(round=round_, member=m, grade="qualified")
    with pytest.raises(ValidationError, match="还有1名"):
        services.appraisal_close(round=round_, user=life.secretary)
    services.appraisal_grade_set(round=round_, member=full[5], grade="basic")
    services.appraisal_close(round=round_, user=life.secretary)
    with pytest.raises(ValidationError, match="已结束"):
        services.appraisal_grade_set(round=round_, member=full[5], grade="qualified")


def test_bad_grade_other_branch_and_scope(life, round_):
    with pytest.raises(ValidationError, match="等次无效"):
        services.appraisal_grade_set(round=round_, member=life.members[0], grade="best")
    with pytest.raises(ValidationError, match="不属于本党组织"):
        services.appraisal_grade_set(round=round_, member=life.outsider, grade="qualified")
    with pytest.raises(PermissionDenied):
        services.appraisal_grade_set(
            round=round_, member=life.members[0], grade="qualified", user=life.other_secretary
        )
    with pytest.raises(ValidationError, match="已有民主评议"):
        services.appraisal_open(organization=life.branch, year=2026, held_on="2026-11-30")
