"""Likely duplicates at intake: same category, within 100 m and 7 days, similar text."""

import datetime

from banshi.demands import services
from banshi.demands.duplicates import duplicate_candidates, similarity
from banshi.demands.models import Demand
from banshi.territory.geometry import distance_m
from tests.demands.conftest import inside

TEXT = "3号楼东侧路灯不亮已经一周了，晚上出行很不方便"
SIMILAR = "3号楼东边的路灯一直不亮，晚上出门很不方便"
OTHER = "小区门口有人乱停车堵住消防通道"


def _submit(cat, *, text, lat, lng, at, code="municipal"):
    return services.demand_submit(
        category=cat(code), description=text, channel="web", lat=lat, lng=lng, now=at
    )


def test_similar_nearby_recent_demand_is_suggested(world, cat, t0):
    lat, lng = inside(0)
    first = _submit(cat, text=TEXT, lat=lat, lng=lng, at=t0).demand
    second = _submit(
        cat, text=SIMILAR, lat=lat + 0.0003, lng=lng, at=t0 + datetime.timedelta(days=2)
    )
    assert [c.demand.pk for c in second.duplicates] == [first.pk]
    c = second.duplicates[0]
    assert 30 < c.distance_m < 40 and c.similarity >= 0.5
    assert second.demand.events.get(kind="submitted").data["duplicates"] == [first.pk]


def test_no_suggestion_when_far_old_different_or_another_category(world, cat, t0):
    lat, lng = inside(0)
    _submit(cat, text=TEXT, lat=lat, lng=lng, at=t0)
    week = datetime.timedelta(days=8)
    assert not _submit(cat, text=SIMILAR, lat=lat + 0.0015, lng=lng, at=t0).duplicates  # ~167 m
    assert not _submit(cat, text=SIMILAR, lat=lat, lng=lng, at=t0 + week).duplicates
    assert not _submit(cat, text=OTHER, lat=lat, lng=lng, at=t0).duplicates
    assert not _submit(cat, text=TEXT, lat=lat, lng=lng, at=t0, code="parking").duplicates


def test_merged_demands_are_not_suggested(world, cat, t0, people):
    lat, lng = inside(0)
    a = _submit(cat, text=TEXT, lat=lat, lng=lng, at=t0).demand
    b = _submit(cat, text=TEXT, lat=lat, lng=lng, at=t0).demand
    services.demand_merge(demand=b, into=a, user=people.street, now=t0)
    c = _submit(cat, text=TEXT, lat=lat, lng=lng, at=t0)
    assert [x.demand.pk for x in c.duplicates] == [a.pk]
    assert Demand.objects.get(pk=b.pk).state == "merged"


def test_similarity_and_distance():
    assert similarity(TEXT, TEXT) == 1.0
    assert similarity(TEXT, SIMILAR) >= 0.5
    assert similarity(TEXT, OTHER) < 0.5
    assert similarity("", TEXT) == 0.0
    assert 110 < distance_m(40.81, 111.70, 40.811, 111.70) < 112


def test_the_intake_query_and_the_scoped_query_find_the_same_demands(world, cat, t0, people):
    """Intake reads the pool with prepared SQL, the scoped selector with the ORM: on a mix
    of near/far, early/late, other-category and merged demands both give the same list."""
    lat, lng = inside(0)
    made = []
    for i, (dlat, days, code, text) in enumerate(
        [
            (0.0, 0, "municipal", TEXT),
            (0.0003, 2, "municipal", SIMILAR),
            (0.0006, -3, "municipal", TEXT),  # ~67 m, earlier
            (0.0015, 1, "municipal", TEXT),  # too far
            (0.0, 9, "municipal", TEXT),  # too late
            (0.0, -9, "municipal", TEXT),  # too early
            (0.0, 1, "parking", TEXT),  # another category
            (0.0001, 1, "municipal", OTHER),  # not similar
            (0.0002, 3, "municipal", SIMILAR),
        ]
    ):
        at = t0 + datetime.timedelta(days=days, minutes=i)
        made.append(_submit(cat, text=text, lat=lat + dlat, lng=lng, at=at, code=code).demand)
    services.demand_merge(demand=made[8], into=made[1], user=people.street, now=t0)
    probe = made[0]
    for exclude in (probe.pk, None):
        kwargs = dict(
            category_id=probe.category_id,
            lat=probe.lat,
            lng=probe.lng,
            description=TEXT,
            at=probe.received_at,
            exclude_pk=exclude,
        )
        prepared = duplicate_candidates(**kwargs)
        orm = duplicate_candidates(**kwargs, queryset=Demand.objects.all())
        assert [(c.demand.pk, c.distance_m, c.similarity) for c in prepared] == [
            (c.demand.pk, c.distance_m, c.similarity) for c in orm
        ]
    found = {c.demand.pk for c in duplicate_candidates(**{**kwargs, "exclude_pk": probe.pk})}
    assert found == {made[1].pk, made[2].pk}
