"""The rectification figures against a recount of their records, at the county and a
township, for the busy world's kind of plan (flagged, planned, on schedule, signed off by
the deadline, relapsed) beside a plan still open with a task overdue."""

import datetime

from banshi.core import figures
from banshi.core.periods import Period
from banshi.rectification import services
from banshi.rectification.figures import on_schedule_q
from banshi.rectification.models import Criterion, Plan

D = datetime.date
YEAR = Period.year(2026)


def _plan(s, late_task):
    services.finding_record(
        screening=s, criterion=Criterion.DISORDER, met=True, evidence="审计", on=D(2026, 4, 25)
    )
    services.screening_decide(screening=s, confirm=True, on=D(2026, 4, 28))
    plan = services.plan_create(
        screening=s,
        problems="p",
        goals="g",
        measures="m",
        responsible="r",
        paired_leader="l",
        on=D(2026, 5, 1),
    )
    task = services.task_add(plan=plan, title="t", due_on=D(2026, 5, 31))
    if not late_task:
        services.task_done(task=task, on=D(2026, 5, 30))
        services.plan_accept(plan=plan, on=D(2026, 6, 20), opinion="ok")
        services.plan_sign_off(plan=plan, on=D(2026, 6, 25), evidence="e")
        services.plan_relapse(plan=plan, on=D(2026, 9, 1), reason="反弹")
    return plan


def test_figures_recount(places, campaign):
    ss = {s.village: s for s in services.screen(campaign=campaign, on=D(2026, 4, 25))}
    _plan(ss[places.a.region], late_task=False)
    _plan(ss[places.c.region], late_task=True)
    county = figures.compute(places.county, YEAR, groups=["rectification"])
    assert county == {
        "rectification_flagged": 2,
        "rectification_plans": 2,
        "rectification_on_schedule": 1,
        "rectification_signed_off": 1,
        "rectification_relapsed": 1,
    }
    town = figures.compute(places.town, YEAR, groups=["rectification"])
    assert town["rectification_plans"] == 1 and town["rectification_on_schedule"] == 1
    other = figures.compute(places.other_town, YEAR, groups=["rectification"])
    assert other["rectification_plans"] == 1 and other["rectification_on_schedule"] == 0
    # Before the late task was due, the open plan was on schedule.
    late = Plan.objects.get(screening__village=places.c.region)
    assert Plan.objects.filter(on_schedule_q(D(2026, 5, 20)), pk=late.pk).exists()
    assert not Plan.objects.filter(on_schedule_q(D(2026, 6, 1)), pk=late.pk).exists()
    for key, value in county.items():
        assert figures.get(key).part_records(places.county, YEAR).count() == value
    assert figures.compute(
        places.county, Period.year(2025), groups=["rectification"]
    ) == dict.fromkeys(county, 0)
