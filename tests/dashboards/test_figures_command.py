"""`banshi figures --region CODE_OR_NAME [--period YYYY-MM|YYYY] [--json]`: every registered
figure of a region, from every app, as one object; rates as fractions."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.core import figures
from banshi.core.periods import Period
from banshi.people.models import Resident
from banshi.territory import codes


def run(*args) -> str:
    out = StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


def test_the_street_s_figures_from_every_app(world, busy):
    data = json.loads(run("--region", "大学东路街道", "--period", "2026-11", "--json"))
    groups = {figures.get(key).group for key in data}
    assert {"territory", "people", "organizations", "enterprises", "demands", "fieldwork"} <= (
        groups
    )
    assert data == figures.compute(world.street, Period.month(2026, 11))
    residents = Resident.objects.filter(grid__code__startswith=world.street.prefix).count()
    assert data["grids"] == 3 and data["residents"] == residents >= 6
    for key, value in data.items():
        if figures.get(key).is_rate:
            assert value is None or 0 <= value <= 1, key  # a fraction, never a percentage
            assert value is None or round(value, 4) == value, key
    assert data["org_coverage_rate"] == 0.6667  # 2 of 3 enterprises: one founded in the month


def test_a_year_and_a_grid(world, busy):
    year = json.loads(run("--region", world.street.code, "--period", "2026", "--json"))
    month = json.loads(run("--region", world.street.code, "--period", "2026-11", "--json"))
    assert year["demands_received"] == month["demands_received"] > 0  # only November has any
    grid = json.loads(run("--region", world.grid1.code, "--period", "2026-11", "--json"))
    assert "communities" not in grid and grid["households"] == 2


def test_the_table_shows_labels_and_percentages(world, busy):
    text = run("--region", "大学东路街道", "--period", "2026-11")
    assert "大学东路街道（150105001000） · 2026-11" in text
    assert "响应率" in text and "33.3%" in text  # org coverage, as a page shows it


@pytest.mark.parametrize("period", ["2026-13", "11-2026", "2026/11", "last month"])
def test_a_bad_period_exits_2_with_a_chinese_message(world, period):
    with pytest.raises(CommandError, match="期间|月份") as exc:
        run("--region", "大学东路街道", "--period", period)
    assert exc.value.returncode == 2


def test_an_unknown_region_exits_2(world):
    with pytest.raises(CommandError, match="找不到") as exc:
        run("--region", "不存在的街道")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="找不到网格") as exc:
        run("--region", "150105001001999")
    assert exc.value.returncode == 2


def test_every_level_costs_the_same_number_of_queries(world, busy):
    """Each figure costs the same number of queries at every level it declares (a county's
    villages figures are not a city's): no figure's cost grows with the size of the unit."""
    period = Period.month(2026, 11)
    subjects = {
        codes.CITY: world.city,
        codes.DISTRICT: world.district,
        codes.STREET: world.street,
        codes.COMMUNITY: world.community,
    }
    uneven = {}
    for figure in figures.all_figures():
        counts = {}
        for level in sorted(figure.levels & set(subjects)):
            with CaptureQueriesContext(connection) as ctx:
                figure.compute(subjects[level], period)
            counts[level] = len(ctx.captured_queries)
        if len(set(counts.values())) > 1:
            uneven[figure.key] = counts
    assert not uneven, uneven
