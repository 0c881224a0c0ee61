"""The helpers the dashboards' registry walk can call give every figure of these two apps
something to count in the test world's street."""

import datetime

from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
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
