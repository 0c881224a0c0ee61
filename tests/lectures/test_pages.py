"""The lecture pages: a team's page, a region's list with its filters and figures, and the
form; 200 inside the scope, 404 outside, 400 with a message for bad input."""

import datetime

from banshi.lectures.models import Lecture

from .conftest import talk


def test_team_page_lists_its_talks_inside_the_scope_only(
    world, team, street_user, other_user, login
):
    talk(world.community, team=team, topic="铸牢中华民族共同体意识")
    page = login(street_user).get(f"/lectures/teams/{team.pk}/")
    assert page.status_code == 200
    assert "铸牢中华民族共同体意识" in page.content.decode()
    assert login(other_user).get(f"/lectures/teams/{team.pk}/").status_code == 404
    assert login(street_user).get("/lectures/teams/987654/").status_code == 404


def test_index_lists_the_teams_in_scope(world, team, street_user, other_user, login):
    assert team.name in login(street_user).get("/lectures/").content.decode()
    assert team.name not in login(other_user).get("/lectures/").content.decode()


def test_region_page_filters_by_venue_and_period(world, team, street_user, login):
    talk(world.community, team=team, topic="杏园宣讲")
    talk(world.community, team=team, topic="校园宣讲", venue_kind=Lecture.VenueKind.SCHOOL)
    talk(world.community, team=team, topic="去年宣讲", day=datetime.date(2025, 4, 23))
    c = login(street_user)
    url = f"/regions/{world.street.code}/lectures/"
    page = c.get(url, {"period": "2026-04", "venue": "orchard"}).content.decode()
    assert "杏园宣讲" in page and "校园宣讲" not in page and "去年宣讲" not in page
    assert c.get(url).status_code == 200
    bad = c.get(url, {"period": "April"})
    assert bad.status_code == 400 and "统计期无效" in bad.content.decode()
    assert c.get(url, {"venue": "stadium"}).status_code == 400
    assert c.get("/regions/150102000000/lectures/").status_code == 404


def test_the_form_records_a_talk(world, team, street_user, login):
    c = login(street_user)
    assert c.get("/lectures/new/", {"team": team.pk}).status_code == 200
    data = {
        "region": world.community.code,
        "team": team.pk,
        "speaker_name": "李秀梅",
        "topic": "移风易俗",
        "venue_kind": "moral_hall",
        "place": "道德讲堂",
        "held_on": "2026-04-23",
        "audience_size": "45",
        "audience_kind": "villagers",
    }
    r = c.post("/lectures/new/", data)
    assert r.status_code == 302 and r["Location"] == f"/regions/{world.community.code}/lectures/"
    lecture = Lecture.objects.get()
    assert (lecture.team, lecture.audience_size, lecture.created_by) == (team, 45, street_user)


def test_the_form_refuses_bad_input_with_a_message(world, team, street_user, login):
    c = login(street_user)
    base = {
        "region": world.community.code,
        "speaker_name": "李秀梅",
        "topic": "移风易俗",
        "venue_kind": "hall",
        "held_on": "2026-04-23",
        "audience_size": "45",
        "audience_kind": "villagers",
        "host_unit": "街道",
    }
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    for changes, message in [
        ({"audience_size": "-5"}, "0"),
        ({"held_on": future}, "宣讲日期不能晚于今天"),
        ({"region": "150102000000"}, "区划不存在"),
        ({"team": "987654"}, "宣讲队"),
    ]:
        r = c.post("/lectures/new/", base | changes)
        assert r.status_code == 400, changes
        assert message in r.content.decode(), changes
    assert not Lecture.objects.exists()
