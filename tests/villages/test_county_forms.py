"""The county's forms of villages: the page that opens a county's joint review, a region's
training courses and a course's page (sessions, and the sign-in of the village
secretaries). The county's organization department writes; a township in scope is refused
with 403, a region or course out of scope is 404, bad input is a 400 with its message and
writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from banshi.organizations.services import committee_seat_vacate
from banshi.territory.models import Region
from banshi.villages import selectors, services
from banshi.villages.models import Course, CourseAttendance, ReviewRound, Session


def _text(response) -> str:
    return response.content.decode()


# --- the joint review ----------------------------------------------------------------


def test_the_county_opens_a_round_from_its_form(places, users, login):
    county = login(users.county)
    url = reverse("villages:review_new", args=[places.county.code])
    form = county.get(url)
    assert form.status_code == 200 and 'id="review-new"' in _text(form)
    region_page = _text(county.get(reverse("villages:region", args=[places.county.code])))
    assert url in region_page
    good = {"year": "2026", "started_on": "2026-03-10", "title": ""}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for bad, message in (
        ({"year": "20x6"}, "年度无效"),
        ({"year": ""}, "年度无效"),
        ({"year": "1999"}, "年度无效"),
        ({"started_on": "2026-13-01"}, "请填写有效的开始日期"),
        ({"started_on": tomorrow}, "开始日期不能晚于今天"),
        ({"title": "联" * 101}, "名称不能超过100个字"),
    ):
        refused = county.post(url, {**good, **bad})
        assert refused.status_code == 400 and message in _text(refused), bad
    assert not ReviewRound.objects.exists()
    made = county.post(url, good)
    review = ReviewRound.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse(
        "villages:review", args=[review.pk]
    )
    assert review.county == places.county and review.year == 2026
    assert review.started_on == datetime.date(2026, 3, 10)
    assert review.title == "清水河县2026年村“两委”成员联审"
    assert review.subjects.count() == 3  # the three villages' secretaries
    page = _text(county.get(made["Location"]))
    for v in (places.a, places.b, places.c):
        assert v.secretary.member.resident.name in page
    again = county.post(url, {**good, "started_on": "2026-04-01"})
    assert again.status_code == 400 and "该县本年度已有联审" in _text(again)
    assert ReviewRound.objects.count() == 1
    assert reverse("villages:review", args=[review.pk]) in _text(county.get(url))


def test_only_the_county_opens_a_round(places, users, login, make_user):
    url = reverse("villages:review_new", args=[places.county.code])
    new = {"year": "2026", "started_on": "2026-03-10"}
    # The township sees its villages but does not open the county's review.
    town = login(users.town)
    town_url = reverse("villages:review_new", args=[places.town.code])
    for refused in (town.get(town_url), town.post(town_url, new)):
        assert refused.status_code == 403 and "只有县委组织部可以办理此项" in _text(refused)
        assert 'id="review-new"' not in _text(refused)
    town_page = _text(town.get(reverse("villages:region", args=[places.town.code])))
    assert town_url not in town_page
    # The county itself is outside a township's, a secretary's and another county's scope.
    other = _other_county(make_user, places)
    for user in (users.town, users.secretary, other):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, new).status_code == 404
    # A township has no round of its own to open, even for the county.
    assert login(users.county).get(town_url).status_code == 404
    assert login(users.county).post(town_url, new).status_code == 404
    assert login(users.county).get("/regions/%00/villages/reviews/new/").status_code == 404
    assert not ReviewRound.objects.exists()


def _other_county(make_user, places):
    """The organization department of 托克托县, a county of the same city."""
    other = Region.objects.create(
        code="150122000000", name="托克托县", kind="county", parent=places.county.parent
    )
    return make_user("v_other_county", "district", region=other)


# --- training --------------------------------------------------------------------------


@pytest.fixture
def course(places):
    return services.course_create(
        region=places.county,
        name="2026年头雁领航专题培训班",
        organizer="中共清水河县委组织部",
        year=2026,
    )


def test_the_county_creates_a_course(places, users, login):
    county = login(users.county)
    url = reverse("villages:courses", args=[places.county.code])
    assert reverse("villages:courses", args=[places.county.code]) in _text(
        county.get(reverse("villages:region", args=[places.county.code]))
    )
    form = county.get(url)
    assert form.status_code == 200 and 'id="course-new"' in _text(form)
    good = {"name": "2026年头雁领航专题培训班", "organizer": "中共清水河县委组织部", "year": "2026"}
    for bad, message in (
        ({"name": " "}, "请填写培训班名称"),
        ({"organizer": ""}, "请填写主办单位"),
        ({"year": "二〇二六"}, "年度无效"),
        ({"year": "1999"}, "年度无效"),
        ({"name": "培训\x00班"}, "无效字符"),
    ):
        refused = county.post(url, {**good, **bad})
        assert refused.status_code == 400 and message in _text(refused), bad
    assert not Course.objects.exists()
    made = county.post(url, good)
    course = Course.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse(
        "villages:course", args=[course.pk]
    )
    assert (course.region, course.name, course.year) == (places.county, good["name"], 2026)
    listed = _text(county.get(url))
    assert good["name"] in listed and made["Location"] in listed


def test_a_township_reads_its_courses_and_writes_none(places, users, login, course):
    town = login(users.town)
    # The county's list and course are outside the township's scope.
    assert town.get(reverse("villages:courses", args=[places.county.code])).status_code == 404
    assert town.get(reverse("villages:course", args=[course.pk])).status_code == 404
    assert town.post(reverse("villages:course", args=[course.pk]), {}).status_code == 404
    # A course the county holds for the township: the township reads it, writes nothing.
    local = services.course_create(
        region=places.town, name="城关镇书记培训", organizer="城关镇党委", year=2026
    )
    own = town.get(reverse("villages:courses", args=[places.town.code]))
    assert own.status_code == 200 and "城关镇书记培训" in _text(own)
    assert course.name not in _text(own) and 'id="course-new"' not in _text(own)
    new = {"name": "城关镇第二期", "organizer": "城关镇党委", "year": "2026"}
    refused = town.post(reverse("villages:courses", args=[places.town.code]), new)
    assert refused.status_code == 403 and "只有县委组织部可以办理此项" in _text(refused)
    page = town.get(reverse("villages:course", args=[local.pk]))
    assert page.status_code == 200 and 'id="session-new"' not in _text(page)
    session = {"action": "session", "held_on": "2026-03-18", "hours": "4", "topic": "乡村振兴"}
    refused = town.post(reverse("villages:course", args=[local.pk]), session)
    assert refused.status_code == 403 and "只有县委组织部可以办理此项" in _text(refused)
    assert Course.objects.count() == 2 and not Session.objects.exists()
    assert (
        login(users.other_town).get(reverse("villages:course", args=[local.pk])).status_code == 404
    )
    assert town.get("/regions/%00/villages/courses/").status_code == 404


def test_sessions_added_from_the_course_page(places, users, login, course):
    county = login(users.county)
    url = reverse("villages:course", args=[course.pk])
    page = county.get(url)
    assert page.status_code == 200 and 'id="session-new"' in _text(page)
    good = {"action": "session", "held_on": "2026-03-18", "hours": "4", "topic": "党的二十大精神"}
    for bad, message in (
        ({"hours": "四"}, "学时须为数字"),
        ({"hours": "13"}, "学时须大于0"),
        ({"held_on": "2025-03-18"}, "培训日期须在培训班年度内"),
        ({"held_on": "x"}, "请填写有效的培训日期"),
        ({"topic": ""}, "请填写专题"),
        ({"action": "nope"}, "操作无效"),
    ):
        refused = county.post(url, {**good, **bad})
        assert refused.status_code == 400 and message in _text(refused), bad
    assert not Session.objects.exists()
    made = county.post(url, {**good, "place": "县委党校"})
    assert made.status_code == 302 and made["Location"] == url
    session = Session.objects.get()
    assert (session.course, session.hours, session.place) == (course, Decimal("4.0"), "县委党校")
    text = _text(county.get(url))
    assert "党的二十大精神" in text and "县委党校" in text and f'id="session-{session.pk}"' in text


def test_secretaries_signed_in_per_session(places, users, login, course):
    a, b, c = places.a, places.b, places.c
    # B's secretary left before the session: on its day he is no secretary to sign in.
    committee_seat_vacate(seat=b.secretary, ended_on="2026-04-01", note="调任")
    session = services.session_add(
        course=course, held_on="2026-05-22", hours="3.5", topic="乡村振兴"
    )
    other = services.session_add(
        course=services.course_create(
            region=places.county, name="另一期", organizer="县委组织部", year=2026
        ),
        held_on="2026-05-22",
        hours="2",
        topic="x",
    )
    county = login(users.county)
    url = reverse("villages:course", args=[course.pk])

    def pair(village):
        return f"{village.region.pk}-{village.secretary.member.resident_id}"

    offered = _text(county.get(url))
    assert f'value="{pair(a)}"' in offered and f'value="{pair(c)}"' in offered
    assert f'value="{pair(b)}"' not in offered
    sign = {"action": "attendance", "session": session.pk}
    for bad, message in (
        ({"attendee": pair(b)}, "请选择培训当日的村党组织书记"),
        ({"attendee": f"{a.region.pk}-{a.members[1].resident_id}"}, "请选择培训当日的村党组织书记"),
        (
            {"attendee": f"{c.region.pk}-{a.secretary.member.resident_id}"},
            "请选择培训当日的村党组织书记",
        ),
        ({"attendee": ""}, "请选择培训当日的村党组织书记"),
        ({"session": "x", "attendee": pair(a)}, "请选择课次"),
        ({"session": other.pk, "attendee": pair(a)}, "请选择课次"),
    ):
        refused = county.post(url, {**sign, **bad})
        assert refused.status_code == 400 and message in _text(refused), bad
    assert not CourseAttendance.objects.exists()
    assert county.post(url, {**sign, "attendee": pair(a)}).status_code == 302
    assert county.post(url, {**sign, "attendee": pair(c)}).status_code == 302
    again = county.post(url, {**sign, "attendee": pair(a)})
    assert again.status_code == 400 and "该学员已登记参训" in _text(again)
    signed = CourseAttendance.objects.filter(session=session).order_by("village__code")
    assert [(x.village, x.resident, x.as_secretary) for x in signed] == [
        (a.region, a.secretary.member.resident, True),
        (c.region, c.secretary.member.resident, True),
    ]
    page = _text(county.get(url))
    assert f'value="{pair(a)}"' not in page  # signed in: no longer offered
    rows = selectors.training_hours(user=users.town, village=a.region)
    assert [(r["resident__name"], r["hours"], r["secretary"]) for r in rows] == [
        (a.secretary.member.resident.name, Decimal("3.5"), 1)
    ]
    assert login(users.town).post(url, {**sign, "attendee": pair(a)}).status_code == 404
