"""延期申请: the handler asks for a later resolution deadline, the dispatcher approves or
refuses. Service, web page and API: approval moves the deadline the sweep and the rates
read (recounted from the timeline), refusal changes nothing, one pending request at a
time, a request after the deadline is refused, wrong actors 403, bad input 400 in Chinese,
out of scope 404."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from banshi.demands import deadlines, rates, services
from banshi.demands.models import DeadlineExtension, Demand, DemandEvent, Notification
from banshi.demands.selectors import demand_queue
from banshi.demands.sweep import deadline_sweep
from banshi.demands.units import HandlingUnit
from banshi.demands.workflow import ActionForbidden, TransitionError

H = datetime.timedelta(hours=1)
P = DeadlineExtension.Status


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def handling(submit, people, t0):
    """A sanitation demand (7 days to resolve) signed and started by grid 1's worker:
    received Monday 2026-11-02 09:00, due Monday 2026-11-09 09:00."""
    d = submit(user=people.resident, at=t0)
    services.demand_sign(demand=d, user=people.grid1, now=t0 + H)
    services.demand_start(demand=d, user=people.grid1, now=t0 + 2 * H)
    d.refresh_from_db()
    assert d.resolve_due == local(2026, 11, 9, 9, 0)
    return d


def ask(d, people, *, due="2026-11-20", at=None, user=None, reason="需协调物业和施工队"):
    return services.extension_request(
        demand=d,
        user=user or people.grid1,
        reason=reason,
        due=due,
        now=at or local(2026, 11, 5, 10, 0),
    )


def test_request_records_a_pending_fact_keeps_the_state_and_tells_the_desk(handling, people):
    d = handling
    ext = ask(d, people)
    d.refresh_from_db()
    assert d.state == Demand.State.IN_PROGRESS
    assert d.resolve_due == local(2026, 11, 9, 9, 0)  # nothing moves before the decision
    assert ext.status == P.PENDING and ext.unit_key == "grid:150105001001001"
    # the new deadline: the requested date at the clock time of the current one
    assert ext.requested_due == local(2026, 11, 20, 9, 0)
    assert ext.old_due == local(2026, 11, 9, 9, 0)
    event = d.events.order_by("at", "pk").last()
    assert event.kind == DemandEvent.Kind.EXTENSION_REQUESTED and event.note == "需协调物业和施工队"
    assert event.from_state == event.to_state == Demand.State.IN_PROGRESS
    assert event.data["extension"] == ext.pk
    desk = Notification.objects.filter(kind="ext_requested", recipient_user=people.street)
    assert desk.count() == 1 and not desk.get().read
    assert not Notification.objects.filter(kind="ext_requested", recipient_user=people.grid1)


def test_approval_moves_the_deadline_the_sweep_reads(handling, people):
    d = handling
    ask(d, people)
    ext = services.extension_approve(
        demand=d, user=people.street, note="同意", now=local(2026, 11, 6, 9, 0)
    )
    d.refresh_from_db()
    assert ext.status == P.APPROVED and ext.decided_by == people.street
    assert d.resolve_due == local(2026, 11, 20, 9, 0)
    event = d.events.order_by("at", "pk").last()
    assert event.kind == DemandEvent.Kind.EXTENSION_APPROVED
    assert parse_datetime(event.data["old_due"]) == local(2026, 11, 9, 9, 0)
    assert parse_datetime(event.data["resolve_due"]) == d.resolve_due
    told = Notification.objects.get(kind="ext_approved", recipient_user=people.grid1)
    assert "2026-11-20" in told.note

    # past the old deadline: nothing to mark
    report = deadline_sweep(now=local(2026, 11, 10, 9, 0))
    assert report.marked["resolve"] == 0
    d.refresh_from_db()
    assert not d.resolve_overdue and not d.overdue_marks.exists()
    # past the approved one: marked, against the approved deadline
    report = deadline_sweep(now=local(2026, 11, 20, 9, 1))
    assert report.marked["resolve"] == 1
    assert d.overdue_marks.get().due == local(2026, 11, 20, 9, 0)


def _replayed_due(events) -> datetime.datetime | None:
    """The resolution deadline after a timeline, from the events alone."""
    due = None
    for e in events:
        if e.kind in ("dispatched", "reassigned", "reopened", "extension_approved"):
            due = parse_datetime(e.data["resolve_due"])
    return due


def _recount(unit_key, bounds):
    """(due, resolved) of a unit in a month, replayed from the raw timeline."""
    start, end = bounds
    due = resolved = 0
    for d in Demand.objects.exclude(state=Demand.State.MERGED):
        if HandlingUnit.of_demand(d).key != unit_key:
            continue
        deadline = _replayed_due(d.events.order_by("at", "pk"))
        if deadline is not None and start <= deadline < end:
            due += 1
            resolved += d.events.filter(kind="resolved").exists()
    return due, resolved


def test_the_rates_judge_against_the_approved_deadline(submit, people, world):
    """Received 2026-11-20, due 11-27 (November); extended to 12-03 and resolved 12-01:
    late against the old deadline, in time against the approved one, and counted in
    December's resolution rate, not November's. Recounted from the timeline."""
    unit = HandlingUnit.of_grid(world.grid1)
    received = local(2026, 11, 20, 9, 0)
    d = submit(user=people.resident, at=received)
    other = submit(user=people.resident, at=received)  # due in November, stays there
    for x in (d, other):
        services.demand_sign(demand=x, user=people.grid1, now=received + H)
        services.demand_start(demand=x, user=people.grid1, now=received + 2 * H)
    before_nov = rates.unit_figures(unit=unit, period="2026-11")
    assert (before_nov.due, _recount(unit.key, rates.month("2026-11"))[0]) == (2, 2)

    ask(d, people, due="2026-12-03", at=local(2026, 11, 25, 9, 0))
    services.extension_approve(demand=d, user=people.street, now=local(2026, 11, 26, 9, 0))
    services.demand_resolve(demand=d, user=people.grid1, note="已修复", now=local(2026, 12, 1, 9))
    resolved = d.events.get(kind="resolved")
    assert resolved.data["in_time"] is True  # 12-01 is after 11-27, before 12-03

    for period in ("2026-11", "2026-12"):
        figures = rates.unit_figures(unit=unit, period=period)
        assert (figures.due, figures.resolved) == _recount(unit.key, rates.month(period))
    assert rates.unit_figures(unit=unit, period="2026-11").due == 1  # only `other`
    dec = rates.unit_figures(unit=unit, period="2026-12")
    assert (dec.due, dec.resolved, dec.resolution_rate) == (1, 1, 1.0)
    # the ranking row is the same number
    row = next(
        r for r in rates.unit_rates(level="grid", period="2026-12") if r.unit.key == unit.key
    )
    assert (row.due, row.resolved) == (1, 1)


def test_refusal_leaves_everything_as_it_was(handling, people):
    d = handling
    ask(d, people)
    with pytest.raises(Exception, match="请填写不予延期的理由"):
        services.extension_refuse(demand=d, user=people.street, note=" ", now=local(2026, 11, 6))
    ext = services.extension_refuse(
        demand=d, user=people.street, note="可先行处置，无需延期", now=local(2026, 11, 6, 9, 0)
    )
    d.refresh_from_db()
    assert ext.status == P.REFUSED and ext.decision_note == "可先行处置，无需延期"
    assert d.resolve_due == local(2026, 11, 9, 9, 0) and d.state == Demand.State.IN_PROGRESS
    assert d.events.order_by("at", "pk").last().kind == "extension_refused"
    assert Notification.objects.get(kind="ext_refused", recipient_user=people.grid1).note
    assert deadline_sweep(now=local(2026, 11, 9, 9, 1)).marked["resolve"] == 1
    # decided: a new request may be made
    assert ask(d, people, due="2026-11-12", at=local(2026, 11, 7)).status == P.PENDING


def test_a_second_pending_request_is_refused(handling, people):
    ask(handling, people)
    events = handling.events.count()
    with pytest.raises(TransitionError, match="已有一件待审批的延期申请"):
        ask(handling, people, due="2026-11-18", at=local(2026, 11, 5, 11))
    assert handling.events.count() == events
    assert DeadlineExtension.objects.filter(demand=handling).count() == 1


def test_the_database_holds_one_pending_request_per_demand(handling, people):
    ask(handling, people)
    row = DeadlineExtension.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineExtension.objects.create(
            demand=handling,
            requested_at=row.requested_at,
            reason="x",
            old_due=row.old_due,
            requested_due=row.requested_due,
        )


def test_a_request_after_the_deadline_is_refused(handling, people):
    with pytest.raises(TransitionError, match="已过，不能再申请延期"):
        ask(handling, people, at=local(2026, 11, 9, 9, 0))
    assert not DeadlineExtension.objects.exists()


def test_an_approval_after_the_old_deadline_is_refused_the_request_lapses(handling, people):
    ask(handling, people)
    with pytest.raises(TransitionError, match="已失效"):
        services.extension_approve(demand=handling, user=people.street, now=local(2026, 11, 9, 10))
    handling.refresh_from_db()
    assert handling.resolve_due == local(2026, 11, 9, 9, 0)
    services.extension_refuse(
        demand=handling, user=people.street, note="已超时", now=local(2026, 11, 9, 10)
    )
    assert DeadlineExtension.objects.get().status == P.REFUSED


@pytest.mark.parametrize(
    ("due", "reason", "message"),
    [
        ("2026-11-31", "理由", "请填写申请延至的日期（格式：年-月-日"),
        ("下周五", "理由", "请填写申请延至的日期"),
        ("", "理由", "请填写申请延至的日期"),
        ("2026-11-09", "理由", "须晚于现办结时限（2026-11-09 09:00）"),
        ("2026-11-24", "理由", "一次最多延期10个工作日，即不晚于2026-11-23"),
        ("2026-11-20", "  ", "请填写延期理由"),
        ("2026-11-20", "长" * 501, "延期理由不能超过500个字"),
    ],
)
def test_bad_dates_and_reasons_are_refused_in_chinese(handling, people, due, reason, message):
    with pytest.raises(Exception) as err:
        ask(handling, people, due=due, reason=reason)
    assert message in err.value.messages[0]
    assert not DeadlineExtension.objects.exists()


def test_the_furthest_date_is_ten_working_days(handling, people):
    assert deadlines.latest_extension(datetime.date(2026, 11, 9)) == datetime.date(2026, 11, 23)
    assert deadlines.latest_extension(datetime.date(2026, 11, 13)) == datetime.date(2026, 11, 27)
    assert ask(handling, people, due="2026-11-23").requested_due == local(2026, 11, 23, 9, 0)


def test_only_the_handler_asks_and_only_the_dispatcher_decides(handling, people):
    for outsider in (people.street, people.grid2, people.dept, people.resident):
        with pytest.raises(ActionForbidden):
            ask(handling, people, user=outsider)
    ask(handling, people)
    for outsider in (people.grid1, people.community, people.dept, people.resident):
        with pytest.raises(ActionForbidden):
            services.extension_approve(demand=handling, user=outsider, now=local(2026, 11, 6))
        with pytest.raises(ActionForbidden):
            services.extension_refuse(
                demand=handling, user=outsider, note="不", now=local(2026, 11, 6)
            )
    assert DeadlineExtension.objects.get().status == P.PENDING


def test_after_a_reassignment_the_old_units_request_can_only_be_refused(handling, people, world):
    ask(handling, people)
    services.demand_reassign(
        demand=handling,
        user=people.street,
        unit=HandlingUnit.of_grid(world.grid2),
        now=local(2026, 11, 5, 12),
    )
    with pytest.raises(TransitionError, match="不能执行“批准延期”"):  # to be signed anew
        services.extension_approve(demand=handling, user=people.street, now=local(2026, 11, 5, 13))
    services.demand_sign(demand=handling, user=people.grid2, now=local(2026, 11, 5, 13))
    with pytest.raises(TransitionError, match="不再承办"):
        services.extension_approve(demand=handling, user=people.street, now=local(2026, 11, 5, 14))
    handling.refresh_from_db()
    assert handling.resolve_due == local(2026, 11, 9, 9, 0)
    services.extension_refuse(
        demand=handling, user=people.street, note="已改派", now=local(2026, 11, 5, 13)
    )
    assert DeadlineExtension.objects.get().status == P.REFUSED


def test_a_decision_without_a_request_is_a_conflict(handling, people):
    with pytest.raises(TransitionError, match="没有待审批的延期申请"):
        services.extension_approve(demand=handling, user=people.street, now=local(2026, 11, 6))


def test_no_request_before_signing(submit, people, t0):
    d = submit(user=people.resident, at=t0)  # dispatched, not signed
    with pytest.raises(TransitionError, match="不能执行"):
        ask(d, people, at=t0 + H)


# --- the demand page ---------------------------------------------------------------------


def test_web_request_and_decision(handling, people, client_for, settings):
    d = handling
    url = f"/demands/{d.pk}/act/"
    worker, street = client_for(people.grid1), client_for(people.street)
    page = worker.get(f"/demands/{d.pk}/").content.decode()
    assert f'action="{url}extend_request/"' in page
    assert 'min="2026-11-10" max="2026-11-23"' in page and "10 个工作日" in page
    assert "extend_approve" not in page

    # (the page's clock is now: these run in real time, so give a deadline ahead of it)
    Demand.objects.filter(pk=d.pk).update(resolve_due=timezone.now() + 2 * H)
    due = timezone.localtime(timezone.now() + 2 * H).date() + datetime.timedelta(days=3)
    too_late = due + datetime.timedelta(days=30)
    bad = worker.post(f"{url}extend_request/", {"due": too_late.isoformat(), "note": "需要时间"})
    assert bad.status_code == 400
    assert "一次最多延期10个工作日" in bad.content.decode()
    missing = worker.post(f"{url}extend_request/", {"due": due.isoformat()})
    assert missing.status_code == 400 and "请填写延期理由" in missing.content.decode()
    garbled = worker.post(f"{url}extend_request/", {"due": "明天", "note": "需要时间"})
    assert garbled.status_code == 400 and "年-月-日" in garbled.content.decode()
    assert not DeadlineExtension.objects.exists()
    ok = worker.post(f"{url}extend_request/", {"due": due.isoformat(), "note": "需要时间"})
    assert ok.status_code == 302
    assert DeadlineExtension.objects.get().status == P.PENDING
    page = street.get(f"/demands/{d.pk}/").content.decode()
    assert 'id="pending-extension"' in page and "需要时间" in page
    assert f'action="{url}extend_approve/"' in page and f'action="{url}extend_refuse/"' in page
    assert f'action="{url}extend_request/"' not in worker.get(f"/demands/{d.pk}/").content.decode()

    assert worker.post(f"{url}extend_approve/").status_code == 403
    assert client_for(people.grid3).post(f"{url}extend_approve/").status_code == 404
    assert client_for(people.resident_b).get(f"/demands/{d.pk}/").status_code == 404
    assert street.post(f"{url}extend_refuse/", {"note": ""}).status_code == 400
    assert street.post(f"{url}extend_approve/", {"note": "同意"}).status_code == 302
    d.refresh_from_db()
    assert timezone.localtime(d.resolve_due).date() == due
    assert street.post(f"{url}extend_approve/").status_code == 409  # nothing pending now


# --- the API -----------------------------------------------------------------------------


@pytest.fixture
def api():
    def _api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return _api


def test_api_request_and_decision(handling, people, api):
    d = handling
    Demand.objects.filter(pk=d.pk).update(resolve_due=timezone.now() + 2 * H)
    due = timezone.localtime(timezone.now() + 2 * H).date() + datetime.timedelta(days=2)
    worker, street = api(people.grid1), api(people.street)
    base = f"/api/v1/demands/{d.pk}"

    r = worker.post(f"{base}/extend_request/", {"note": "需要时间", "due": "2026-13-01"}, "json")
    assert r.status_code == 400 and "日期格式应为" in r.json()["due"][0]
    r = worker.post(f"{base}/extend_request/", {"note": "需要时间"}, "json")
    assert r.status_code == 400 and "请填写申请延至的日期" in r.json()["detail"][0]
    r = street.post(f"{base}/extend_request/", {"note": "x", "due": due.isoformat()}, "json")
    assert r.status_code == 403
    r = api(people.grid3).post(f"{base}/extend_request/", {"note": "x", "due": str(due)}, "json")
    assert r.status_code == 404

    r = worker.post(f"{base}/extend_request/", {"note": "需要时间", "due": str(due)}, "json")
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    pending = street.get(f"{base}/").json()["pending_extension"]
    assert pending["status"] == "pending" and pending["reason"] == "需要时间"
    r = worker.post(f"{base}/extend_request/", {"note": "再次", "due": str(due)}, "json")
    assert r.status_code == 409 and "待审批" in r.json()["detail"]

    assert worker.post(f"{base}/extend_approve/", {}, "json").status_code == 403
    r = street.post(f"{base}/extend_approve/", {"note": "同意"}, "json")
    assert r.status_code == 200
    assert timezone.localtime(parse_datetime(r.json()["resolve_due"])).date() == due
    assert street.get(f"{base}/").json()["pending_extension"] is None
    kinds = [e["kind"] for e in street.get(f"{base}/").json()["events"]]
    assert kinds[-2:] == ["extension_requested", "extension_approved"]


def test_api_schema_names_the_new_actions_and_the_date(db, api, people):
    schema = api(people.street).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    body = schema.json()
    op = body["paths"]["/api/v1/demands/{id}/{action}/"]["post"]
    actions = next(p for p in op["parameters"] if p["name"] == "action")["schema"]["enum"]
    assert {"progress", "extend_request", "extend_approve", "extend_refuse"} <= set(actions)
    assert {"400", "403", "404", "409"} <= set(op["responses"])
    action_body = body["components"]["schemas"]["Action"]["properties"]
    assert action_body["due"]["format"] == "date"


def test_a_pending_request_waits_in_the_dispatchers_queue_and_leaves_it_once_decided(
    handling, people
):
    d = handling
    assert d.pk not in {x.pk for x in demand_queue(user=people.street)}  # the grid's work
    ask(d, people)
    waiting = {x.pk: x for x in demand_queue(user=people.street)}
    assert d.pk in waiting and waiting[d.pk].extension_pending
    # The handler's card says it too.
    mine = {x.pk: x for x in demand_queue(user=people.grid1)}
    assert mine[d.pk].extension_pending
    services.extension_refuse(
        demand=d, user=people.street, note="可以按期完成", now=local(2026, 11, 6, 9, 0)
    )
    assert d.pk not in {x.pk for x in demand_queue(user=people.street)}
