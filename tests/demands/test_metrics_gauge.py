"""The overdue-demands gauge on /metrics: open demands past their stage's deadline, by stage,
recounted from the records."""

from django.test import Client

from banshi.demands.models import Demand
from banshi.demands.sweep import overdue_counts
from tests.core.test_metrics import families


def _overdue(fams) -> dict:
    return {s.labels["stage"]: s.value for s in fams["banshi_demands_overdue"].samples}


def test_overdue_demands_by_stage(world, submit, t0):
    before = _overdue(families(Client()))
    assert before == {"dispatch": 0.0, "sign": 0.0, "resolve": 0.0}
    demand = submit(at=t0)  # long ago: past its deadlines by now
    after = _overdue(families(Client()))
    assert after == {k: float(v) for k, v in overdue_counts().items()}
    # Recounted by hand: the stage the demand is in decides which deadline counts.
    stage = {"received": "dispatch", "returned": "dispatch", "dispatched": "sign"}.get(
        demand.state, "resolve"
    )
    assert after[stage] >= 1 and sum(after.values()) >= 1
    Demand.objects.filter(pk=demand.pk).update(state=Demand.State.CLOSED)
    assert _overdue(families(Client())) == before
