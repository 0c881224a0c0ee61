"""The home-page tile of a judge: the heats still open for scoring they are assigned to,
with how many of the heat's entrants they have scored (their own sheets, not the other
judges'), opening the judge's page; gone once the heat closes; no tile for a user who
judges nothing; one query whatever the number of heats."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.contests import services
from banshi.contests.models import Contest, Heat
from banshi.contests.tiles import _judge

from .cworld import score

pytestmark = pytest.mark.django_db


def _tile(page):
    assert page.status_code == 200
    return next((t for t in page.context["tiles"] if t["tile"].key == "contests.judge"), None)


def test_a_judge_sees_their_open_heats_and_their_own_count(cw, login):
    first, second = cw.judge_users[:2]
    for entry in cw.entries[:2]:
        score(cw, entry, first, 80)
    for entry in cw.entries[:5]:
        score(cw, entry, second, 70)
    services.judge_assign(heat=cw.final_heat, judge=first, name="评委1")
    page = login(first).get("/")
    tile = _tile(page)
    assert tile is not None
    rows = {j.heat_id: (j.n_scored, j.n_entries) for j in tile["rows"]}
    assert rows == {cw.heat.pk: (2, len(cw.entries)), cw.final_heat.pk: (0, 0)}
    html = page.content.decode()
    assert 'href="/contests/judge/"' in html
    assert "2026年比武争星 · 乡镇复赛 · 大学东路街道复赛" in html
    assert f"已评 2/{len(cw.entries)}" in html
    second_tile = _tile(login(second).get("/"))
    assert [(j.heat_id, j.n_scored) for j in second_tile["rows"]] == [(cw.heat.pk, 5)]


def test_closed_heats_and_contests_not_open_are_not_shown(cw, login):
    judge = cw.judge_users[0]
    services.judge_assign(heat=cw.final_heat, judge=judge, name="评委1")
    Heat.objects.filter(pk=cw.heat.pk).update(status=Heat.Status.CLOSED)
    tile = _tile(login(judge).get("/"))
    assert [j.heat_id for j in tile["rows"]] == [cw.final_heat.pk]
    Heat.objects.filter(pk=cw.final_heat.pk).update(status=Heat.Status.PUBLISHED)
    assert _tile(login(judge).get("/")) is None
    Heat.objects.update(status=Heat.Status.OPEN)
    Contest.objects.filter(pk=cw.contest.pk).update(status=Contest.Status.DRAFT)
    assert _tile(login(judge).get("/")) is None


def test_no_tile_for_who_judges_nothing_and_their_heat_is_out_of_reach(
    cw, login, county_user, other_user, make_user
):
    assert _tile(login(county_user).get("/")) is None  # runs the contest, judges nothing
    other = login(other_user)
    assert _tile(other.get("/")) is None
    assert other.get(f"/contests/heats/{cw.heat.pk}/").status_code == 404
    nobody = login(make_user("no_role"))
    assert _tile(nobody.get("/")) is None
    assert "您没有需要评分的赛组" in nobody.get("/contests/judge/").content.decode()
    # The judge page's sync refuses one who judges nothing (403) and bad input (400).
    sheet = {"client_id": "9b1f0c4e-5d1a-4a57-9c1e-0d5a8a3e7f10", "entry": cw.entries[0].pk}
    refused = nobody.post("/contests/judge/sync/", data=sheet, content_type="application/json")
    assert refused.status_code == 403 and "不是" in refused.json()["error"]
    sync = login(cw.judge_users[0]).post(
        "/contests/judge/sync/", data="[1]", content_type="application/json"
    )
    assert sync.status_code == 400 and "格式无效" in sync.json()["error"]


def test_the_tile_costs_one_query(cw, rf):
    judge = cw.judge_users[0]
    for heat in (cw.final_heat, cw.city_heat):
        services.judge_assign(heat=heat, judge=judge, name="评委1")
    request = rf.get("/")
    request.user = judge
    with CaptureQueriesContext(connection) as queries:
        context = _judge(request)
    assert len(context["rows"]) == 3 and len(queries) == 1
