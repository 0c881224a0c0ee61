"""The villages pages and their access: a township sees its villages, a village secretary
their own, the county decides and edits; outside the scope a village, a candidate or a
review member is 404; a write by someone who only sees it is 403; bad input re-renders
with its message and 400."""

import io

import openpyxl
import pytest

from banshi.villages import services
from banshi.villages.models import ReserveCadre
from tests.villages.conftest import person


def test_the_village_page_by_role(places, users, login):
    a, b = places.a, places.b
    services.villager_seat_fill(
        village=a.region,
        resident=a.secretary.member.resident,
        post="director",
        started_on="2021-03-20",
    )
    url = f"/villages/{a.region.code}/"
    for user in (users.county, users.town, users.secretary):
        r = login(user).get(url)
        assert r.status_code == 200
        assert a.secretary.member.resident.name in r.content.decode()
        assert "一肩挑" in r.content.decode()
    assert login(users.other_town).get(url).status_code == 404
    assert login(users.secretary).get(f"/villages/{b.region.code}/").status_code == 404
    assert login(users.county).get(f"/villages/{places.town.code}/").status_code == 404
    assert 'id="reserve-form"' in login(users.county).get(url).content.decode()
    assert 'id="reserve-form"' not in login(users.town).get(url).content.decode()
    index = login(users.secretary).get("/villages/").content.decode()
    assert a.region.name in index and b.region.name not in index


def test_adding_a_reserve_cadre(places, users, login):
    a = places.a
    candidate = a.members[4].resident
    url = f"/villages/{a.region.code}/reserve/"
    form = {
        "resident": candidate.pk,
        "education": "college",
        "political_status": "member",
        "added_on": "2026-02-01",
        "measures": "跟班学习",
    }
    assert login(users.town).post(url, form).status_code == 403
    assert login(users.secretary).post(url, form).status_code == 403
    assert login(users.other_town).post(url, form).status_code == 404
    bad = login(users.county).post(url, form | {"education": "phd"})
    assert bad.status_code == 400 and "学历无效" in bad.content.decode()
    stranger = login(users.county).post(url, form | {"resident": person("外村人").pk})
    assert stranger.status_code == 400 and "请从本村人员中选择" in stranger.content.decode()
    assert login(users.county).post(url, form | {"resident": "x"}).status_code == 400
    assert login(users.county).post(url, form).status_code == 302
    cadre = ReserveCadre.objects.get()
    assert cadre.resident == candidate and cadre.branch == a.branch
    status = f"/villages/reserve/{cadre.pk}/status/"
    assert login(users.other_town).post(status, {"status": "left"}).status_code == 404
    r = login(users.county).post(status, {"status": "left", "on": "2026-06-01"})
    assert r.status_code == 400 and "请填写退出原因" in r.content.decode()
    r = login(users.county).post(status, {"status": "joined", "on": "2026-06-01"})
    assert r.status_code == 302
    cadre.refresh_from_db()
    assert cadre.status == "joined"


@pytest.fixture
def review(places):
    return services.review_round_open(county=places.county, year=2026, started_on="2026-03-10")


def test_the_joint_review_page_and_its_actions(places, users, login, review):
    url = f"/villages/reviews/{review.pk}/"
    county = login(users.county).get(url).content.decode()
    for v in (places.a, places.b, places.c):
        assert v.secretary.member.resident.name in county
    town = login(users.town).get(url)
    assert town.status_code == 200
    assert places.c.secretary.member.resident.name not in town.content.decode()
    subject = review.subjects.get(village=places.c.region)
    act = f"/villages/reviews/subjects/{subject.pk}/"
    assert login(users.town).post(act + "decide/", {"result": "qualified"}).status_code == 404
    assert login(users.other_town).post(act + "decide/", {"result": "x"}).status_code == 403
    r = login(users.county).post(act + "opinion/", {"department": "", "opinion": "pass"})
    assert r.status_code == 400 and "请填写联审部门" in r.content.decode()
    r = login(users.county).post(act + "decide/", {"result": "qualified"})
    assert r.status_code == 400 and "尚无联审部门意见" in r.content.decode()
    assert login(users.county).post(act + "nope/").status_code == 404
    ok = login(users.county).post(act + "opinion/", {"department": "县委组织部", "opinion": "pass"})
    assert ok.status_code == 302
    assert login(users.county).post(act + "decide/", {"result": "qualified"}).status_code == 302
    subject.refresh_from_db()
    assert subject.result == "qualified"
    village = login(users.other_town).get(f"/villages/{places.c.region.code}/").content.decode()
    assert 'id="village-reviews"' in village and "县委组织部：通过" in village


