"""Praise for a test world that must give every registered figure something to count (the
dashboards' `busy` fixture calls `add_praise(world, at=NOV)`): a bus fleet's branch in
大学东路街道 with a brand and one carrier of each counted kind, and a praise of each
counted kind in the month."""

import datetime

from banshi.organizations.models import PartyOrganization
from banshi.praise import services
from banshi.praise.models import Carrier, PraiseRecord


def add_praise(world, *, at):
    unit = PartyOrganization.objects.create(
        name="大学东路公交车队党支部", kind=PartyOrganization.Kind.BRANCH, region=world.street
    )
    brand = services.brand_create(owner=unit, name="学雷锋", goals=["做好事"], linkage=["车队"])
    K = Carrier.Kind
    route = services.carrier_create(brand=brand, kind=K.ROUTE, name="66路", number="66路")
    services.carrier_create(brand=brand, kind=K.CARRIAGE, name="雷锋车厢", number="蒙A·10001")
    services.carrier_create(brand=brand, kind=K.MODEL_POST, name="调度雷锋示范岗")
    services.carrier_create(brand=brand, kind=K.POST_MODEL, name="王师傅", level="company")
    day = at.date() + datetime.timedelta(days=1)
    for kind in (PraiseRecord.Kind.HOTLINE, PraiseRecord.Kind.LETTER, PraiseRecord.Kind.BANNER):
        services.praise_record(
            kind=kind,
            received_on=day,
            unit=unit,
            content="感谢66路驾驶员",
            carrier=route,
            external_id="BY-BUSY-1" if kind == PraiseRecord.Kind.HOTLINE else "",
            now=at + datetime.timedelta(days=2),
        )
    return unit
