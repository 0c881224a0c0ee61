"""The record-list registry: each app says what the drill-down list of its records loads
alongside its rows; a second, different registration of a model is refused."""

import pytest

from banshi.core import records
from banshi.demands.models import Demand
from banshi.territory.models import Region


def test_apps_register_their_lists():
    assert records.related(Demand)[:2] == ("category", "grid")
    assert records.related(Region) == ("parent",)


def test_a_different_second_registration_is_refused():
    records.register(Region, "parent")  # the same again is harmless
    with pytest.raises(ValueError, match="territory.region"):
        records.register(Region, "children")
    assert records.related(Region) == ("parent",)
