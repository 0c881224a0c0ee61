"""The reserve pool and its gap report: villages under 3 and over 5 and the pool's ages,
counted from the pool (candidates who joined the committees or left are not in it)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.villages import services
from banshi.villages.selectors import gap_report
from tests.villages.conftest import make_village, person

DAY = datetime.date(2026, 12, 1)


def add(village, name, birth="19900615", **kw):
    fields = {"education": "senior", "political_status": "masses", "added_on": "2025-01-10"} | kw
    return services.reserve_add(village=village.region, resident=person(name, birth), **fields)


def test_adding_and_leaving(places, users):
    a = places.a
    c = add(a, "刘海军", measures="函授大专", user=users.county)
    assert c.branch == a.branch and c.status == "in_pool"
    with pytest.raises(ValidationError, match="已在本村后备库中"):
        services.reserve_add(
            village=a.region,
            resident=c.resident,
            education="senior",
            political_status="masses",
            added_on="2025-01-10",
        )
    with pytest.raises(ValidationError, match="学历无效"):
        add(a, "刘二", education="phd")
    with pytest.raises(ValidationError, match="政治面貌无效"):
        add(a, "刘三", political_status="none")
    with pytest.raises(PermissionDenied):
        add(a, "刘四", user=users.town)
    with pytest.raises(ValidationError, match="村不存在"):
        add(a, "刘五", user=users.other_town)
    with pytest.raises(ValidationError, match="请填写退出原因"):
        services.reserve_set_status(cadre=c, status="left", on="2026-06-01")
    with pytest.raises(ValidationError, match="不能早于入库日期"):
        services.reserve_set_status(cadre=c, status="joined", on="2024-06-01")
    services.reserve_set_status(cadre=c, status="joined", on="2026-06-01")
    with pytest.raises(ValidationError, match="已不在后备库中"):
        services.reserve_set_status(cadre=c, status="left", on="2026-07-01", note="外出")


def test_gap_report_counts_the_pool(places):
    # A: 2 in the pool (+1 who joined the committee), B: 6, C: 3; a fourth village none.
    births = ["19980101", "19900101"]
    for i, b in enumerate(births):
        add(places.a, f"甲{i}", b)
    joined = add(places.a, "甲已进", "19950101")
    services.reserve_set_status(cadre=joined, status="joined", on="2026-05-01")
    for i in range(6):
        add(places.b, f"乙{i}", "19800101" if i < 2 else "19920101")
    for i in range(3):
        add(places.c, f"丙{i}", "19880101")
    make_village(places.other_town, 202, "岳家梁村", members=3)
    county = gap_report(places.county, DAY)
    assert [r.village.name for r in county.short] == ["王桂窑村", "岳家梁村"]
    assert [r.village.name for r in county.over] == ["杨家窑村"]
    assert [r.village.name for r in county.full] == ["石板沟村"]
    assert county.pool == 11
    ages = sorted(county.ages)
    # 28, 36 (A); 46, 46, 34×4 (B); 38×3 (C) on 2026-12-01
    assert ages == [28, 34, 34, 34, 34, 36, 38, 38, 38, 46, 46]
    profile = county.profile
    assert profile["under_35"] == 5 and profile["from_35_to_45"] == 4 and profile["over_45"] == 2
    assert profile["mean_age"] == Decimal(sum(ages) / len(ages)).quantize(Decimal("0.1"))
    town = gap_report(places.town, DAY)
    assert len(town.rows) == 2 and town.pool == 8
    assert gap_report(places.a.region, DAY).as_dict()["villages_under_3"] == ["王桂窑村"]


def test_adding_a_list(places, users):
    a = places.a
    rows = [
        {
            "resident": person(f"名单{i}"),
            "education": "college",
            "political_status": "league",
            "added_on": "2026-01-05",
        }
        for i in range(3)
    ]
    with pytest.raises(PermissionDenied):
        services.reserve_add_many(village=a.region, candidates=rows, user=users.town)
    with pytest.raises(ValidationError, match="学历无效"):
        services.reserve_add_many(
            village=a.region, candidates=rows + [rows[0] | {"education": "x"}]
        )
    with pytest.raises(ValidationError, match="已在本村后备库中"):
        services.reserve_add_many(village=a.region, candidates=rows + [rows[0]])
    assert len(services.reserve_add_many(village=a.region, candidates=rows, user=users.county)) == 3
    with pytest.raises(ValidationError, match="已在本村后备库中"):
        services.reserve_add_many(village=a.region, candidates=rows[:1])
    assert gap_report(places.county, DAY).full[0].village == a.region
