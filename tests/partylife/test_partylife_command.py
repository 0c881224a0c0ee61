"""`banshi partylife --region … --month … --json`: every party-life figure of the region as
fractions and counts, the same values the registry computes, and the branches behind; bad
arguments exit with code 2 and a Chinese message."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from banshi.core import figures
from banshi.core.periods import Period

from .pl_world import activity, at, branches


def run(*args) -> str:
    out = StringIO()
    call_command("partylife", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def b(world):
    b = branches(world)
    a, x = b.a_members, b.b_members
    activity(b.b, "theme_day", at(2026, 11, 6), members=x, present=x[:1])
    activity(b.a, "committee", at(2026, 11, 3), members=a[:3], present=a[:2])
    return b


def test_json_gives_every_figure_as_the_registry_computes_it(world, b):
    data = json.loads(run("--region", "赛罕区", "--month", "2026-11", "--json"))
    assert data["region"] == {"code": world.district.code, "name": "赛罕区"}
    assert data["period"] == "2026-11"
    keys = [f.key for f in figures.all_figures(groups=["partylife"])]
    assert list(data["figures"]) == keys
    assert data["figures"] == figures.compute(
        world.district, Period.month(2026, 11), groups=["partylife"]
    )
    assert data["figures"]["theme_days_due"] == 2
    assert data["figures"]["theme_days_on_time"] == 1
    assert data["figures"]["theme_day_on_time_rate"] == 0.5
    assert data["figures"]["attendance_expected"] == 5
    assert data["figures"]["attendance_rate"] == 0.6
    # Branch A: no theme day and no group meeting in any month of 2026 so far, no committee
    # before November; both: no general meeting or party lecture in Q1–Q3.
    behind = {row["name"]: row["overdue"] for row in data["branches_behind"]}
    assert behind == {"乌兰社区党支部": 11 + 11 + 10 + 6, "内工大社区党支部": 10 + 6}
    assert [row["name"] for row in data["branches_behind"]] == [
        "乌兰社区党支部",
        "内工大社区党支部",
    ]


def test_text_shows_rates_as_percentages(world, b):
    text = run("--region", world.community2.code, "--month", "2026-11")
    assert "内工大社区（150105001002）· 2026-11" in text
    assert "主题党日按时开展率  100.0%" in text
    assert "组织生活参加率  50.0%" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "不存在区", "--month", "2026-11"), "找不到区划"),
        (("--region", "赛罕区", "--month", "2026-13"), "月份无效"),
        (("--region", "赛罕区", "--month", "2026"), "YYYY-MM"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(world, args, message):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    assert message in str(info.value)
