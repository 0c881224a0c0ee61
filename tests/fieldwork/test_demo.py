"""The demo adds a year of field work; a few grids fall behind."""

from django.contrib.auth import get_user_model

from banshi.demo.builder import DEMO_PREFIX
from banshi.fieldwork import selectors
from banshi.fieldwork.demo import build_demo_fieldwork
from banshi.fieldwork.models import HomeVisit, Patrol

from .conftest import NOW


def test_demo_builds_a_year_of_field_work(world):
    before = set(get_user_model().objects.values_list("username", flat=True))
    counts = build_demo_fieldwork(world.street, seed=3, now=NOW)
    # Its stand-in grid workers are the demo's: a second `banshi demo` rebuilds unasked.
    made = set(get_user_model().objects.values_list("username", flat=True)) - before
    assert made and all(name.startswith(DEMO_PREFIX) for name in made)
    assert counts["grids_behind"] == 1
    assert Patrol.objects.count() == counts["patrols"] > 100
    assert HomeVisit.objects.count() == counts["visits"] > 6
    figures = selectors.region_fieldwork(region=world.street, now=NOW)
    assert 0 < figures["visit_coverage_rate"] <= 1
