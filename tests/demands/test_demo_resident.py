"""The demo's resident account has demands of their own, one in each state a resident's
workbench shows: rated, resolved and waiting for their rating, still being handled."""

import datetime

from django.utils import timezone

from banshi.access.models import Department
from banshi.access.scope import restrict
from banshi.demands.demo import build_demo_demands
from banshi.demands.models import Demand
from banshi.demands.selectors import demand_queue

NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 18, 0))


def test_the_demo_resident_has_a_demand_in_each_state(world, make_user):
    Department.objects.create(name="热力公司")
    resident = world.residents[world.grid1.code][0]
    user = make_user("demo_resident", "resident", resident=resident)
    build_demo_demands(world.street, seed=7, now=NOW, count=60, days=60)
    theirs = restrict(Demand.objects.all(), user)
    assert sorted(theirs.values_list("state", flat=True)) == ["in_progress", "rated", "resolved"]
    assert all(d.reporter_resident_id == resident.pk for d in theirs)
    # The one owing a rating is on their workbench's queue.
    owed = [d.state for d in demand_queue(user=user)]
    assert owed == ["resolved"]
