"""Dispatching follows the dispatcher's scope, and a unit outside it is refused with the
words used for a unit that does not exist: no name, no hint that it exists."""

import pytest
from django.core.exceptions import ValidationError

from banshi.demands import services
from banshi.demands.units import HandlingUnit
from banshi.territory.models import Region


def _refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        services.demand_dispatch(**kwargs)
    return " ".join(exc.value.messages)


def test_a_unit_elsewhere_is_refused_as_a_missing_one(world, people, submit):
    other = Region.objects.create(
        code="150105002000", name="邻近街道", kind="street", parent=world.district
    )
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.street)
    elsewhere = _refusal(demand=d, user=people.street, unit=HandlingUnit.of_region(other))
    missing = _refusal(demand=d, user=people.street, unit=HandlingUnit.from_key("street:150105003"))
    assert other.name not in elsewhere
    assert elsewhere.replace(other.code[:9], "X") == missing.replace("150105003", "X")
    d.refresh_from_db()
    assert d.state == "received"
    # Inside the scope the same dispatch goes through.
    services.demand_dispatch(demand=d, user=people.street, unit=HandlingUnit.of_grid(world.grid1))
    d.refresh_from_db()
    assert d.state == "dispatched" and d.assigned_grid == world.grid1
