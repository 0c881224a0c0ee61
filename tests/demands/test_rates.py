"""The three rates: the aggregate queries agree with a recount from the raw timeline
(DemandEvent rows replayed in Python), for every level, on demo data and on a small case
with known numbers; the command and the ranking page show them, each figure linking to
the demands behind it."""

import datetime
import json
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from banshi.demands import rates, selectors, services
from banshi.demands.demo import build_demo_demands
from banshi.demands.models import Demand, DemandEvent
from banshi.demands.units import HandlingUnit
from tests.demands.conftest import walk

H = datetime.timedelta(hours=1)
NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 18, 0))
NOV = (
    timezone.make_aware(datetime.datetime(2026, 11, 1)),
    timezone.make_aware(datetime.datetime(2026, 12, 1)),
)
PREFIX = {"grid": 15, "community": 12, "street": 9, "district": 6}


def replay(events):
    """The state of one demand's figures after its timeline, rebuilt from the events only."""
    s = {
        "unit": "",
        "dispatched_at": None,
        "sign_due": None,
        "signed_at": None,
        "resolve_due": None,
        "resolved_at": None,
        "rating": "",
        "rated_at": None,
        "merged": False,
    }
    for e in events:
        d = e.data
        if e.kind == "submitted":
            s["unit"] = d["desk"]
        elif e.kind in ("dispatched", "reassigned"):
            s.update(
                unit=d["unit"],
                dispatched_at=e.at,
                sign_due=parse_datetime(d["sign_due"]),
                signed_at=None,
                resolve_due=parse_datetime(d["resolve_due"]),
            )
        elif e.kind == "signed":
            s["signed_at"] = e.at
        elif e.kind == "returned":
            s.update(unit=d["desk"], dispatched_at=None, sign_due=None, signed_at=None)
        elif e.kind == "resolved":
            s["resolved_at"] = e.at
        elif e.kind == "rated":
            s.update(rating=d["rating"], rated_at=e.at)
        elif e.kind == "reopened":
            s.update(resolved_at=None, resolve_due=parse_datetime(d["resolve_due"]))
            if e.to_state == "dispatched":
                s.update(dispatched_at=e.at, sign_due=parse_datetime(d["sign_due"]), signed_at=None)
        elif e.kind == "extension_approved":
            s["resolve_due"] = parse_datetime(d["resolve_due"])
        elif e.kind == "merged":
            s["merged"] = True
    return s


def unit_at(level, unit_key):
    kind, _sep, value = unit_key.partition(":")
    if level == "department":
        return unit_key if kind == "department" else None
    if kind in ("", "department") or len(value) < PREFIX[level]:
        return None
    return f"{level}:{value[: PREFIX[level]]}"


def recount(level, bounds):
    start, end = bounds

    def inside(t):
        return t is not None and start <= t < end

    events = defaultdict(list)
    for e in DemandEvent.objects.order_by("at", "pk"):
        events[e.demand_id].append(e)
    counts = defaultdict(lambda: defaultdict(int))
    for timeline in events.values():
        s = replay(timeline)
        unit = unit_at(level, s["unit"])
        if s["merged"] or unit is None:
            continue
        c = counts[unit]
        if inside(s["dispatched_at"]):
            c["dispatched"] += 1
            if s["signed_at"] is not None and s["signed_at"] <= s["sign_due"]:
                c["responded_in_time"] += 1
        if inside(s["resolve_due"]):
            c["due"] += 1
            if s["resolved_at"] is not None:
                c["resolved"] += 1
        if inside(s["rated_at"]) and s["rating"]:
            c["rated"] += 1
            if s["rating"] in ("satisfied", "basic"):
                c["satisfied"] += 1
    return {u: dict(c) for u, c in counts.items() if any(c.values())}


FIGS = ("dispatched", "responded_in_time", "due", "resolved", "rated", "satisfied")


def computed(level, period="2026-11", **kw):
    return {
        r.unit.key: {f: getattr(r, f) for f in FIGS if getattr(r, f)}
        for r in rates.unit_rates(level=level, period=period, **kw)
    }


@pytest.fixture
def demo(world, dept, dept2):
    from banshi.access.models import Department

    Department.objects.create(name="热力公司")
    return build_demo_demands(world.street, seed=7, now=NOW, count=400, days=120)


def test_ranking_of_demo_street_matches_a_recount_from_events(demo):
    assert demo.demands == 400
    for level in ("grid", "community", "street", "department"):
        expected = recount(level, NOV)
        assert expected, f"the demo month has {level} figures"
        assert computed(level) == expected, level
    # the demo covers every state that lasts, every channel, and the unhappy paths
    states = set(Demand.objects.values_list("state", flat=True))
    assert {"closed", "resolved", "in_progress", "merged"} <= states
    # Every channel but the riders' (their demands come from their own demo, demo.riders).
    channels = set(Demand.Channel.values) - {Demand.Channel.RIDER}
    assert set(Demand.objects.values_list("channel", flat=True)) == channels
    assert Demand.objects.filter(escalation_level__gt=0).exists()
    assert Demand.objects.filter(whistle_calls__isnull=False).exists()
    assert Demand.objects.filter(rating="unsatisfied").exists()
    assert DemandEvent.objects.filter(kind="returned").exists()
    assert DemandEvent.objects.filter(kind="reopened").exists()
    assert demo.overdue_marked > 0


