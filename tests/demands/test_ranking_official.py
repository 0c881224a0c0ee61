"""One official figure: the street, the district and the community itself see the same
rates and the same rank for 乌兰社区 in the same month, among the street's communities; the
scope decides only which rows open into their records. Ties share a rank, a unit with
nothing to count is listed without one, and the page opens on the last complete month."""

import re

import pytest

from banshi.demands.ranking import ranking_for
from tests.demands.conftest import walk

COMMUNITY = "community:150105001001"


@pytest.fixture
def november(world, people, submit, t0):
    # 乌兰社区 (grids 1 and 2): one on time and satisfied, one late and unsatisfied, one
    # in grid 2 that the grid-1 worker cannot open; 内工大社区 (grid 3): one good.
    walk(submit(user=people.resident, at=t0), people, at=t0, rating="satisfied")
    walk(
        submit(user=people.resident, at=t0), people, at=t0, rating="unsatisfied", hours=(3, 4, 5, 6)
    )
    walk(submit(grid=1, at=t0), people, at=t0, rating="basic")
    walk(submit(grid=2, user=people.resident_b, at=t0), people, at=t0, rating="basic")


def _row(ranking, key=COMMUNITY):
    return next(r for r in ranking.rows if r.unit.key == key)


def test_everyone_sees_the_same_figures_and_rank(world, people, make_user, november):
    district = make_user("district", "district", region=world.district)
    seen = {}
    for who in (people.street, district, people.community, people.grid1):
        ranking = ranking_for(user=who, level="community", period="2026-11")
        row = _row(ranking)
        seen[who.username] = (
            row.dispatched,
            row.responded_in_time,
            row.due,
            row.resolved,
            row.rated,
            row.satisfied,
            row.rank,
            len(ranking.rows),
        )
        # The street's communities are the peers, whoever looks (the district sees them as
        # one group of its streets').
        assert ranking.region == (world.district if who == district else world.street)
    assert len(set(seen.values())) == 1, seen
    dispatched, in_time, _due, _resolved, rated, satisfied, rank, peers = seen["street"]
    assert (dispatched, in_time, rated, satisfied) == (3, 2, 3, 2)
    assert rank == 2 and peers == 2  # 内工大社区 is first with 100 %


def test_scope_decides_which_rows_open(world, people, november):
    mine = ranking_for(user=people.community, level="community", period="2026-11")
    assert mine.openable == {COMMUNITY} and mine.own == {COMMUNITY}
    street = ranking_for(user=people.street, level="community", period="2026-11")
    assert street.openable == {r.unit.key for r in street.rows} and street.own == set()
    worker = ranking_for(user=people.grid1, level="grid", period="2026-11")
    assert worker.region == world.community
    assert {r.unit.key for r in worker.rows} == {
        f"grid:{world.grid1.code}",
        f"grid:{world.grid2.code}",
    }
    assert worker.openable == {f"grid:{world.grid1.code}"}


def test_the_page_shows_official_numbers_and_links_only_what_opens(
    world, people, client_for, november
):
    html = (
        client_for(people.community)
        .get("/demands/ranking/", {"period": "2026-11", "level": "community"})
        .content.decode()
    )
    assert "内工大社区" in html and "乌兰社区" in html and "本单位" in html
    links = set(re.findall(r"\?unit=([^&\"]+)", html))
    assert links == {"community%3A150105001001"}
    assert "只显示数字" in html


def test_ties_share_a_rank_and_empty_units_have_none(world, people, submit, t0):
    walk(submit(user=people.resident, at=t0), people, at=t0, rating="satisfied")
    walk(submit(grid=1, at=t0), people, at=t0, rating="satisfied")
    ranking = ranking_for(user=people.street, level="grid", period="2026-11")
    ranks = {r.unit.code: r.rank for r in ranking.rows}
    assert ranks == {world.grid1.code: 1, world.grid2.code: 1, world.grid3.code: None}


def test_the_page_opens_on_the_last_complete_month(world, people, client_for, monkeypatch):
    from banshi.core import periods

    monkeypatch.setattr(
        periods.Period, "current_month", classmethod(lambda cls: cls.parse("2026-12"))
    )
    r = client_for(people.street).get("/demands/ranking/")
    assert r.context["period"] == "2026-11"
    assert "本月至今" in r.content.decode()
    assert (
        client_for(people.street).get("/demands/ranking/", {"region": "150102000000"}).status_code
        == 400
    )
