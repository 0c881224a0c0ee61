"""The region page's twelve-month trends: each month's value is the registered figure of
that month, the charts are SVG with no script, every value is in the table beside its
chart, and an ended month is computed once (then read from the cache)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.core import figures
from banshi.core.periods import Period
from banshi.dashboards import trends


def test_each_month_is_that_months_registered_figure(world, busy):
    cache.clear()
    end = Period.parse("2026-11")
    keys = ["demands_received", "response_rate", "visits"]
    series = trends.trend(world.street, keys, end=end)
    assert [p.key for p, _v in series][0] == "2025-12" and len(series) == 12
    for period, values in series:
        assert values == figures.compute(world.street, period, keys=keys)
    november = dict(series)[end] if end in dict(series) else series[-1][1]
    assert november["demands_received"] > 0


def test_an_ended_month_is_computed_once(world, busy):
    cache.clear()
    end = Period.parse("2026-11")
    keys = ["demands_received", "response_rate"]
    trends.trend(world.street, keys, end=end)
    with CaptureQueriesContext(connection) as again:
        trends.trend(world.street, keys, end=end)
    # Every month of the trend has ended (this is later than 2026-11): no figure is counted.
    assert not [q for q in again.captured_queries if "demands_demand" in q["sql"]]


def test_the_trends_fragment(world, busy, login, people):
    cache.clear()
    r = login(people.street).get(f"/regions/{world.street.code}/trends/", {"period": "2026-11"})
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count("<svg") == 4  # demands: rates and counts; field work: rates and counts
    assert "<script" not in html
    assert "2026-11" in html and "2025-12" in html
    received = figures.compute(world.street, Period.parse("2026-11"), keys=["demands_received"])
    assert f"<td>{received['demands_received']:,}</td>" in html
    # Out of scope: as any other record, 404.
    other = login(people.grid3).get(f"/regions/{world.street.code}/trends/")
    assert other.status_code == 404
