"""Notifications: the home tile shows the unread count (a recount of the user's rows) and
the latest few, each opening its demand; opening a demand marks what the user was told
about it read, and only the user's own; "全部标为已读" marks only the user's own; the demo
leaves every staff account something unread."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from banshi.access.models import Department, RoleAssignment
from banshi.demands import selectors, services, tiles
from banshi.demands.demo import build_demo_demands
from banshi.demands.models import DeadlineExtension, Notification

H = datetime.timedelta(hours=1)


def unread(user) -> int:
    return Notification.objects.filter(recipient_user=user, read=False).count()


@pytest.fixture
def told(world, people, submit, t0):
    """Seven demands dispatched to grid 1 (its worker is told of each), one of them
    returned to the street (its dispatcher is told) and one resolved (the reporter is
    told): notifications for three users, two of them about the same demand."""
    demands = [
        submit(user=people.resident, at=t0 + i * H, text=f"楼道堆放杂物第{i}处，影响通行")
        for i in range(7)
    ]
    services.demand_return(demand=demands[0], user=people.grid1, reason="错派", now=t0 + 8 * H)
    d = demands[1]
    services.demand_sign(demand=d, user=people.grid1, now=t0 + 8 * H)
    services.demand_start(demand=d, user=people.grid1, now=t0 + 9 * H)
    services.demand_resolve(demand=d, user=people.grid1, note="已清理", now=t0 + 10 * H)
    return demands


def _tile(user):
    request = RequestFactory().get("/")
    request.user = user
    return tiles._notifications(request)


def test_the_tile_counts_what_a_recount_gives_and_lists_the_latest(told, people):
    tile = _tile(people.grid1)
    assert tile["unread"] == unread(people.grid1) == 7
    latest = list(
        Notification.objects.filter(recipient_user=people.grid1, read=False).order_by(
            "-created_at", "-id"
        )[: tiles.NOTIFICATIONS_SHOWN]
    )
    assert tile["latest"] == latest and len(latest) == 5
    assert _tile(people.street)["unread"] == unread(people.street) == 1
    assert _tile(people.grid3) is None  # never told of anything: no tile


def test_the_home_page_shows_the_tile_and_each_item_opens_its_demand(told, people, client_for):
    home = client_for(people.street).get("/").content.decode()
    tile = re.search(
        r'data-tile="demands.notifications">(.*?)</li>\s*(<li class="tile"|</ul>)', home, re.S
    )
    assert tile, "the notifications tile is on the street's home"
    body = tile.group(1)
    assert re.search(rf"data-unread>{unread(people.street)}<", body)
    n = Notification.objects.get(recipient_user=people.street)
    assert f'href="/demands/{n.demand_id}/"' in body


def test_opening_a_demand_marks_only_ones_own_notifications_about_it_read(told, people, client_for):
    d = told[1]  # the grid worker was told of its dispatch, the reporter of its resolution
    assert Notification.objects.filter(demand=d, recipient_user=people.resident, read=False)
    before = unread(people.grid1)
    assert client_for(people.grid1).get(f"/demands/{d.pk}/").status_code == 200
    assert not Notification.objects.filter(demand=d, recipient_user=people.grid1, read=False)
    assert unread(people.grid1) == before - 1  # only this demand's
    assert Notification.objects.filter(demand=d, recipient_user=people.resident, read=False)
    assert _tile(people.grid1)["unread"] == before - 1
    # someone who may not open the demand marks nothing by trying
    assert client_for(people.grid3).get(f"/demands/{d.pk}/").status_code == 404


def test_mark_all_read_marks_only_ones_own(told, people, client_for):
    others = unread(people.street) + unread(people.resident)
    r = client_for(people.grid1).post("/demands/notifications/")
    assert r.status_code == 302
    assert unread(people.grid1) == 0
    assert unread(people.street) + unread(people.resident) == others > 0
    page = client_for(people.grid1).get("/demands/notifications/").content.decode()
    assert "全部标为已读" in page and 'class="unread"' not in page


def test_the_service_never_marks_another_users_rows(told, people):
    theirs = list(
        Notification.objects.filter(recipient_user=people.street).values_list("pk", flat=True)
    )
    assert services.notifications_mark_read(user=people.grid1, ids=theirs) == 0
    assert unread(people.street) == len(theirs)
    assert services.notifications_read_for_demand(user=people.grid1, demand=told[0]) == 1
    assert unread(people.street) == len(theirs)


NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 18, 0))


def test_the_demo_leaves_unread_notifications_for_every_staff_account(world, people, make_user):
    heating = Department.objects.create(name="热力公司")  # the demo's department account's
    make_user("heating", "department", department=heating)
    make_user("district", "district", region=world.district)
    build_demo_demands(world.street, seed=7, now=NOW, count=400, days=120)
    staff = RoleAssignment.objects.exclude(role="resident").values_list("user_id", flat=True)
    users = list(get_user_model().objects.filter(pk__in=staff))
    # a department the demo never sent anything to has nothing to be told of
    idle = [u for u in users if not selectors.demand_list(user=u).exists()]
    assert {u.username for u in idle} <= {"dept", "dept2"}
    assert len(users) - len(idle) >= 9
    for user in set(users) - set(idle):
        tile = _tile(user)
        assert tile is not None and tile["unread"] == unread(user) > 0, user.username
        for n in tile["latest"]:  # each one about a demand the user may open
            assert selectors.demand_list(user=user).filter(pk=n.demand_id).exists()
    # the extension requests wait at the street's desk
    pending = DeadlineExtension.objects.filter(status="pending")
    assert pending.exists()
    assert (
        Notification.objects.filter(
            recipient_user=people.street, kind="ext_requested", read=False
        ).count()
        == pending.count()
    )
    # residents get no invented notice
    assert not Notification.objects.filter(recipient_user=people.resident).exists()
