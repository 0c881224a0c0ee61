"""The queue's two views the workbench opens: only the overdue (?late=1) and only what falls
due before midnight and is not late yet (?due=today); the tile counts the same."""

import datetime

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from banshi.demands import tiles
from banshi.demands.models import Category, Demand
from banshi.demands.services import demand_submit


def _submit(world, text):
    return demand_submit(
        category=Category.objects.get(code="sanitation"),
        description=text,
        channel=Demand.Channel.WEB,
        household=world.households[world.grid1.code][0],
        user=None,
    ).demand


def test_late_and_due_today_views_list_exactly_their_demands(world, make_user, client):
    user = make_user("gw", "grid_worker", grid=world.grid1)
    late, today, later = (_submit(world, t) for t in ("楼道堆物一", "路灯不亮二", "垃圾清运三"))
    now = timezone.now()
    midnight = (timezone.localtime(now) + datetime.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    Demand.objects.filter(pk=late.pk).update(sign_due=now - datetime.timedelta(hours=1))
    Demand.objects.filter(pk=today.pk).update(sign_due=now + (midnight - now) / 2)
    Demand.objects.filter(pk=later.pk).update(sign_due=midnight + datetime.timedelta(hours=3))
    client.force_login(user)
    url = reverse("demands:queue")

    def listed(**query):
        # The table only: the page's unread notifications name demands too.
        html = client.get(url, query).content.decode().split('<table class="demands cards">')[1]
        return {d.tracking_code for d in (late, today, later) if d.tracking_code in html}

    assert listed() == {late.tracking_code, today.tracking_code, later.tracking_code}
    assert listed(late="1") == {late.tracking_code}
    assert listed(due="today") == {today.tracking_code}
    request = RequestFactory().get("/")
    request.user = user
    counts = tiles._queue(request)
    assert (counts["total"], counts["late"], counts["today"]) == (3, 1, 1)
