"""`banshi stats --region CODE_OR_NAME [--json]`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from banshi.dashboards.selectors import structure_figures, structure_keys
from banshi.territory.models import Region


def stats(*args) -> str:
    out = StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_json_by_name_has_exactly_the_figure_keys(world):
    data = json.loads(stats("--region", "大学东路街道", "--json"))
    assert list(data) == structure_keys(world.street.level)
    assert data == structure_figures(world.street)
    assert data["grids"] == 3 and data["residents"] == 6


def test_json_by_code_and_for_a_community(world):
    data = json.loads(stats("--region", "150105001001", "--json"))
    assert data["communities"] == 1 and data["grids"] == 2 and data["residents"] == 4


def test_json_is_one_object_on_one_line(world):
    raw = stats("--region", "赛罕区", "--json").strip()
    assert raw.startswith("{") and raw.endswith("}") and "\n" not in raw


def test_table_has_chinese_labels_and_rates_as_percentages(world):
    text = stats("--region", "大学东路街道")
    assert "大学东路街道（150105001000）" in text
    for label in ("网格", "居民", "商业网点", "党的组织覆盖率", "党的工作覆盖率"):
        assert label in text
    # no enterprises in the small world: a rate with nothing to count is no number
    assert "党的组织覆盖率" in text and "—" in text


def test_unknown_region_is_a_clear_error_with_exit_code_2(world):
    with pytest.raises(CommandError, match="找不到区划“大学西路街道”") as exc:
        stats("--region", "大学西路街道", "--json")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="找不到区划") as exc:
        stats("--region", "150105999000")
    assert exc.value.returncode == 2


def test_ambiguous_name_lists_the_candidates(world):
    street = Region.objects.create(
        code="150102001000", name="海东路街道", kind="street", parent=world.other_district
    )
    Region.objects.create(code="150102001001", name="乌兰社区", kind="community", parent=street)
    with pytest.raises(CommandError, match="不唯一") as exc:
        stats("--region", "乌兰社区")
    assert exc.value.returncode == 2
    assert "150102001001" in str(exc.value) and "150105001001" in str(exc.value)


def test_region_is_required(world):
    with pytest.raises(CommandError):
        stats("--json")
