"""What one intake sends the database (issue 16): no savepoint around its INSERT, the timeline and
the notifications in one statement on PostgreSQL (no task row to fan them out later), the
duplicate pool read on the index made for it; and the set-based fan-out gives the rows the
task always gave (the unit, its active members, the users named; none twice)."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks.signals import task_enqueued

from banshi.demands import duplicates, services, tasks
from banshi.demands.models import Demand, Notification
from banshi.demands.units import HandlingUnit

TEXT = "楼道里堆满了垃圾，已经三天没有人清运，气味很大"


def _rows(demand_id):
    return list(
        Notification.objects.filter(demand_id=demand_id)
        .order_by("id")
        .values_list("unit_key", "recipient_user_id")
    )


def test_intake_writes_its_notifications_with_its_timeline_and_enqueues_nothing(
    world, people, submit, t0
):
    enqueued = []

    def count(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    task_enqueued.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            demand = submit(user=people.resident, text=TEXT)
        after_intake = list(enqueued)
        services.demand_return(demand=demand, user=people.grid1, reason="错派", now=t0)
    finally:
        task_enqueued.disconnect(count)
    assert after_intake == [] and enqueued == ["notify_units"]  # the step's, not intake's
    sql = [q["sql"] for q in queries.captured_queries]
    # One savepoint (the test's transaction holds the intake's); the INSERT has none.
    assert len([s for s in sql if s.upper().startswith("SAVEPOINT")]) == 1
    assert not [s for s in sql if "dbtaskresult" in s.lower()]
    # 派单 at once to grid 1: the grid's row and its worker's, written in the request.
    unit = f"grid:{world.grid1.code}"
    dispatched = Notification.objects.filter(demand=demand, kind="dispatched").order_by("id")
    assert list(dispatched.values_list("unit_key", "recipient_user_id")) == [
        (unit, None),
        (unit, people.grid1.pk),
    ]
    kinds = set(demand.events.values_list("kind", flat=True))
    assert {"submitted", "dispatched"} <= kinds
    statements = [s for s in sql if "demands_notification" in s]
    assert len(statements) == 1
    if connection.vendor == "postgresql":
        assert "demands_demandevent" in statements[0]  # one statement for both


def test_a_demand_that_waits_tells_its_street_desk(world, people, submit):
    demand = submit(user=people.resident, text=TEXT, lat=None, lng=None)
    assert demand.state == Demand.State.RECEIVED
    desk = f"street:{world.street.prefix}"
    assert _rows(demand.pk) == [(desk, None), (desk, people.street.pk)]


def test_the_fan_out_tells_active_members_and_named_users_once(world, people, submit, t0):
    demand = submit(user=people.resident, text=TEXT)
    Notification.objects.filter(demand=demand).delete()
    get_user_model().objects.filter(pk=people.community2.pk).update(is_active=False)
    units = [
        f"community:{world.community.prefix}",
        f"community:{world.community2.prefix}",
        f"department:{people.department.pk}",
    ]
    kwargs = dict(demand_id=demand.pk, kind="returned", note="理由", created_at=t0)
    added = tasks.fan_out(unit_keys=units, user_ids=[people.resident.pk, None], **kwargs)
    expected = [
        (units[0], None),
        (units[0], people.community.pk),
        (units[1], None),  # its only member is not active
        (units[2], None),
        (units[2], people.dept.pk),
        ("", people.resident.pk),
    ]
    assert sorted(units) == units and added == len(expected)
    assert _rows(demand.pk) == expected
    for unit in units:
        members = HandlingUnit.from_key(unit).member_user_ids()
        told = {u for k, u in _rows(demand.pk) if k == unit and u is not None}
        assert told == set(members)
    # Run again (a retried task): nothing is added twice.
    assert tasks.fan_out(unit_keys=units, user_ids=[people.resident.pk], **kwargs) == 0
    assert len(_rows(demand.pk)) == len(expected)
    assert Notification.objects.filter(demand=demand, note="理由").count() == len(expected)


def test_the_task_still_fans_out_for_the_workflow_steps(world, people, submit, t0):
    """A step's notifications go through the task (run at once in the tests)."""
    demand = submit(user=people.resident, text=TEXT)
    services.demand_return(demand=demand, user=people.grid1, reason="错派", now=t0)
    desk = f"street:{world.street.prefix}"
    returned = Notification.objects.filter(demand=demand, kind="returned").order_by("id")
    assert list(returned.values_list("unit_key", "recipient_user_id")) == [
        (desk, None),
        (desk, people.street.pk),
    ]


def test_the_duplicate_pool_has_its_index_and_reads_no_demand_rows(world, people, submit):
    """Migration 0008 makes demand_near_idx (category, lat, lng) for the pool's query; at
    intake the candidates are ids only (no query reads their demands)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "demands_demand")
    assert found["demand_near_idx"]["columns"][:3] == ["category_id", "lat", "lng"]
    for i in range(3):
        submit(user=people.resident, text=f"{TEXT}{i}")
    demand = Demand.objects.order_by("-id").first()
    with CaptureQueriesContext(connection) as queries:
        candidates = duplicates.candidates_for(demand, load=False)
    assert len(candidates) == 2 and len(queries.captured_queries) == 1
    assert candidates[0].demand.description.startswith(TEXT)  # read when asked for
