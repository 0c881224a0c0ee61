"""POST /fieldwork/sync/visits/: idempotent, scoped, flags moved/removed households."""

import datetime

from django.utils import timezone

from banshi.access.models import AuditEvent
from banshi.fieldwork.models import HomeVisit
from banshi.fieldwork.selectors import covered_q
from banshi.territory.models import Grid, Household, Region

from .conftest import post_json, uid

URL = "/fieldwork/sync/visits/"


def body(household, **kw):
    data = {
        "client_id": uid(),
        "household_id": household.pk,
        "grid_code": household.grid.code,
        "visited_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "met": "户主",
        "situation": "老人独居",
        "needs": [{"kind": "elderly", "note": "需要助餐"}, {"kind": "health"}],
    }
    data.update(kw)
    return data


def test_same_visit_twice_is_stored_once(world, client1):
    h = world.households[world.grid1.code][0]
    data = body(h)
    first = post_json(client1, URL, data)
    second = post_json(client1, URL, data)
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert HomeVisit.objects.count() == 1
    visit = HomeVisit.objects.get()
    assert visit.household == h and visit.grid == world.grid1 and not visit.flagged_for_review
    assert sorted(visit.needs.values_list("kind", flat=True)) == ["elderly", "health"]


def test_household_outside_the_workers_grid_is_refused(world, client1):
    other = world.households[world.grid2.code][0]
    response = post_json(client1, URL, body(other, grid_code=None))
    assert response.status_code == 404
    assert response.json()["error"] == "户不存在或不在您的范围内"
    # claiming another grid's code is refused too
    response = post_json(client1, URL, body(other))
    assert response.status_code == 404
    assert "不是您负责的网格" in response.json()["error"]
    assert HomeVisit.objects.count() == 0


def test_a_visit_in_the_future_is_refused_and_nothing_stored_is_lost(world, client1):
    h = world.households[world.grid1.code][0]
    ok = post_json(client1, URL, body(h))
    assert ok.status_code == 201
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    response = post_json(client1, URL, body(h, visited_at=future))
    assert response.status_code == 400
    assert "晚于当前时间" in response.json()["error"]
    assert HomeVisit.objects.count() == 1
    # a few minutes ahead (a fast phone clock) is accepted
    slightly = (timezone.now() + datetime.timedelta(minutes=2)).isoformat()
    assert post_json(client1, URL, body(h, visited_at=slightly)).status_code == 201


def test_bad_json_and_bad_need_get_chinese_messages(world, client1):
    r = client1.post(URL, data="{not json", content_type="application/json")
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    h = world.households[world.grid1.code][0]
    r = post_json(client1, URL, body(h, needs=[{"kind": "nonsense"}]))
    assert r.status_code == 400 and "未知的需求类型" in r.json()["error"]
    r = post_json(client1, URL, body(h, client_id="not-a-uuid"))
    assert r.status_code == 400 and "记录编号无效" in r.json()["error"]
    assert HomeVisit.objects.count() == 0


def test_visit_for_a_household_moved_meanwhile_is_kept_and_flagged(world, client1):
    h = world.households[world.grid1.code][0]
    data = body(h)  # saved on the phone while h was in grid1
    # moved after the visit (a save, so the audit trail records the move)
    h.grid, h.building, h.unit = world.grid2, None, None
    h.save()
    r = post_json(client1, URL, data)
    assert r.status_code == 201
    assert r.json()["flagged_for_review"] is True
    visit = HomeVisit.objects.get()
    assert visit.flagged_for_review and "迁至" in visit.flag_reason
    assert visit.grid == world.grid1  # stays in the worker's grid


def test_visit_for_a_household_removed_meanwhile_is_kept_and_flagged(world, client1):
    h = world.households[world.grid1.code][1]
    data = body(h, household_label="乌兰社区第一网格1号楼1单元102")
    missing = h.pk
    h.residents.all().delete()
    h.delete()  # removed after the visit was recorded on the phone
    r = post_json(client1, URL, data)
    assert r.status_code == 201
    visit = HomeVisit.objects.get()
    assert visit.household is None and visit.household_ref == missing
    assert visit.flagged_for_review and "注销" in visit.flag_reason
    assert visit.household_label == "乌兰社区第一网格1号楼1单元102"


def test_only_grid_workers_record(world, make_user):
    from django.test import Client

    street = make_user("streetstaff", "street", region=world.street)
    c = Client()
    c.force_login(street)
    h = world.households[world.grid1.code][0]
    r = post_json(c, URL, body(h))
    assert r.status_code == 403 and "网格员" in r.json()["error"]


def test_a_need_becomes_a_demand_of_the_households_grid(world, client1):
    h = world.households[world.grid1.code][0]
    r = post_json(client1, URL, body(h, needs=[{"kind": "employment", "to_demand": True}]))
    assert r.status_code == 201
    need = HomeVisit.objects.get().needs.get()
    assert need.demand is not None
    assert need.demand.grid == world.grid1 and need.demand.household == h
    assert need.demand.channel == "grid_worker"


def _covered(grid) -> int:
    return Household.objects.filter(covered_q(timezone.now()), grid=grid).count()


def test_a_visit_to_another_grid_of_the_street_is_refused_and_not_counted(world, client1):
    other = world.households[world.grid3.code][0]  # another community of the same street
    before = _covered(world.grid3)
    r = post_json(client1, URL, body(other, grid_code=world.grid1.code))
    assert r.status_code == 404
    assert r.json()["error"] == "户不存在或不在您的范围内"
    assert world.grid3.name not in r.content.decode()
    missing = post_json(client1, URL, body(other, grid_code=world.grid1.code, household_id=10**9))
    assert (missing.status_code, missing.json()) == (r.status_code, r.json())
    assert HomeVisit.objects.count() == 0 and _covered(world.grid3) == before


def test_a_visit_to_a_household_of_another_county_is_refused(world, client1):
    street = Region.objects.create(
        code="150102001000", name="别区街道", kind="street", parent=world.other_district
    )
    community = Region.objects.create(
        code="150102001001", name="别区社区", kind="community", parent=street
    )
    grid = Grid.objects.create(code="150102001001001", name="别区网格", community=community)
    far = Household.objects.create(grid=grid, door_number="101", address="别区1号")
    r = post_json(client1, URL, body(far, grid_code=world.grid1.code))
    assert r.status_code == 404 and r.json()["error"] == "户不存在或不在您的范围内"
    assert "别区" not in r.content.decode()
    assert HomeVisit.objects.count() == 0 and _covered(grid) == 0


def test_a_household_moved_before_the_visit_is_refused(world, client1):
    h = world.households[world.grid1.code][0]
    h.grid, h.building, h.unit = world.grid2, None, None
    h.save()  # moved out of grid1 an hour before the recorded visit
    AuditEvent.objects.filter(object_id=str(h.pk)).update(
        at=timezone.now() - datetime.timedelta(hours=2)
    )
    r = post_json(client1, URL, body(h, grid_code=world.grid1.code))
    assert r.status_code == 404
    assert HomeVisit.objects.count() == 0
