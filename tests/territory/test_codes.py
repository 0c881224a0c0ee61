import pytest
from django.core.exceptions import ValidationError

from banshi.territory import codes
from banshi.territory.services import grid_create, region_create


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("150100000000", codes.CITY, "1501"),
        ("150105000000", codes.DISTRICT, "150105"),
        ("150105001000", codes.STREET, "150105001"),
        ("150105001001", codes.COMMUNITY, "150105001001"),
    ],
)
def test_levels_and_prefixes(code, level, prefix):
    assert codes.level_of(code) == level
    assert codes.prefix_of(code) == prefix


@pytest.mark.parametrize(
    "code", ["15010500100", "1501050010001", "15010500100a", "150000000000", "150100001000"]
)
def test_malformed_codes_are_rejected(code):
    with pytest.raises(ValidationError):
        codes.level_of(code)


def test_township_ranges():
    assert codes.township_kind_of("150105001000") == "street"
    assert codes.township_kind_of("150124100000") == "town"
    assert codes.township_kind_of("150124200000") == "township"
    with pytest.raises(ValidationError):
        codes.township_kind_of("150124400000")


def test_child_must_carry_parent_prefix(db):
    city = region_create(code="150100000000", name="呼和浩特市", kind="city")
    district = region_create(code="150105000000", name="赛罕区", kind="district", parent=city)
    with pytest.raises(ValidationError, match="前缀"):
        region_create(code="150104001000", name="错街道", kind="street", parent=district)
    with pytest.raises(ValidationError, match="下一级"):
        region_create(code="150105001001", name="跳级社区", kind="community", parent=district)
    with pytest.raises(ValidationError):  # a town code (1xx) named a street
        region_create(code="150105101000", name="镇", kind="street", parent=district)
    street = region_create(code="150105001000", name="大学东路街道", kind="street", parent=district)
    assert street.level == codes.STREET and street.prefix == "150105001"


def test_grid_code_must_extend_its_community(world):
    with pytest.raises(ValidationError, match="开头"):
        grid_create(community=world.community, code="150105001002009", name="错网格")
    with pytest.raises(ValidationError):
        grid_create(community=world.street, code="150105001000001", name="街道下网格")
    with pytest.raises(ValidationError):
        grid_create(community=world.community, code="150105001001000", name="零号")
