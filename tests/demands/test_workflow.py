"""The state machine: a demand walks through every state; every other transition is
rejected by the services, with the state left as it was."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from banshi.demands import services, workflow
from banshi.demands.models import Demand, DemandEvent, WhistleCall
from banshi.demands.units import HandlingUnit
from banshi.demands.workflow import TRANSITIONS, ActionForbidden, TransitionError

S = Demand.State
H = datetime.timedelta(hours=1)


def kinds(demand):
    return list(demand.events.order_by("at", "pk").values_list("kind", flat=True))


def test_a_demand_walks_through_every_state(world, people, submit, t0, dept):
    # received (at the street desk: the point is in no grid, the street took it in)
    d = submit("property", lat=40.0, lng=111.0, region=world.street, user=people.street)
    assert d.state == S.RECEIVED and d.assigned_code == "150105001"
    # dispatched → returned → dispatched again
    services.demand_dispatch(
        demand=d, user=people.street, unit=HandlingUnit.of_grid(world.grid1), now=t0 + H
    )
    assert d.state == S.DISPATCHED and d.assigned_grid == world.grid1
    services.demand_return(demand=d, user=people.grid1, reason="不属于本网格", now=t0 + 2 * H)
    assert d.state == S.RETURNED and d.assigned_code == "150105001" and d.dispatched_at is None
    services.demand_dispatch(
        demand=d, user=people.street, unit=HandlingUnit.of_region(world.community), now=t0 + 3 * H
    )
    # reassigned → signed → in progress → escalated (whistle) → resolved
    services.demand_reassign(
        demand=d, user=people.street, unit=HandlingUnit.of_department(dept), now=t0 + 4 * H
    )
    assert d.state == S.DISPATCHED and d.assigned_department == dept
    services.demand_sign(demand=d, user=people.dept, now=t0 + 5 * H)
    assert d.state == S.SIGNED
    services.demand_start(demand=d, user=people.dept, now=t0 + 6 * H)
    assert d.state == S.IN_PROGRESS
    calls = services.demand_escalate(
        demand=d, user=people.street, departments=[people.department2], now=t0 + 7 * H
    )
    assert d.state == S.ESCALATED and len(calls) == 1
    services.whistle_sign(
        call=calls[0], user=people.dept2, now=t0 + 7 * H + datetime.timedelta(minutes=10)
    )
    services.demand_resolve(demand=d, user=people.dept, note="已维修完毕", now=t0 + 8 * H)
    assert d.state == S.RESOLVED and d.resolution_note == "已维修完毕"
    # rated unsatisfied → reopened → resolved → rated → closed
    services.demand_rate(demand=d, user=people.street, rating="unsatisfied", now=t0 + 9 * H)
    assert d.state == S.RATED
    services.demand_reopen(demand=d, user=people.street, to=S.IN_PROGRESS, now=t0 + 10 * H)
    assert d.state == S.IN_PROGRESS and d.resolved_at is None and d.cycle == 3
    services.demand_resolve(demand=d, user=people.dept, note="已返工", now=t0 + 11 * H)
    services.demand_rate(demand=d, user=people.street, rating="satisfied", now=t0 + 12 * H)
    services.demand_close(demand=d, user=people.street, now=t0 + 13 * H)
    d.refresh_from_db()
    assert d.state == S.CLOSED and d.rating == "satisfied" and d.closed_at == t0 + 13 * H
    assert kinds(d) == [
        "submitted",
        "dispatched",
        "returned",
        "dispatched",
        "reassigned",
        "signed",
        "started",
        "escalated",
        "whistle_signed",
        "resolved",
        "rated",
        "reopened",
        "resolved",
        "rated",
        "closed",
    ]
    # every state the workflow knows was visited except merged (below)
    visited = {e.to_state for e in d.events.exclude(to_state="")}
    assert visited | {S.MERGED} == set(S.values)


def test_merged_is_terminal_and_points_to_the_primary(world, people, submit, t0):
    primary = submit(user=people.resident, at=t0)
    dup = submit(user=people.resident_b, at=t0 + H)
    services.demand_merge(demand=dup, into=primary, user=people.street, now=t0 + 2 * H)
    assert dup.state == S.MERGED and dup.merged_into == primary
    assert kinds(primary)[-1] == "merged_in"
    for action in TRANSITIONS:
        with pytest.raises(TransitionError):
            workflow.check(S.MERGED, action)


def test_reopen_after_unsatisfied_only(world, people, submit, t0):
    from tests.demands.conftest import walk

    d = walk(submit(user=people.resident), people, at=t0, rating="satisfied")
    with pytest.raises(TransitionError, match="不满意"):
        services.demand_reopen(demand=d, user=people.street, now=t0 + 10 * H)
    assert d.state == S.RATED


def test_reopen_to_dispatched_gives_a_new_sign_and_resolve_deadline(world, people, submit, t0):
    from tests.demands.conftest import walk

    d = walk(submit(user=people.resident), people, at=t0, rating="unsatisfied")
    now = t0 + 30 * H
    services.demand_reopen(demand=d, user=people.street, to=S.DISPATCHED, now=now)
    d.refresh_from_db()
    assert d.state == S.DISPATCHED and d.signed_at is None and d.dispatched_at == now
    assert d.sign_due == now + datetime.timedelta(minutes=30)  # reopened: 30 minutes
    assert d.resolve_due == now + 7 * 24 * H
    assert d.rating == "unsatisfied"  # the last rating stands until the next one


def _demand_in(state, world, people, submit, t0, dept):
    """A demand brought into `state` through the services."""
    d = submit(user=people.resident, at=t0)  # sanitation → the grid, dispatched
    if state == S.RECEIVED:
        return submit("property", lat=40.0, lng=111.0, region=world.street, at=t0)
    if state == S.DISPATCHED:
        return d
    if state == S.RETURNED:
        return services.demand_return(demand=d, user=people.grid1, reason="错派", now=t0 + H)
    if state == S.MERGED:
        other = submit(user=people.resident_b, at=t0)
        return services.demand_merge(demand=d, into=other, user=people.street, now=t0 + H)
    services.demand_sign(demand=d, user=people.grid1, now=t0 + H)
    if state == S.SIGNED:
        return d
    if state == S.ESCALATED:
        services.demand_escalate(demand=d, user=people.street, departments=[dept], now=t0 + H)
        return d
    services.demand_start(demand=d, user=people.grid1, now=t0 + 2 * H)
    if state == S.IN_PROGRESS:
        return d
    services.demand_resolve(demand=d, user=people.grid1, note="已清运", now=t0 + 3 * H)
    if state == S.RESOLVED:
        return d
    services.demand_rate(demand=d, user=people.resident, rating="unsatisfied", now=t0 + 4 * H)
    if state == S.RATED:
        return d
    services.demand_close(demand=d, user=people.street, now=t0 + 5 * H)
    assert state == S.CLOSED
    return d


def _call(action, d, people, world, dept, at):
    """Call the service for `action` as a user who would be allowed to in a right state."""
    street, grid = people.street, people.grid1
    calls = {
        "dispatch": lambda: services.demand_dispatch(
            demand=d, user=street, unit=HandlingUnit.of_grid(world.grid2), now=at
        ),
        "reassign": lambda: services.demand_reassign(
            demand=d, user=street, unit=HandlingUnit.of_grid(world.grid2), now=at
        ),
        "sign": lambda: services.demand_sign(demand=d, user=grid, now=at),
        "start": lambda: services.demand_start(demand=d, user=grid, now=at),
        "resolve": lambda: services.demand_resolve(demand=d, user=grid, note="好", now=at),
        "return": lambda: services.demand_return(demand=d, user=grid, reason="错", now=at),
        "rate": lambda: services.demand_rate(demand=d, user=street, rating="basic", now=at),
        "close": lambda: services.demand_close(demand=d, user=street, now=at),
        "reopen": lambda: services.demand_reopen(demand=d, user=street, now=at),
        "escalate": lambda: services.demand_escalate(
            demand=d, user=street, departments=[people.department2], now=at
        ),
        "merge": lambda: services.demand_merge(demand=d, into=d, user=street, now=at),
    }
    return calls[action]()


FORBIDDEN = [
    (state, action)
    for state in S.values
    for action, t in TRANSITIONS.items()
    if state not in t.sources
]


@pytest.mark.parametrize(("state", "action"), FORBIDDEN)
def test_every_other_transition_is_rejected_by_the_services(
    state, action, world, people, submit, t0, dept
):
    d = _demand_in(state, world, people, submit, t0, dept)
    assert d.state == state
    events = d.events.count()
    with pytest.raises(TransitionError) as err:
        _call(action, d, people, world, dept, t0 + 10 * H)
    assert "不能执行" in err.value.messages[0]
    d.refresh_from_db()
    assert d.state == state
    assert d.events.count() == events


def test_forbidden_transitions_are_the_complement_of_the_table():
    allowed = {(s, a) for a, t in TRANSITIONS.items() for s in t.sources}
    assert len(allowed) + len(FORBIDDEN) == len(S.values) * len(TRANSITIONS)
    assert TRANSITIONS["sign"].sources == {S.DISPATCHED}
    assert workflow.check(S.RATED, "reopen", target=S.IN_PROGRESS) == S.IN_PROGRESS
    with pytest.raises(TransitionError):
        workflow.check(S.RATED, "reopen", target=S.RESOLVED)
    with pytest.raises(TransitionError, match="未知"):
        workflow.check(S.RECEIVED, "teleport")


def test_only_the_assigned_unit_signs_and_only_the_street_dispatches(world, people, submit, t0):
    d = submit(user=people.resident)  # → grid 1
    for outsider in (people.grid2, people.community2, people.dept, people.resident, people.nobody):
        with pytest.raises(ActionForbidden):
            services.demand_sign(demand=d, user=outsider, now=t0 + H)
    assert Demand.objects.get(pk=d.pk).state == S.DISPATCHED
    with pytest.raises(ActionForbidden):
        services.demand_reassign(
            demand=d, user=people.grid1, unit=HandlingUnit.of_grid(world.grid2), now=t0 + H
        )
    with pytest.raises(ActionForbidden, match="诉求人"):
        # rating needs the reporter (or the dispatcher); the handler may not rate itself
        d2 = submit(user=people.resident)
        services.demand_sign(demand=d2, user=people.grid1, now=t0 + H)
        services.demand_start(demand=d2, user=people.grid1, now=t0 + H)
        services.demand_resolve(demand=d2, user=people.grid1, note="好", now=t0 + H)
        services.demand_rate(demand=d2, user=people.grid1, rating="satisfied", now=t0 + H)


def test_a_street_cannot_dispatch_outside_its_territory(world, people, submit, t0, make_user):
    from banshi.territory.models import Grid, Region

    other_street = Region.objects.create(
        code="150105002000", name="中专路街道", kind="street", parent=world.district
    )
    community = Region.objects.create(
        code="150105002001", name="其他社区", kind="community", parent=other_street
    )
    far_grid = Grid.objects.create(code="150105002001001", name="远处网格", community=community)
    d = submit("property", lat=40.0, lng=111.0, region=world.street)
    # Refused as a unit that does not exist: the far grid's name is not told.
    with pytest.raises(ValidationError, match="承办单位不存在") as refused:
        services.demand_dispatch(
            demand=d, user=people.street, unit=HandlingUnit.of_grid(far_grid), now=t0 + H
        )
    assert "远处网格" not in str(refused.value)
    with pytest.raises(ValidationError, match="请选择承办单位"):
        services.demand_dispatch(demand=d, user=people.street, unit=None, now=t0 + H)


def test_return_and_resolve_need_their_text(world, people, submit, t0):
    d = submit(user=people.resident)
    with pytest.raises(ValidationError, match="退单理由"):
        services.demand_return(demand=d, user=people.grid1, reason="  ", now=t0 + H)
    services.demand_sign(demand=d, user=people.grid1, now=t0 + H)
    services.demand_start(demand=d, user=people.grid1, now=t0 + H)
    with pytest.raises(ValidationError, match="办理结果"):
        services.demand_resolve(demand=d, user=people.grid1, note="", now=t0 + H)
    assert Demand.objects.get(pk=d.pk).state == S.IN_PROGRESS


def test_rating_must_be_one_of_three(world, people, submit, t0):
    from tests.demands.conftest import walk

    d = walk(submit(user=people.resident), people, at=t0, rating=None)
    with pytest.raises(ValidationError, match="满意"):
        services.demand_rate(demand=d, user=people.resident, rating="great", now=t0 + 9 * H)
    services.demand_rate(demand=d, user=people.resident, rating="basic", now=t0 + 9 * H)
    assert Demand.objects.get(pk=d.pk).rating == "basic"


def test_whistle_calls_and_reports(world, people, submit, t0):
    d = submit(user=people.resident)
    with pytest.raises(ValidationError, match="职能部门"):
        services.demand_escalate(demand=d, user=people.street, departments=[], now=t0)
    calls = services.demand_escalate(
        demand=d,
        user=people.street,
        departments=[people.department, people.department2],
        now=t0 + H,
    )
    assert {c.sign_due for c in calls} == {t0 + H + datetime.timedelta(minutes=30)}
    with pytest.raises(ActionForbidden):
        services.whistle_sign(call=calls[0], user=people.dept2, now=t0 + H)
    services.whistle_sign(call=calls[0], user=people.dept, now=t0 + H)
    with pytest.raises(TransitionError, match="已报到"):
        services.whistle_sign(call=calls[0], user=people.dept, now=t0 + H)
    assert WhistleCall.objects.filter(signed_at__isnull=False).count() == 1
    # calling a department that has not reported yet again is refused
    with pytest.raises(ValidationError, match="尚未报到"):
        services.demand_escalate(
            demand=d, user=people.street, departments=[people.department2], now=t0 + 2 * H
        )


def test_merge_rules(world, people, submit, t0):
    a = submit(user=people.resident)
    b = submit(user=people.resident_b)
    with pytest.raises(ValidationError, match="自己"):
        services.demand_merge(demand=a, into=a, user=people.street, now=t0)
    services.demand_merge(demand=b, into=a, user=people.street, now=t0)
    c = submit(user=people.resident)
    with pytest.raises(ValidationError, match="已被合并"):
        services.demand_merge(demand=c, into=b, user=people.street, now=t0)


def test_events_are_append_only(world, people, submit):
    d = submit(user=people.resident)
    e = d.events.first()
    with pytest.raises(PermissionError):
        e.save()
    with pytest.raises(PermissionError):
        e.delete()
    with pytest.raises(PermissionError):
        DemandEvent.objects.filter(demand=d).delete()
    with pytest.raises(PermissionError):
        DemandEvent.objects.filter(demand=d).update(note="x")
    with pytest.raises(PermissionError):
        d.delete()
