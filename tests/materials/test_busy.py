"""The helpers the dashboards' registry walk can call give every figure of these two apps
something to count in the test world's street."""

import datetime

import pytest
from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from tests.dashboards.conftest import (  # noqa: F401 (the dashboards' fixtures)
    busy,
    cat,
    civic,
    client_for,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    media,
    people,
    submit,
    t0,
)
from tests.lectures.busy import add_lectures
from tests.materials.busy import add_materials

NOV = timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0))


def test_every_figure_of_lectures_and_materials_counts_something(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_lectures(world, at=NOV)
    add_materials(world, at=NOV)
    values = figures.compute(world.street, Period.month(2026, 11), groups=["lectures", "materials"])
    assert len(values) == 6
    assert all(values.values()), values


@pytest.mark.usefixtures("busy")
def test_the_helpers_count_in_the_dashboards_busy_world(world, settings, tmp_path):
    """Called from the dashboards' `busy` fixture (whose residents may be members already)
    the helpers still give each of the six figures something to count."""
    settings.MEDIA_ROOT = tmp_path
    add_lectures(world, at=NOV)
    add_materials(world, at=NOV)
    period = Period.month(2026, 11)
    values = figures.compute(world.street, period, groups=["lectures", "materials"])
    assert all(values.values()), values
    for key in values:
        figure = figures.registry.get(key)
        for part in figure.parts:
            assert figure.part_records(world.street, period, part).exists(), (key, part)
