"""`banshi tick --now`: marks what is overdue, escalates one level, notifies the unit and its
supervisor — once per stage, however often it runs."""

import datetime
import json

from django.core.management import call_command

from banshi.demands import services
from banshi.demands.models import Demand, DemandEvent, Notification, OverdueMark
from banshi.demands.sweep import deadline_sweep
from banshi.demands.units import HandlingUnit

H = datetime.timedelta(hours=1)


def tick(now) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("tick", "--now", now.isoformat(), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_sign_deadline_passes_marks_and_escalates_once(world, people, submit, t0):
    d = submit(user=people.resident, at=t0)  # → grid 1, sign due t0 + 2 h
    assert tick(t0 + H)["marked"] == {"dispatch": 0, "sign": 0, "resolve": 0}
    first = tick(t0 + 3 * H)
    assert first["marked"]["sign"] == 1 and first["escalated"] == 1
    second = tick(t0 + 3 * H)
    third = tick(t0 + 4 * H)
    assert second["marked"]["sign"] == 0 and third["marked"]["sign"] == 0
    d.refresh_from_db()
    assert d.sign_overdue and d.escalation_level == 1
    assert d.supervisor_code == world.community.prefix  # grid → its community
    assert OverdueMark.objects.filter(demand=d).count() == 1
    assert d.events.filter(kind=DemandEvent.Kind.OVERDUE).count() == 1
    # the grid worker (the unit) and the community staff (the supervisor) are told, once
    assert (
        Notification.objects.filter(demand=d, kind="overdue", recipient_user=people.grid1).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            demand=d, kind="escalated", recipient_user=people.community
        ).count()
        == 1
    )
    assert not Notification.objects.filter(demand=d, recipient_user=people.community2).exists()


def test_next_stage_escalates_one_level_further(world, people, submit, t0):
    d = submit(user=people.resident, at=t0)
    tick(t0 + 3 * H)  # sign overdue → community
    services.demand_sign(demand=d, user=people.grid1, now=t0 + 4 * H)
    tick(t0 + 8 * 24 * H)  # resolve overdue (7 days) → street
    tick(t0 + 9 * 24 * H)
    d.refresh_from_db()
    assert d.resolve_overdue and d.escalation_level == 2
    assert d.supervisor_code == world.street.prefix
    assert list(
        OverdueMark.objects.filter(demand=d).order_by("at").values_list("stage", flat=True)
    ) == [
        "sign",
        "resolve",
    ]


def test_department_escalates_to_the_street_that_dispatched(world, people, submit, t0, dept):
    d = submit("property", lat=40.0, lng=111.0, region=world.street, at=t0)
    services.demand_dispatch(
        demand=d, user=people.street, unit=HandlingUnit.of_department(dept), now=t0
    )
    tick(t0 + 3 * H)
    d.refresh_from_db()
    assert d.sign_overdue and d.supervisor_code == "150105001"
    assert Notification.objects.filter(
        demand=d, recipient_user=people.dept, kind="overdue"
    ).exists()
    assert Notification.objects.filter(
        demand=d, recipient_user=people.street, kind="escalated"
    ).exists()


def test_dispatch_deadline_at_the_street_desk(world, people, submit, t0):
    d = submit("sanitation", lat=40.0, lng=111.0, region=world.street, at=t0)
    report = tick(t0 + 3 * H)
    assert report["marked"]["dispatch"] == 1
    d.refresh_from_db()
    assert d.dispatch_overdue and d.supervisor_code == "150105"  # street → district


def test_done_in_time_is_not_marked(world, people, submit, t0):
    from tests.demands.conftest import walk

    walk(submit(user=people.resident, at=t0), people, at=t0)
    assert tick(t0 + 30 * 24 * H)["marked"] == {"dispatch": 0, "sign": 0, "resolve": 0}


def test_a_new_round_can_be_overdue_again(world, people, submit, t0):
    d = submit(user=people.resident, at=t0)
    tick(t0 + 3 * H)
    services.demand_reassign(
        demand=d, user=people.street, unit=HandlingUnit.of_grid(world.grid2), now=t0 + 4 * H
    )
    d.refresh_from_db()
    # escalated once already: the new unit must sign within 30 minutes
    assert d.sign_due == t0 + 4 * H + datetime.timedelta(minutes=30) and not d.sign_overdue
    tick(t0 + 5 * H)
    tick(t0 + 5 * H)
    assert OverdueMark.objects.filter(demand=d, stage="sign").count() == 2


def test_a_sweep_that_lost_the_race_does_nothing(world, people, submit, t0):
    """Two sweeps at once: the second finds the flag already set and adds nothing."""
    from banshi.demands import sweep

    d = submit(user=people.resident, at=t0)
    now = t0 + 3 * H
    Demand.objects.filter(pk=d.pk).update(sign_overdue=True)  # the other sweep got here first
    assert sweep._mark(d.pk, "sign", now) is None
    assert not OverdueMark.objects.exists()
    assert deadline_sweep(now=now).total == 0


def test_whistle_report_deadline(world, people, submit, t0, dept):
    d = submit(user=people.resident, at=t0)
    services.demand_escalate(demand=d, user=people.street, departments=[dept], now=t0)
    assert tick(t0 + 20 * 60 * H / 3600)["whistle_overdue"] == 0  # 20 minutes
    assert tick(t0 + H)["whistle_overdue"] == 1
    assert tick(t0 + 2 * H)["whistle_overdue"] == 0
    assert d.events.filter(kind="whistle_overdue").count() == 1
    assert Notification.objects.filter(recipient_user=people.dept, kind="overdue").exists()


def test_tick_rejects_a_bad_time(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO-8601"):
        call_command("tick", "--now", "tomorrow")
