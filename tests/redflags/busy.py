"""Red flags for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_redflags(world, at=NOV)`): two villages of the
street, one holding two flags awarded in the month (one revoked at the review later that
month), the other declaring one still under review, so it is a lagging village."""

import datetime

from banshi.redflags import services
from banshi.redflags.models import Flag
from banshi.territory.models import Region

ITEMS = [
    ("党组织书记履职", 30, "考核称职得满分"),
    ("三会一课", 20, "按月召开得满分"),
    ("发展党员", 20, "两年内发展一名以上得满分"),
    ("村务公开", 15, "每季度公开一次得满分"),
    ("群众满意度", 15, "满意率90%以上得满分"),
]


def _walk(scheme, village, flag, day):
    evidence = {
        i.pk: {"text": i.name, "score": i.weight} for i in scheme.indicators.filter(flag=flag)
    }
    d = services.declaration_submit(
        scheme=scheme, village=village, flag=flag, evidence=evidence, on=day
    )
    return d


def add_redflags(world, *, at) -> list[Region]:
    monday = at.date() - datetime.timedelta(days=at.date().weekday())
    villages = [
        Region.objects.create(code=f"150105001{n}", name=name, kind="village", parent=world.street)
        for n, name in (("401", "东红村"), ("402", "西红村"))
    ]
    scheme = services.scheme_create(county=world.district, year=at.year, pass_mark=80)
    for flag in (Flag.PARTY, Flag.ECOLOGY):
        services.indicators_set(scheme=scheme, flag=flag, items=ITEMS)
    for flag, revoke in ((Flag.PARTY, False), (Flag.ECOLOGY, True)):
        d = _walk(scheme, villages[0], flag, monday)
        services.declaration_first_review(
            declaration=d, passed=True, opinion="同意", score=90, on=monday
        )
        services.declaration_decide(declaration=d, passed=True, opinion="同意", on=monday)
        services.declaration_notice(declaration=d, on=monday)
        awarded = monday + datetime.timedelta(days=7)
        services.declaration_award(declaration=d, on=awarded)
        if revoke:
            services.flag_review(
                declaration=d,
                half=2,
                score=60,
                opinion="垃圾分类未落实",
                on=awarded + datetime.timedelta(days=1),
            )
    _walk(scheme, villages[1], Flag.PARTY, monday)
    return villages
