"""`banshi redflags --region … --year … [--json]`: the figures and the year's report; an
unknown region or one without red-flag figures exits with 2."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from banshi.redflags import services
from banshi.redflags.models import Flag

from .conftest import DAY, evidence_for


def run(*args) -> str:
    out = io.StringIO()
    call_command("redflags", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def awarded(places, scheme):
    d = services.declaration_submit(
        scheme=scheme,
        village=places.a.region,
        flag=Flag.PARTY,
        evidence=evidence_for(scheme),
        on=DAY,
    )
    services.declaration_first_review(declaration=d, passed=True, opinion="同意", score=90)
    services.declaration_decide(declaration=d, passed=True, opinion="同意")
    services.declaration_notice(declaration=d, on=DAY)
    return services.declaration_award(declaration=d, on="2026-03-10")


def test_json(places, awarded):
    data = json.loads(run("--region", "清水河县", "--year", "2026", "--json"))
    assert data["region"]["code"] == "150124000000" and data["period"] == "2026"
    assert data["figures"] == {
        "redflags_held": 1,
        "redflags_awarded": 1,
        "redflags_revoked": 0,
        "redflags_lagging_villages": 2,
    }
    town = next(r for r in data["report"] if r["township"] == "城关镇")
    assert town["flags"]["party"] == {"held": 1, "declared": 1, "revoked": 0}
    assert town["lagging"] == ["杨家窑村"]
    assert data["total"]["lagging"] == ["杨家窑村", "石板沟村"]
    # Another year: the flag is held now, but neither awarded nor reported then.
    data = json.loads(run("--region", "清水河县", "--year", "2025", "--json"))
    assert data["figures"]["redflags_awarded"] == 0
    assert data["total"]["flags"]["party"]["held"] == 0


def test_text_and_errors(places, awarded):
    text = run("--region", "150124100000", "--year", "2026")
    assert "城关镇" in text and "1/1/0" in text
    with pytest.raises(CommandError) as exc:
        run("--region", "没有这个县")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        run("--region", "呼和浩特市")
    assert exc.value.returncode == 2
