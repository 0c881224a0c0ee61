"""The union aid demo on a small world with 回民区's 中山西路街道: the federation with ten
unions (振华广场, 王府井百货, 民族商场 …) and two enterprises without, the 2026 line of 1,090,
thirty files across the classes, four seasons of aid; rebuilt, it replaces itself."""

import datetime
import time

from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.territory.models import Region
from banshi.unions import hardship
from banshi.unions.demo import build_demo_unions
from banshi.unions.models import AidCampaign, EnterpriseUnion, NeedyWorker, PovertyLine

NOW = timezone.make_aware(datetime.datetime(2026, 12, 2, 0, 0))


def test_the_demo_unions(world):
    huimin = Region.objects.create(
        code="150103000000", name="回民区", kind="district", parent=world.city
    )
    street = Region.objects.create(
        code="150103002000", name="中山西路街道", kind="street", parent=huimin
    )
    before = figures.compute(world.street, Period.year(2026), groups=["unions"])
    started = time.perf_counter()
    out = build_demo_unions(seed=7, now=NOW)
    assert time.perf_counter() - started < 3
    assert (out["unions"], out["roll"], out["files"], out["campaigns"]) == (10, 12, 30, 4)
    names = set(
        EnterpriseUnion.objects.filter(founded_on__isnull=False).values_list(
            "enterprise_name", flat=True
        )
    )
    assert {"振华广场", "王府井百货", "民族商场"} <= names
    assert not EnterpriseUnion.objects.filter(enterprise__isnull=False).exists()
    assert PovertyLine.objects.get(year=2026).amount == 1090
    files = NeedyWorker.objects.all()
    for w in files:  # the stored class is the computed one
        assert w.hardship == w.computed_hardship()
    active = files.filter(status="active")
    for klass in (hardship.DEEP, hardship.RELATIVE, hardship.ACCIDENT):
        assert active.filter(hardship=klass).count() >= 5
    assert files.filter(status="exited").count() == 2
    assert any(w.recertification_is_due(NOW.date()) for w in active)
    assert set(AidCampaign.objects.values_list("season", flat=True)) == {
        "spring",
        "summer",
        "autumn",
        "winter",
    }
    values = figures.compute(street, Period.year(2026), groups=["unions"])
    assert values["union_founding_rate"] == round(10 / 12, 4)
    assert values["aid_records"] == out["aid_records"] and values["aid_amount"] > 10000
    # Nothing of 大学东路街道 changes.
    assert figures.compute(world.street, Period.year(2026), groups=["unions"]) == before
    again = build_demo_unions(seed=7, now=NOW)
    assert again == {**out, "federation": again["federation"]}
    assert NeedyWorker.objects.count() == 30
