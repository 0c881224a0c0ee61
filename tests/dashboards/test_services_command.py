"""`banshi services --region … --year … [--json]`: the service groups' registered figures of
the region and the detail sections the apps register; a bad region or year exits with 2."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from banshi.core import sections
from tests.enterprises.busy import add_enterprise_work
from tests.web.conftest import civic, credit_code  # noqa: F401 (fixtures)


def run(*args) -> str:
    out = io.StringIO()
    call_command("services", *args, stdout=out)
    return out.getvalue()


def test_figures_and_sections(world, civic, monkeypatch):  # noqa: F811 (fixture imported above)
    add_enterprise_work(civic, at=datetime.datetime(2026, 11, 3, 9, 0))

    def deliverables(region, period):
        return [{"name": "停车位", "target": 68, "region": region.name, "year": period.key}]

    monkeypatch.setattr(
        sections, "_SECTIONS", {"t": sections.Section("t", "测试成果", deliverables)}
    )
    data = json.loads(run("--region", "大学东路街道", "--year", "2026", "--json"))
    assert data["region"]["code"] == world.street.code and data["period"] == "2026"
    assert data["figures"]["instructor_visits"] == 2
    assert data["figures"]["party_orgs_founded"] == 1
    assert data["figures"]["non_public_enterprises"] == 3
    assert data["sections"]["t"] == [
        {"name": "停车位", "target": 68, "region": "大学东路街道", "year": "2026"}
    ]
    text = run("--region", world.street.code, "--year", "2026")
    assert "指导员走访企业次数  2" in text and "测试成果" in text and "target：68" in text
    for bad in (("--region", "没有这个地方"), ("--region", "大学东路街道", "--year", "99999")):
        with pytest.raises(CommandError) as exc:
            run(*bad)
        assert exc.value.returncode == 2