def test_the_region_overview_and_the_gap_xlsx(places, users, login):
    for i in range(6):
        services.reserve_add(
            village=places.b.region,
            resident=person(f"后备{i}", "19950505"),
            education="senior",
            political_status="masses",
            added_on="2026-01-05",
        )
    url = f"/regions/{places.county.code}/villages/"
    page = login(users.county).get(url + "?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert "不足3名的村 2 个" in text and "超过5名的村 1 个" in text
    bad = login(users.county).get(url + "?year=20x6")
    assert bad.status_code == 400 and "年度无效" in bad.content.decode()
    assert login(users.other_town).get(url).status_code == 404
    xlsx = login(users.county).get(url + "gap.xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("乡镇", "村", "区划代码", "在库后备人选")
    assert [(r[1], r[3]) for r in rows[1:]] == [("王桂窑村", 0), ("杨家窑村", 6), ("石板沟村", 0)]
    town = login(users.town).get(f"/regions/{places.town.code}/villages/").content.decode()
    assert "石板沟村" not in town


def test_a_post_left_and_filled_from_the_page(places, users, login):
    """The county records a villagers' committee member leaving, then fills the vacancy
    naming it; the township may not; bad input is a 400 with its message."""
    a = places.a
    seat = services.villager_seat_fill(
        village=a.region, resident=a.members[2].resident, post="member", started_on="2021-03-20"
    )
    url = f"/villages/{a.region.code}/seats/"
    county = login(users.county)
    assert 'id="seat-fill"' in county.get(f"/villages/{a.region.code}/").content.decode()
    leave = {"action": "vacate", "seat": seat.pk, "ended_on": "2026-05-01", "reason": "外出务工"}
    assert login(users.town).post(url, leave).status_code == 403
    assert login(users.other_town).post(url, leave).status_code == 404
    no_reason = county.post(url, leave | {"reason": ""})
    assert no_reason.status_code == 400 and "离任原因" in no_reason.content.decode()
    assert county.post(url, leave | {"seat": "99999999999999999"}).status_code == 400
    assert county.post(url, leave).status_code == 302
    page = county.get(f"/villages/{a.region.code}/").content.decode()
    assert "空缺" in page and f'<option value="{seat.pk}">' in _vacancies(page)
    fill = {
        "action": "fill",
        "resident": a.members[3].resident.pk,
        "post": "member",
        "replaces": seat.pk,
        "started_on": "2026-06-01",
    }
    early = county.post(url, fill | {"started_on": "2026-04-01"})
    assert early.status_code == 400 and "不能早于原任离任日期" in early.content.decode()
    stranger = county.post(url, fill | {"resident": person("外村人").pk})
    assert stranger.status_code == 400 and "请从本村人员中选择" in stranger.content.decode()
    assert county.post(url, fill | {"post": "king"}).status_code == 400
    assert county.post(url, {"action": "nothing"}).status_code == 400
    assert county.post(url, fill).status_code == 302
    seat.refresh_from_db()
    assert seat.successor.resident == a.members[3].resident
    page = county.get(f"/villages/{a.region.code}/").content.decode()
    assert f'<option value="{seat.pk}">' not in _vacancies(page)


def _vacancies(page: str) -> str:
    """The options of the "vacancy to fill" select."""
    return page.split('id="s-replaces"', 1)[1].split("</select>", 1)[0]
