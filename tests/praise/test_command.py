"""`banshi praise --unit NAME --year YYYY [--json]`: the unit's praise of the year by kind
and its brand's carriers by kind, on a small world; an unknown or ambiguous unit is an
error."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from banshi.praise import services


def _praise(pw):
    for kind, n, year in (("hotline", 3, 2022), ("letter", 2, 2022), ("banner", 1, 2022)):
        for i in range(n):
            services.praise_record(
                kind=kind,
                received_on=datetime.date(year, 1 + i, 10),
                unit=pw.unit,
                content="感谢",
                carrier=pw.route if i == 0 else None,
            )
    services.praise_record(
        kind="letter", received_on=datetime.date(2023, 2, 1), unit=pw.unit, content="次年"
    )
    services.praise_record(
        kind="letter", received_on=datetime.date(2022, 2, 1), unit=pw.other, content="别的单位"
    )


def test_the_unit_s_numbers(pw):
    _praise(pw)
    out = StringIO()
    call_command("praise", unit="公交三公司党支部", year=2022, as_json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["unit"]["name"] == "公交三公司党支部" and data["year"] == 2022
    assert data["praise"] == {"hotline": 3, "letter": 2, "banner": 1, "in_person": 0}
    assert data["praise_total"] == 6
    assert data["carriers"] == {
        "classroom": 0,
        "route": 2,
        "carriage": 1,
        "model_post": 0,
        "post_model": 1,
        "volunteer_team": 0,
    }
    [brand] = data["brands"]
    assert brand["name"] == "学雷锋365" and brand["carriers"] == 4
    assert brand["praise_of_carriers"] == 3
    text = StringIO()
    call_command("praise", unit="公交三公司", year=2022, stdout=text)
    shown = text.getvalue()
    assert "12345表扬  3" in shown and "表扬信  2" in shown and "锦旗  1" in shown
    assert "雷锋线路  2" in shown and "岗位学雷锋标兵  1" in shown and "2级联动" in shown


def test_an_unknown_or_ambiguous_unit(pw):
    with pytest.raises(CommandError, match="找不到党组织"):
        call_command("praise", unit="没有的单位", year=2022, stdout=StringIO())
    with pytest.raises(CommandError, match="多个党组织"):
        call_command("praise", unit="公交", year=2022, stdout=StringIO())
    with pytest.raises(CommandError, match="年度无效"):
        call_command("praise", unit="公交三公司党支部", year=1900, stdout=StringIO())
