"""The materials figures recount the pushes and receipts by the target branch's territory
and the push's month, and each opens its records."""

import datetime

from banshi.core import figures
from banshi.core.periods import Period
from banshi.materials import services
from banshi.materials.models import MaterialPush, MaterialReceipt

from .conftest import NOW


def test_figures_recount_pushes_and_receipts(tree, material, users, login, world):
    services.material_push(material=material, subtree=tree.committee, at=NOW)
    october = services.material_publish(
        publisher=tree.committee, title="十月", body="b", month=NOW, published_at=NOW
    )
    services.material_push(
        material=october, organizations=[tree.branch_b], at=NOW - datetime.timedelta(days=30)
    )
    for r in MaterialReceipt.objects.filter(member__in=tree.members_a[:2], push__material=material):
        services.material_open(receipt=r)
    november = Period.month(2026, 11)
    for region in (world.street, world.community, world.community2, world.district):
        values = figures.compute(region, november, groups=["materials"])
        pushes = [
            p
            for p in MaterialPush.objects.select_related("organization")
            if p.organization.territory_code.startswith(region.prefix) and p.pushed_at.month == 11
        ]
        receipts = [r for r in MaterialReceipt.objects.all() if r.push in pushes]
        opened = [r for r in receipts if r.opened_at]
        assert values["materials_pushed"] == len(pushes)
        assert values["material_receipts_expected"] == len(receipts)
        assert values["material_receipts_opened"] == len(opened)
        rate = round(len(opened) / len(receipts), 4) if receipts else None
        assert values["material_open_rate"] == rate
    assert figures.compute(world.street, november, groups=["materials"]) == {
        "materials_pushed": 2,
        "material_receipts_expected": 4,
        "material_receipts_opened": 2,
        "material_open_rate": 0.5,
    }
    figure = figures.registry.get("material_open_rate")
    c = login(users.admin)
    page = c.get(
        figures.drill_down_url(figure, world.street.code, november, figures.Part.NUMERATOR)
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert all(m.resident.name in html for m in tree.members_a[:2])
    assert tree.members_a[2].resident.name not in html
    page = c.get(
        figures.drill_down_url(
            figures.registry.get("materials_pushed"), world.street.code, november
        )
    )
    assert page.status_code == 200 and page.content.decode().count("2026年11月学习材料") == 2
