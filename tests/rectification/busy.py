"""Rectification for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_rectification(world, at=NOV)`): the district's
2026 campaign flags a village branch of the street by hand (village affairs in disorder),
the district confirms it, its plan is accepted and signed off by the deadline, and a
relapse in the follow-up year reopens it (so it counts as flagged, planned, on schedule,
signed off by the deadline and relapsed)."""

import datetime

from banshi.organizations.services import organization_create
from banshi.rectification import services
from banshi.rectification.models import Criterion
from banshi.territory.models import Region

D = datetime.date


def add_rectification(world, *, at):
    village = Region.objects.create(
        code="150105001231", name="整顿村", kind="village", parent=world.street
    )
    organization_create(name="整顿村党支部", kind="branch", region=village)
    campaign = services.campaign_open(
        county=world.district,
        year=2026,
        screening_deadline=D(2026, 4, 30),
        rectification_deadline=D(2026, 6, 30),
    )
    screening = next(
        s for s in services.screen(campaign=campaign, on=D(2026, 4, 25)) if s.village == village
    )
    services.finding_record(
        screening=screening,
        criterion=Criterion.DISORDER,
        met=True,
        evidence="审计发现账目不清",
        on=D(2026, 4, 25),
    )
    services.screening_decide(screening=screening, confirm=True, on=D(2026, 4, 28))
    plan = services.plan_create(
        screening=screening,
        problems="村务财务管理混乱",
        goals="财务公开规范",
        measures="清理账目，建立公开制度",
        responsible="街道党工委书记",
        paired_leader="区委组织部长",
        on=D(2026, 5, 1),
    )
    services.task_add(plan=plan, title="清理账目", due_on=D(2026, 5, 31))
    services.task_done(task=plan.tasks.get(), on=D(2026, 5, 30))
    services.plan_accept(plan=plan, on=D(2026, 6, 20), opinion="整改到位")
    services.plan_sign_off(plan=plan, on=D(2026, 6, 25), evidence="验收报告")
    services.plan_relapse(plan=plan, on=at.date(), reason="账目再次不清")
    return plan
