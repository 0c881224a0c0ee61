"""`banshi villages --region … --year … [--json]`: the figures as fractions and counts and
the gap report; an unknown region or a region without villages figures exits with 2."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from banshi.villages import services
from tests.villages.conftest import person


def run(*args) -> str:
    out = io.StringIO()
    call_command("villages", *args, stdout=out)
    return out.getvalue()


def test_json(places):
    for i in range(4):
        services.reserve_add(
            village=places.c.region,
            resident=person(f"后备{i}", "19960101"),
            education="senior",
            political_status="masses",
            added_on="2026-01-05",
        )
    data = json.loads(run("--region", "清水河县", "--year", "2026", "--json"))
    assert data["region"]["code"] == "150124000000" and data["period"] == "2026"
    assert data["figures"]["reserve_cadres"] == 4
    assert data["figures"]["villages_reserve_short"] == 2
    assert data["figures"]["village_secretaries_trained"] == 0.0
    assert data["rates"]["village_secretaries_trained"] == {"numerator": 0, "denominator": 3}
    # The other village apps' figures too: nothing declared, screened or contested here.
    for key in ("redflags_held", "rectification_flagged", "contest_township_entrants"):
        assert data["figures"][key] == 0
    gap = data["gap_report"]
    assert gap["villages_under_3"] == ["王桂窑村", "杨家窑村"] and gap["villages_over_5"] == []
    assert gap["age_profile"]["under_35"] == 4 and gap["age_profile"]["mean_age"] > 29


def test_text_and_errors(places):
    text = run("--region", "150124100000", "--year", "2026")
    assert "城关镇" in text and "不足3名：王桂窑村、杨家窑村" in text
    with pytest.raises(CommandError) as exc:
        run("--region", "没有这个县")
    assert exc.value.returncode == 2
    # The city holds the contests' city final, and nothing else of the villages.
    city = json.loads(run("--region", "呼和浩特市", "--year", "2026", "--json"))
    assert city["region"]["name"] == "呼和浩特市"
    assert city["figures"] and all(k.startswith("contest_") for k in city["figures"])
    assert "reserve_cadres" not in city["figures"]
    assert "呼和浩特市" in run("--region", "呼和浩特市", "--year", "2026")
    with pytest.raises(CommandError) as exc:
        run("--region", "清水河县", "--year", "20260")
    assert exc.value.returncode == 2
