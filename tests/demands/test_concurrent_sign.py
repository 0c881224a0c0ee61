"""Two handlers signing the same demand at once: exactly one succeeds. The service's
UPDATE ... WHERE state = 'dispatched' decides; its row count names the winner."""

import datetime
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from banshi.demands import services
from banshi.demands.models import Demand, DemandEvent
from banshi.demands.services import _base
from banshi.demands.workflow import TransitionError

H = datetime.timedelta(hours=1)


def test_a_stale_copy_cannot_sign_again(world, people, submit, t0, make_user):
    d = submit(user=people.resident)
    other_worker = make_user("grid1b", "grid_worker", grid=world.grid1)
    first = Demand.objects.get(pk=d.pk)
    second = Demand.objects.get(pk=d.pk)  # read before the first signs: still "dispatched"
    services.demand_sign(demand=first, user=people.grid1, now=t0 + H)
    with pytest.raises(TransitionError):
        services.demand_sign(demand=second, user=other_worker, now=t0 + H)
    assert Demand.objects.get(pk=d.pk).state == Demand.State.SIGNED
    signed = DemandEvent.objects.filter(demand=d, kind=DemandEvent.Kind.SIGNED)
    assert [e.user for e in signed] == [people.grid1]


def test_the_conditional_update_decides(world, people, submit, t0):
    """The race itself: both read "dispatched", the other commits first, then this one's
    UPDATE ... WHERE state = 'dispatched' changes no row and the transition is refused."""
    d = submit(user=people.resident)
    mine = Demand.objects.get(pk=d.pk)
    Demand.objects.filter(pk=d.pk).update(state=Demand.State.SIGNED)  # the other handler
    with pytest.raises(TransitionError, match="已被他人更改为“已签收”"):
        _base._move(mine, "sign", at=t0 + H, signed_at=t0 + H)
    assert Demand.objects.get(pk=d.pk).signed_at is None


@pytest.mark.django_db(transaction=True)
def test_two_threads_signing_at_once_one_wins(world, people, submit, t0, make_user):
    d = submit(user=people.resident)
    workers = [people.grid1, make_user("grid1b", "grid_worker", grid=world.grid1)]
    barrier = threading.Barrier(len(workers))
    outcomes = []

    def sign(user):
        try:
            copy = Demand.objects.get(pk=d.pk)
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    services.demand_sign(demand=copy, user=user, now=t0 + H)
                    outcomes.append("ok")
                    return
                except OperationalError as exc:
                    # SQLite's shared in-memory test database answers "table is locked"
                    # instead of waiting (busy_timeout does not apply): wait and retry,
                    # as a file database or PostgreSQL would have waited for the lock.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
            outcomes.append("timeout")
        except TransitionError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign, args=(u,)) for u in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert DemandEvent.objects.filter(demand=d, kind=DemandEvent.Kind.SIGNED).count() == 1
    assert Demand.objects.get(pk=d.pk).state == Demand.State.SIGNED
