"""Annual plans: a draft is completed and published, then read-only; an amendment is a new
published version with a reason and the old one superseded; bad inputs are refused in
Chinese."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.partylife import services
from banshi.partylife.models import AnnualPlan
from banshi.partylife.models.plan import fixed_date

from .life import at, twelve_months


def test_publish_needs_twelve_months(life):
    draft = services.plan_create(
        organization=life.district_org,
        year=2026,
        months=twelve_months()[:11],
        user=life.district_user,
    )
    with pytest.raises(ValidationError, match="12月"):
        services.plan_publish(plan=draft, user=life.district_user)
    services.plan_update(plan=draft, months=twelve_months()[11:], user=life.district_user)
    published = services.plan_publish(plan=draft, user=life.district_user)
    assert published.status == AnnualPlan.Status.PUBLISHED
    assert published.months.count() == 12


def test_published_plan_is_read_only(plan, life):
    with pytest.raises(ValidationError, match="已发布的计划不能修改"):
        services.plan_update(plan=plan, title="改", user=life.district_user)


def test_amend_makes_a_new_version_and_supersedes(plan, life):
    with pytest.raises(ValidationError, match="修订理由"):
        services.plan_amend(plan=plan, reason="  ", user=life.district_user)
    new = services.plan_amend(
        plan=plan,
        reason="市委部署调整11月主题",
        months=[{"month": 11, "theme": "新主题", "required_items": ["重温入党誓词"]}],
        user=life.district_user,
    )
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.SUPERSEDED
    assert (new.version, new.status, new.supersedes_id) == (2, "published", plan.pk)
    assert new.months.get(month=11).theme == "新主题"
    assert new.months.get(month=3).theme == plan.months.get(month=3).theme
    assert new.months.count() == 12
    published = AnnualPlan.objects.filter(organization=life.district_org, year=2026)
    assert list(published.filter(status="published")) == [new]
    with pytest.raises(ValidationError, match="只有已发布"):
        services.plan_amend(plan=plan, reason="再改", user=life.district_user)


def test_second_plan_for_the_same_year_refused(plan, life):
    with pytest.raises(ValidationError, match="已有计划"):
        services.plan_create(organization=life.district_org, year=2026, user=life.district_user)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year": "abc"}, "年度无效"),
        ({"year": 1999}, "2000"),
        ({"fixed_day": "day_99"}, "固定党日无效"),
        ({"min_minutes": 5}, "15至600"),
        ({"months": [{"month": 13, "theme": "x"}]}, "1至12"),
        ({"months": [{"month": 1, "theme": "x"}, {"month": 1, "theme": "y"}]}, "重复"),
        ({"months": [{"month": 1, "theme": "x", "required_items": 5}]}, "格式无效"),
    ],
)
def test_bad_input_refused_in_chinese(life, kwargs, message):
    args = {"organization": life.district_org, "year": 2026, "user": life.district_user}
    args.update(kwargs)
    with pytest.raises(ValidationError, match=message):
        services.plan_create(**args)


def test_only_the_issuers_managers_write(life):
    with pytest.raises(PermissionDenied):
        services.plan_create(organization=life.district_org, year=2026, user=life.secretary)
    with pytest.raises(PermissionDenied):
        services.plan_create(organization=life.district_org, year=2026, user=life.member_users[0])


def test_fixed_day_rules():
    assert fixed_date("first_friday", 2026, 11).isoformat() == "2026-11-06"
    assert fixed_date("last_friday", 2026, 11).isoformat() == "2026-11-27"
    assert fixed_date("day_20", 2026, 2).isoformat() == "2026-02-20"
    assert fixed_date("first_monday", 2026, 6).isoformat() == "2026-06-01"
    assert at(11, 6).weekday() == 4
