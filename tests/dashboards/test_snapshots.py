"""Figure snapshots of the large subjects (banshi.core.snapshots): with the city and its
districts snapshotted, the district's figures are counted once and then read from the
snapshot (a write does not move them until it is stale or the worker's job recounts), the
job's recount equals a count from the records for every registered figure after random
writes, a viewer's scoped figures and a window of days are never read from one, a street is
always counted live, and the region page says when its figures were counted."""

import datetime
import random

import pytest
from django.utils import timezone

from banshi.core import figures, jobs
from banshi.core.models import FigureSnapshot
from banshi.core.periods import Period
from banshi.demands.models import Demand
from banshi.fieldwork.models import HomeVisit

NOV = Period.parse("2026-11")
NOW = timezone.make_aware(datetime.datetime(2026, 12, 10, 9, 0))  # its last month: 2026-11


@pytest.fixture
def snapshotted(settings):
    settings.BANSHI_FIGURE_SNAPSHOT_LEVELS = (1, 2)
    settings.BANSHI_FIGURE_SNAPSHOT_MAX_AGE = 900


def _live(subject, period):
    return dict(figures.compute(subject, period, recount=True, scope=lambda qs: qs))


def _random_writes(world, busy, rng):
    visits = list(HomeVisit.objects.filter(grid=world.grid1))
    for visit in rng.sample(visits, max(1, len(visits) // 2)):
        HomeVisit.objects.filter(pk=visit.pk).update(
            visited_at=NOV.start + datetime.timedelta(days=rng.randrange(40))
        )
    for demand in Demand.objects.order_by("pk")[: rng.randrange(2, 5)]:
        Demand.objects.filter(pk=demand.pk).update(
            received_at=NOV.start + datetime.timedelta(days=rng.randrange(-10, 30)),
            rating=rng.choice(["satisfied", "unsatisfied", ""]),
        )


def test_a_district_is_read_from_its_snapshot_until_recounted(busy, world, snapshotted):
    first = figures.compute(world.district, NOV)
    assert first["visits"] > 0 and first.as_of is None  # counted now, and kept
    assert FigureSnapshot.objects.filter(code=world.district.code, period="2026-11").count() == len(
        first
    )
    HomeVisit.objects.filter(grid=world.grid1).update(
        visited_at=NOV.start - datetime.timedelta(days=3)
    )
    again = figures.compute(world.district, NOV)
    assert again == first and again.as_of is not None  # the snapshot, and when it was counted
    assert _live(world.district, NOV)["visits"] < first["visits"]  # the records moved
    # A stale snapshot is counted again.
    FigureSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(hours=1))
    stale = figures.compute(world.district, NOV)
    assert stale.as_of is None and stale["visits"] == _live(world.district, NOV)["visits"]


def test_the_jobs_recount_equals_the_records_after_random_writes(busy, world, snapshotted):
    rng = random.Random(16)
    job = jobs.get("dashboards.figure_snapshots")
    for _round in range(3):
        _random_writes(world, busy, rng)
        report = job.run(NOW)
        assert report["figures"] > 0
        for subject in (world.city, world.district, world.other_district):
            kept = figures.compute(subject, NOV)
            assert kept.as_of is not None
            assert dict(kept) == _live(subject, NOV), subject.name


def test_scoped_figures_windows_and_streets_are_counted_live(busy, world, snapshotted):
    figures.compute(world.district, NOV)
    FigureSnapshot.objects.filter(key="visits").update(value=99999)
    assert figures.compute(world.district, NOV)["visits"] == 99999  # it does read it
    assert figures.compute(world.district, NOV, scope=lambda qs: qs)["visits"] != 99999
    window = Period.window(30, now=NOW)
    assert figures.compute(world.district, window).as_of is None
    assert not FigureSnapshot.objects.filter(period=window.key).exists()
    figures.compute(world.street, NOV)
    assert not FigureSnapshot.objects.filter(code=world.street.code).exists()


def test_the_region_page_says_when_its_figures_were_counted(
    busy, world, snapshotted, login, superuser
):
    client = login(superuser)
    url = f"/regions/{world.district.code}/?period=2026-11"
    first = client.get(url).content.decode()
    assert 'id="figures-as-of"' not in first  # counted for this view
    second = client.get(url).content.decode()
    assert 'id="figures-as-of"' in second and "快照" in second
    street = client.get(f"/regions/{world.street.code}/?period=2026-11").content.decode()
    assert 'id="figures-as-of"' not in street
