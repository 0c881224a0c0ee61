"""The contest pages through the scope: the county's organization department runs the
contest; a user of another district gets 404; a township's staff see the contest but do
not manage it (403); a judge reaches only their heats and scores through the sync
endpoint; an entrant sees the results once published; bad input is a Chinese 400."""

import json
import uuid

import pytest
from django.urls import reverse

from banshi.access.models import RoleAssignment
from banshi.contests import services
from banshi.contests.models import ScoreSheet

from .cworld import score

pytestmark = pytest.mark.django_db


def _all_scored(cw):
    for entry, base in zip(cw.entries, range(90, 60, -5), strict=False):
        for judge in cw.judge_users:
            score(cw, entry, judge, base)


def test_the_county_runs_the_contest_and_another_district_sees_nothing(
    cw, login, county_user, other_user
):
    county = login(county_user)
    page = county.get(f"/contests/{cw.contest.pk}/")
    assert page.status_code == 200
    assert "大学东路街道复赛" in page.content.decode()
    assert "0/30" in page.content.decode()  # coverage: sheets in / expected
    other = login(other_user)
    assert other.get(f"/contests/{cw.contest.pk}/").status_code == 404
    assert other.get(f"/contests/heats/{cw.heat.pk}/").status_code == 404
    assert other.post(f"/contests/heats/{cw.heat.pk}/close/").status_code == 404
    assert "2026年比武争星" not in other.get("/contests/").content.decode()


def test_closing_and_publishing_as_the_county_and_the_xlsx(cw, login, county_user, street_user):
    county = login(county_user)
    early = county.post(f"/contests/heats/{cw.heat.pk}/close/")
    assert early.status_code == 400 and "未提交" in early.content.decode()
    _all_scored(cw)
    street = login(street_user)
    assert street.get(f"/contests/heats/{cw.heat.pk}/").status_code == 200
    assert street.post(f"/contests/heats/{cw.heat.pk}/close/").status_code == 403
    assert county.post(f"/contests/heats/{cw.heat.pk}/close/").status_code == 302
    assert street.get(f"/contests/heats/{cw.heat.pk}/sheets.xlsx").status_code == 403
    xlsx = county.get(f"/contests/heats/{cw.heat.pk}/sheets.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # Closed but not published: the township's staff do not see the ranking yet.
    assert 'id="heat-ranking"' not in street.get(f"/contests/heats/{cw.heat.pk}/").content.decode()
    assert county.post(f"/contests/heats/{cw.heat.pk}/publish/").status_code == 302
    page = street.get(f"/contests/heats/{cw.heat.pk}/").content.decode()
    assert page.count('class="card-title entrant"') == len(cw.entries)
    assert county.post(f"/contests/heats/{cw.heat.pk}/nonsense/").status_code == 404


def test_a_judge_sees_only_their_heats_and_syncs_a_sheet_once(cw, login, make_user):
    judge = login(cw.judge_users[0])
    page = judge.get("/contests/judge/").content.decode()
    assert "大学东路街道复赛" in page and "赛罕区决赛" not in page
    assert judge.get(f"/contests/{cw.contest.pk}/").status_code == 404
    assert judge.get(f"/contests/heats/{cw.final_heat.pk}/").status_code == 404
    body = {
        "client_id": str(uuid.uuid4()),
        "entry": cw.entries[0].pk,
        "scores": {str(cw.item1.pk): "50.5", str(cw.item2.pk): "30"},
    }
    send = lambda b: judge.post(  # noqa: E731
        "/contests/judge/sync/", json.dumps(b), content_type="application/json"
    )
    first = send(body)
    assert first.status_code == 201 and first.json()["total"] == "80.50"
    assert send(body).status_code == 200
    assert ScoreSheet.objects.count() == 1
    twice = send(body | {"client_id": str(uuid.uuid4())})
    assert twice.status_code == 400 and "不能更改" in twice.json()["error"]
    bad = send(
        body
        | {
            "client_id": str(uuid.uuid4()),
            "entry": cw.entries[1].pk,
            "scores": {str(cw.item1.pk): "99"},
        }
    )
    assert bad.status_code == 400 and "分之间" in bad.json()["error"]
    stranger = login(make_user("stranger"))
    refused = stranger.post(
        "/contests/judge/sync/", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 403 and "评委" in refused.json()["error"]
    assert send("not a dict").status_code == 400


def test_an_entrant_sees_the_results_once_published(cw, login, make_user):
    member = cw.members[0]
    user = make_user("entrant")
    RoleAssignment.objects.create(user=user, role="resident", resident=member.resident)
    client = login(user)
    assert client.get(f"/contests/heats/{cw.heat.pk}/").status_code == 404
    _all_scored(cw)
    services.heat_close(heat=cw.heat)
    assert client.get(f"/contests/heats/{cw.heat.pk}/").status_code == 404
    services.heat_publish(heat=cw.heat)
    page = client.get(f"/contests/heats/{cw.heat.pk}/")
    assert page.status_code == 200 and str(member) in page.content.decode()
    assert 'id="heat-judges"' not in page.content.decode()


def test_the_form_creates_a_contest_and_bad_input_is_a_chinese_400(world, login, county_user):
    client = login(county_user)
    data = {
        "title": "比武争星",
        "year": 2026,
        "region": world.district.code,
        "organizer_name": "赛罕区委组织部",
        "items": "实绩,60,60\n演讲,30,40",
    }
    bad = client.post("/contests/new/", data)
    assert bad.status_code == 400 and "权重之和须为100" in bad.content.decode()
    outside = client.post("/contests/new/", data | {"region": world.other_district.code})
    assert outside.status_code == 400 and "区划不存在" in outside.content.decode()
    good = client.post("/contests/new/", data | {"items": "实绩,60,60\n演讲,40,40"})
    assert good.status_code == 302


def test_a_sheet_left_on_a_shared_tablet_by_another_judge_is_refused(cw, login):
    """The outbox names the account each sheet was made under: a sheet of judge A synced
    while judge B is signed in is refused (403) and stored for nobody."""
    client = login(cw.judge_users[1])
    body = {
        "client_id": str(uuid.uuid4()),
        "entry": cw.entries[0].pk,
        "scores": {str(cw.item1.pk): 50, str(cw.item2.pk): 30},
        "judge": cw.judge_users[0].pk,
    }
    url = reverse("contests:sheet_sync")
    refused = client.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 403 and "另一位评委" in refused.json()["error"]
    assert not ScoreSheet.objects.exists()
    body["judge"] = cw.judge_users[1].pk
    stored = client.post(url, json.dumps(body), content_type="application/json")
    assert stored.status_code == 201