def test_rates_on_a_known_case(world, people, submit, t0):
    # grid 1: three demands; one signed late, one resolved, rated satisfied / unsatisfied
    a = walk(submit(user=people.resident, at=t0), people, at=t0, rating="satisfied")
    walk(
        submit(user=people.resident, at=t0),
        people,
        at=t0,
        rating="unsatisfied",
        hours=(3, 4, 5, 6),  # signed after 3 h: late
    )
    c = submit(user=people.resident, at=t0)  # dispatched, never signed, due 9 Nov
    # grid 3: one resolved and rated "basic"
    walk(submit(grid=2, user=people.resident_b, at=t0), people, at=t0, rating="basic")
    # a merged duplicate counts nowhere
    dup = submit(user=people.resident, at=t0)
    services.demand_merge(demand=dup, into=a, user=people.street, now=t0 + H)
    rows = {r.unit.key: r for r in rates.unit_rates(level="grid", period="2026-11")}
    g1 = rows["grid:150105001001001"]
    assert (g1.dispatched, g1.responded_in_time) == (3, 1)
    assert (g1.due, g1.resolved) == (3, 2)
    assert (g1.rated, g1.satisfied) == (2, 1)
    assert g1.response_rate == pytest.approx(1 / 3)
    assert g1.score == pytest.approx(100 * (0.30 / 3 + 0.35 * 2 / 3 + 0.35 * 0.5))
    g3 = rows["grid:150105001002001"]
    assert g3.score == pytest.approx(100.0) and g3.rank == 1 and g1.rank == 2
    # a community answers for its grids
    community = {r.unit.key: r for r in rates.unit_rates(level="community", period="2026-11")}
    assert community["community:150105001001"].dispatched == 3
    # the figures' lists are the same demands
    unit = "grid:150105001001001"
    in_time = selectors.demand_list(
        user=people.street, unit=unit, period="2026-11", figure="responded_in_time"
    )
    assert {d.pk for d in in_time} == {a.pk}
    assert c.pk in {
        d.pk
        for d in selectors.demand_list(
            user=people.street, unit=unit, period="2026-11", figure="due"
        )
    }
    assert computed("grid") == recount("grid", NOV)


def test_weights_are_configurable(world, people, submit, t0, settings):
    walk(submit(user=people.resident, at=t0), people, at=t0, rating="unsatisfied")
    settings.BANSHI_RATE_WEIGHTS = {"response": 0, "resolution": 0, "satisfaction": 100}
    [row] = rates.unit_rates(level="grid", period="2026-11")
    assert row.score == 0.0
    settings.BANSHI_RATE_WEIGHTS = (50, 50, 0)
    [row] = rates.unit_rates(level="grid", period="2026-11")
    assert row.score == 100.0


def test_scope_limits_the_ranking(world, people, submit, t0):
    walk(submit(user=people.resident, at=t0), people, at=t0)
    walk(submit(grid=2, user=people.resident_b, at=t0), people, at=t0)
    mine = rates.unit_rates(level="grid", period="2026-11", user=people.grid1)
    assert [r.unit.key for r in mine] == ["grid:150105001001001"]
    assert len(rates.unit_rates(level="grid", period="2026-11", user=people.street)) == 2
    assert rates.unit_rates(level="grid", period="2026-11", user=people.nobody) == []


def test_rates_command_json(world, people, submit, t0):
    walk(submit(user=people.resident, at=t0), people, at=t0)
    out = StringIO()
    call_command("rates", "--period", "2026-11", "--level", "community", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["period"] == "2026-11" and data["level"] == "community"
    [row] = data["units"]
    assert row["unit"] == "community:150105001001" and row["name"] == "乌兰社区"
    assert row["response_rate"] == 1.0 and row["score"] == 100.0
    text = StringIO()
    call_command("rates", "--period", "2026-11", "--level", "grid", stdout=text)
    assert "乌兰社区第一网格" in text.getvalue() and "响应率" in text.getvalue()


@pytest.mark.parametrize("period", ["2026-13", "26-11", "november", ""])
def test_bad_period_is_refused(db, period):
    with pytest.raises(Exception, match="YYYY-MM"):
        rates.unit_rates(level="grid", period=period)


def test_unit_figures_match_the_ranking_row(world, people, submit, t0):
    walk(submit(user=people.resident, at=t0), people, at=t0, rating="basic")
    [row] = rates.unit_rates(level="community", period="2026-11")
    one = rates.unit_figures(unit=HandlingUnit.territorial("150105001001"), period="2026-11")
    assert {f: getattr(one, f) for f in FIGS} == {f: getattr(row, f) for f in FIGS}
