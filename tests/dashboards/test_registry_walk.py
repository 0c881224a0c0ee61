"""Every registered figure, at every level it declares, against its drill-down page: a count
equals the number of records the page lists (or of their distinct values, for a figure that
counts people over roles), and a rate's numerator and denominator each equal the number of
records on their pages; the rate is their quotient. Read as the system administrator, whose
lists are complete; as a street user the same figures hold and the lists are scoped."""

import re

import pytest

from banshi.core import figures
from banshi.core.figures import FigureKind, Part, ratio
from banshi.core.periods import Period
from banshi.demands import rates
from banshi.territory import codes

PERIOD = Period.month(2026, 11)
TOTAL = re.compile(r"共 (\d+) 条记录")


def subjects(world) -> dict:
    return {
        codes.CITY: world.city,
        codes.DISTRICT: world.district,
        codes.STREET: world.street,
        codes.COMMUNITY: world.community,
        codes.GRID: world.grid1,
    }


def listed(client, figure, subject, part) -> int:
    url = figures.drill_down_url(figure, subject.code, PERIOD, part)
    response = client.get(url)
    assert response.status_code == 200, (figure.key, subject.code, part)
    match = TOTAL.search(response.content.decode())
    assert match, (figure.key, subject.code, part)
    return int(match.group(1))


def test_every_figure_equals_its_records_at_every_level(world, busy, login, superuser):
    client = login(superuser)
    places = subjects(world)
    checked = 0
    for figure in figures.all_figures():
        for level in sorted(figure.levels):
            subject = places[level]
            value = figure.compute(subject, PERIOD)
            if figure.is_rate:
                num = listed(client, figure, subject, Part.NUMERATOR)
                den = listed(client, figure, subject, Part.DENOMINATOR)
                assert value == ratio(num, den), (figure.key, level, value, num, den)
            else:
                n = listed(client, figure, subject, Part.RECORDS)
                records = figure.part_records(subject, PERIOD)
                assert n == records.count()
                if figure.kind == FigureKind.COUNT and figure.distinct:
                    people = {getattr(r, figure.distinct) for r in records}
                    assert value == len(people), (figure.key, level)
                elif figure.kind == FigureKind.COUNT:
                    assert value == n, (figure.key, level, value, n)
            checked += 1
    assert checked >= 5 * len(figures.all_figures(level=codes.GRID))


def test_the_world_gives_every_figure_something_to_count(world, busy):
    """The walk above would pass on empty lists: here every figure of the street is
    non-zero, so each comparison compared something."""
    values = figures.compute(world.street, PERIOD)
    empty = [key for key, value in values.items() if not value]
    assert empty == []


def test_batches_agree_with_counting_the_records(world, busy):
    for figure in figures.all_figures():
        if figure.batch is None or figure.kind != FigureKind.COUNT:
            continue
        for subject in subjects(world).values():
            if figure.exists_at(subject.level):
                counted = figure.count(figure.part_records(subject, PERIOD))
                assert figure.compute(subject, PERIOD) == counted, (figure.key, subject.code)


def test_a_unit_s_figure_is_the_same_whoever_looks_and_lists_are_scoped(
    world, busy, login, superuser, people
):
    """The community's figures do not depend on the viewer; its staff list only what their
    scope holds (here all of it), and a worker of another community gets 404."""
    community = login(people.community)
    for figure in figures.all_figures(level=codes.COMMUNITY):
        url = figures.drill_down_url(figure, world.community.code, PERIOD)
        response = community.get(url)
        assert response.status_code == 200, figure.key
        assert response.context["value"] == figure.compute(world.community, PERIOD)
    outsider = login(people.community2)
    some = figures.all_figures(level=codes.COMMUNITY)[0]
    url = figures.drill_down_url(some, world.community.code, PERIOD)
    assert outsider.get(url).status_code == 404


@pytest.mark.parametrize("bad", ["2026-13", "26-11", "2026/11", "x" * 40])
def test_a_bad_period_is_a_chinese_400(world, login, street_user, bad):
    response = login(street_user).get(
        f"/regions/{world.street.code}/figures/demands_received/", {"period": bad}
    )
    assert response.status_code == 400
    assert "期间" in response.content.decode() or "月份" in response.content.decode()


def test_a_bad_part_is_a_chinese_400(world, login, street_user):
    response = login(street_user).get(
        f"/regions/{world.street.code}/figures/org_coverage_rate/", {"part": "everything"}
    )
    assert response.status_code == 400
    assert "分子" in response.content.decode()


def test_unknown_figure_or_level_is_404(world, login, street_user):
    client = login(street_user)
    assert client.get(f"/regions/{world.street.code}/figures/nope/").status_code == 404
    # communities exist at region levels, not at a grid
    assert client.get(f"/regions/{world.grid1.code}/figures/communities/").status_code == 404


def test_the_ranking_and_the_registered_rates_are_one_number(world, busy):
    """`banshi rates` groups the units in three queries; each row equals the unit's
    registered rate figures (the same definitions, demands/rates.py)."""
    places = {world.street.prefix: world.street, world.community.prefix: world.community}
    places.update({g.code: g for g in (world.grid1, world.grid2, world.grid3)})
    places[world.community2.prefix] = world.community2
    compared = 0
    for level in ("grid", "community", "street"):
        for row in rates.unit_rates(level=level, period="2026-11"):
            subject = places[row.unit.code]
            d = row.as_dict()
            for key in ("response_rate", "resolution_rate", "satisfaction_rate"):
                assert d[key] == figures.get(key).compute(subject, PERIOD), (row.unit, key)
                compared += 1
    assert compared >= 3 * 6
