"""The county's scheme: only the county sets it, once a year; each flag 5–10 indicators
whose weights sum to 100; frozen once a village has declared the flag."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.redflags import services
from banshi.redflags.models import Flag

from .conftest import DAY, ITEMS, evidence_for


def test_only_the_county_sets_a_scheme_once_a_year(places, users, scheme):
    with pytest.raises(PermissionDenied):
        services.scheme_create(county=places.county, year=2027, user=users.town)
    with pytest.raises(ValidationError, match="已有创建方案"):
        services.scheme_create(county=places.county, year=2026, user=users.county)
    with pytest.raises(ValidationError, match="由县制定"):
        services.scheme_create(county=places.town, year=2027, user=users.county)
    with pytest.raises(ValidationError, match="合格分"):
        services.scheme_create(county=places.county, year=2027, pass_mark="abc")


@pytest.mark.parametrize(
    "items, message",
    [
        (ITEMS[:4], "5至10项"),
        (ITEMS * 3, "5至10项"),
        ([*ITEMS[:4], ("群众满意度", 10, "标准")], "合计须为100（现为95）"),
        ([*ITEMS[:4], ("群众满意度", "x", "标准")], "分值无效"),
        ([*ITEMS[:4], ("", 15, "标准")], "指标名称"),
    ],
)
def test_indicator_sets_are_checked(scheme, users, items, message):
    with pytest.raises(ValidationError, match=message):
        services.indicators_set(scheme=scheme, flag=Flag.PARTY, items=items, user=users.county)
    assert scheme.indicators.filter(flag=Flag.PARTY).count() == 5


def test_indicators_are_replaced_until_a_village_declares(places, scheme, users):
    items = [*ITEMS[:3], ("村务公开", 10, "a"), ("群众满意度", 10, "b"), ("平安村", 10, "c")]
    services.indicators_set(scheme=scheme, flag=Flag.PARTY, items=items, user=users.county)
    assert scheme.indicators.filter(flag=Flag.PARTY).count() == 6
    services.declaration_submit(
        scheme=scheme,
        village=places.a.region,
        flag=Flag.PARTY,
        evidence=evidence_for(scheme),
        on=DAY,
        user=users.secretary,
    )
    with pytest.raises(ValidationError, match="不能再改"):
        services.indicators_set(scheme=scheme, flag=Flag.PARTY, items=ITEMS, user=users.county)
