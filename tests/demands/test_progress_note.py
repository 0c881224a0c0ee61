"""进展说明: the handler adds a note while handling; the state stays, the note is on the
timeline of the demand page, and the public tracking page shows that there was progress
(its kind and time, like every other step) but not the words, as it shows no note."""

import datetime

import pytest
from rest_framework.test import APIClient

from banshi.demands import services
from banshi.demands.models import Demand, DemandEvent
from banshi.demands.workflow import ActionForbidden, TransitionError

H = datetime.timedelta(hours=1)
NOTE = "已联系产权单位，周三派人更换管道"


@pytest.fixture
def signed(submit, people, t0):
    d = submit(user=people.resident, at=t0)
    services.demand_sign(demand=d, user=people.grid1, now=t0 + H)
    return d


def test_a_note_goes_on_the_timeline_and_the_state_stays(signed, people, t0):
    d = signed
    before = d.events.count()
    services.demand_progress_note(demand=d, user=people.grid1, note=NOTE, now=t0 + 2 * H)
    d.refresh_from_db()
    assert d.state == Demand.State.SIGNED
    assert d.events.count() == before + 1
    e = d.events.order_by("at", "pk").last()
    assert (e.kind, e.note, e.user) == (DemandEvent.Kind.PROGRESS, NOTE, people.grid1)
    assert e.from_state == e.to_state == Demand.State.SIGNED
    services.demand_start(demand=d, user=people.grid1, now=t0 + 3 * H)
    services.demand_progress_note(demand=d, user=people.grid1, note="第二次", now=t0 + 4 * H)
    assert d.events.filter(kind="progress").count() == 2


def test_only_the_handler_while_handling(signed, submit, people, t0):
    for outsider in (people.street, people.grid2, people.resident, people.dept):
        with pytest.raises(ActionForbidden):
            services.demand_progress_note(demand=signed, user=outsider, note=NOTE, now=t0 + H)
    dispatched = submit(user=people.resident_b, grid=2, at=t0)
    with pytest.raises(TransitionError, match="不能执行"):
        services.demand_progress_note(demand=dispatched, user=people.grid3, note=NOTE, now=t0 + H)
    with pytest.raises(Exception, match="请填写进展说明"):
        services.demand_progress_note(demand=signed, user=people.grid1, note=" ", now=t0 + H)
    assert not DemandEvent.objects.filter(kind="progress").exists()


def test_web_page_and_public_tracking(signed, people, client_for, client):
    d = signed
    worker = client_for(people.grid1)
    page = worker.get(f"/demands/{d.pk}/").content.decode()
    assert f'action="/demands/{d.pk}/act/progress/"' in page
    assert worker.post(f"/demands/{d.pk}/act/progress/", {"note": ""}).status_code == 400
    r = worker.post(f"/demands/{d.pk}/act/progress/", {"note": NOTE})
    assert r.status_code == 302
    page = client_for(people.street).get(f"/demands/{d.pk}/").content.decode()
    assert 'class="event event-progress"' in page and NOTE in page
    assert (
        client_for(people.street).post(f"/demands/{d.pk}/act/progress/", {"note": NOTE}).status_code
        == 403
    )
    public = client.get(f"/track/{d.tracking_code}/").content.decode()
    assert "进展说明" in public and NOTE not in public  # the kind, never the words
    d.refresh_from_db()
    assert d.state == Demand.State.SIGNED


def test_api(signed, people):
    api = APIClient()
    api.force_authenticate(people.grid1)
    url = f"/api/v1/demands/{signed.pk}/progress/"
    r = api.post(url, {"note": ""}, format="json")
    assert r.status_code == 400 and "请填写进展说明" in r.json()["detail"][0]
    r = api.post(url, {"note": NOTE}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "signed"
    events = api.get(f"/api/v1/demands/{signed.pk}/").json()["events"]
    assert events[-1]["kind"] == "progress" and events[-1]["note"] == NOTE
