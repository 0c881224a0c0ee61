"""改派 / 派单 targets on the demand page: one <optgroup> per level (区县, 街道, 社区, 网格,
职能部门, in that order), holding exactly the units of the dispatcher's scope (recounted
from the territory tables), with a search box the script fills in; without the script
the grouped select works as it is."""

import re

import pytest
from django.db import transaction

from banshi.access.models import Department
from banshi.demands import selectors, services
from banshi.demands.units import HandlingUnit
from banshi.territory.models import Grid, Region

OPTGROUP = re.compile(r'<optgroup label="([^"]+)">(.*?)</optgroup>', re.S)
OPTION = re.compile(r'<option value="([^"]+)">([^<]+)</option>')


def groups_on(html: str, action: str) -> dict[str, list[str]]:
    select = re.search(rf'<select name="unit" id="unit-{action}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {action} select"
    return {
        label: [key for key, _name in OPTION.findall(body)]
        for label, body in OPTGROUP.findall(select.group(1))
    }


@pytest.fixture
def other_street(world):
    """A second street of the district, with a community and a grid: no unit of it may be
    offered for a demand of the first street, nor to its dispatcher."""
    street = Region.objects.create(
        code="150105002000", name="昭乌达路街道", kind="street", parent=world.district
    )
    community = Region.objects.create(
        code="150105002001", name="苏木沁社区", kind="community", parent=street
    )
    Grid.objects.create(code="150105002001001", name="苏木沁社区第一网格", community=community)
    return street


def expected_for(world, *, with_district: bool) -> dict[str, list[str]]:
    prefix = world.street.prefix
    regions = Region.objects.filter(code__startswith=prefix)
    expected = {}
    if with_district:
        expected["区县"] = [f"district:{world.district.prefix}"]
    expected["街道"] = [f"street:{r.prefix}" for r in regions if r.kind == "street"]
    expected["社区"] = [
        f"community:{r.prefix}" for r in regions.order_by("code") if r.kind == "community"
    ]
    expected["网格"] = [
        f"grid:{g.code}" for g in Grid.objects.filter(code__startswith=prefix).order_by("code")
    ]
    expected["职能部门"] = [f"department:{d.pk}" for d in Department.objects.order_by("name")]
    return expected


def test_the_street_sees_its_units_grouped_by_level(
    world, people, submit, client_for, other_street
):
    d = submit(user=people.resident)  # dispatched to grid 1
    html = client_for(people.street).get(f"/demands/{d.pk}/").content.decode()
    found = groups_on(html, "reassign")
    assert list(found) == ["街道", "社区", "网格", "职能部门"]  # no district: not in scope
    assert found == expected_for(world, with_district=False)
    assert not any("150105002" in key for keys in found.values() for key in keys)
    assert 'data-filter-for="unit-reassign"' in html  # the search box (shown by the script)
    assert re.search(r'<label class="unit-filter" hidden>', html)


def test_the_district_also_sees_itself(world, make_user, people, submit, client_for):
    district = make_user("district", "district", region=world.district)
    d = submit(user=people.resident)
    found = groups_on(client_for(district).get(f"/demands/{d.pk}/").content.decode(), "reassign")
    assert list(found) == ["区县", "街道", "社区", "网格", "职能部门"]
    assert found == expected_for(world, with_district=True)


def test_the_selector_agrees_with_what_the_service_accepts(world, people, submit, other_street):
    d = submit(user=people.resident)
    offered = [
        key
        for _label, units in selectors.dispatch_targets(user=people.street, demand=d)
        for key, _name in units
    ]
    current = HandlingUnit.of_demand(d).key
    for key in offered:
        if key == current:
            continue
        # every offered unit is one the service accepts (in a savepoint each: rolled back)
        with transaction.atomic():
            services.demand_reassign(demand=d, user=people.street, unit=HandlingUnit.from_key(key))
            transaction.set_rollback(True)
        d.refresh_from_db()
    with pytest.raises(Exception, match="承办单位不存在"):
        services.demand_reassign(
            demand=d, user=people.street, unit=HandlingUnit.from_key("district:150105")
        )


def test_a_community_is_no_dispatcher_and_gets_no_select(world, people, submit, client_for):
    d = submit(user=people.resident)
    html = client_for(people.community).get(f"/demands/{d.pk}/").content.decode()
    assert 'name="unit"' not in html
