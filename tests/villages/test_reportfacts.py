"""The standard "每村3-5名后备人选" as the villages answer it: every village of a region with
its candidates in the pool (those who left it not counted), as the figures count them, in
one query; the url is the region's reserve gap (another township's staff: 404), each member
opens its village."""

import datetime

from banshi.core import reportfacts
from banshi.core.figures import compute
from banshi.core.periods import Period
from banshi.villages import services
from banshi.villages.models import ReserveCadre

from .conftest import person


def _pool(village, n, *, left=0):
    for i in range(n + left):
        cadre = services.reserve_add(
            village=village.region,
            resident=person(f"{village.region.name[:2]}后备{i}", "19920101"),
            education="college",
            political_status="member",
            added_on=datetime.date(2025, 3, 1),
        )
        if i >= n:
            ReserveCadre.objects.filter(pk=cadre.pk).update(status=ReserveCadre.Status.LEFT)


def test_reserve_candidates_per_village(places, django_assert_num_queries):
    _pool(places.a, 3)
    _pool(places.b, 1, left=2)
    standard = reportfacts.standard_for("后备人选", "村")
    assert standard is not None and standard.key == "villages.reserve_per_village"
    with django_assert_num_queries(1):
        members = standard.members(places.county)
    by_name = {m.name: m.value for m in members}
    assert by_name == {"王桂窑村": 3, "杨家窑村": 1, "石板沟村": 0}
    assert {m.url for m in members if m.name == "王桂窑村"} == {
        f"/villages/{places.a.region.code}/"
    }
    # The same count as the registered figures of short and full pools.
    values = compute(
        places.county, Period.year(2025), keys=["villages_reserve_short", "villages_reserve_full"]
    )
    short = sum(1 for v in by_name.values() if v < 3)
    full = sum(1 for v in by_name.values() if 3 <= v <= 5)
    assert (values["villages_reserve_short"], values["villages_reserve_full"]) == (short, full)
    assert [m.name for m in standard.members(places.other_town)] == ["石板沟村"]


def test_the_url_is_the_region_reserve_gap(places, users, login):
    _pool(places.a, 3)
    standard = reportfacts.standard_for("后备人选", "村")
    url = standard.url(places.town)
    assert url == f"/regions/{places.town.code}/villages/#gap"
    body = login(users.town).get(url).content.decode()
    assert "王桂窑村" in body and "杨家窑村" in body and "石板沟村" not in body
    assert login(users.other_town).get(url).status_code == 404


def test_a_standard_nobody_registered_is_none():
    assert reportfacts.standard_for("后备人选", "网格") is None
    assert reportfacts.standard_for("党员", "村") is None
