"""A contest in preparation changed by its organizer: name, year, organizer and the score
items (replaced as a whole); township staff are refused (403), bad input is 400 with its
message and changes nothing, and once the contest has begun nothing of it changes (409)."""

from decimal import Decimal

import pytest

from banshi.contests import services
from banshi.contests.models import Contest

pytestmark = pytest.mark.django_db

ITEMS = [("履职成效", 60, 60), ("现场表达", 40, 40)]


@pytest.fixture
def draft(world, county_user):
    return services.contest_create(
        title="头雁比武",
        year=2026,
        region=world.district,
        organizer_name="赛罕区委组织部",
        items=ITEMS,
        user=county_user,
    )


def _form(**over):
    data = {
        "title": "头雁领航比武",
        "year": "2027",
        "organizer_name": "县委组织部",
        "items": "履职成效,50,50\n发展思路,30,30\n答辩,20,20",
    }
    return data | over


def test_the_organizer_edits_a_draft(draft, login, county_user):
    county = login(county_user)
    page = county.get(f"/contests/{draft.pk}/edit/").content.decode()
    assert "履职成效,60,60" in page and "现场表达,40,40" in page  # the items as they are
    assert 'id="contest-edit"' in county.get(f"/contests/{draft.pk}/").content.decode()
    r = county.post(f"/contests/{draft.pk}/edit/", _form())
    assert r.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.year, draft.organizer_name) == ("头雁领航比武", 2027, "县委组织部")
    items = [(i.order, i.name, i.weight, i.max_points) for i in draft.items.all()]
    assert items == [
        (1, "履职成效", Decimal(50), 50),
        (2, "发展思路", Decimal(30), 30),
        (3, "答辩", Decimal(20), 20),
    ]


@pytest.mark.parametrize(
    "over, message",
    [
        ({"items": "履职成效,50,50\n答辩,20,20"}, "权重之和须为100"),
        ({"items": "履职成效,50"}, "名称,权重,满分"),
        ({"items": "履职成效,50,50\n履职成效,50,50"}, "不能重复"),
        ({"title": ""}, "竞赛名称"),
        ({"year": "1999"}, "年度"),
        ({"title": "a\x00b"}, "errorlist"),  # the form refuses a NUL at its field
    ],
)
def test_bad_input_changes_nothing(draft, login, county_user, over, message):
    r = login(county_user).post(f"/contests/{draft.pk}/edit/", _form(**over))
    assert r.status_code == 400
    assert message in r.content.decode()
    draft.refresh_from_db()
    assert draft.title == "头雁比武" and draft.items.count() == 2


def test_only_the_organizer_and_only_before_it_begins(
    draft, login, county_user, street_user, other_user
):
    # A township sees a contest through its heats: a draft without any is not theirs.
    assert login(street_user).post(f"/contests/{draft.pk}/edit/", _form()).status_code == 404
    assert login(other_user).get(f"/contests/{draft.pk}/edit/").status_code == 404
    services.contest_open(contest=draft, user=county_user)
    county = login(county_user)
    r = county.post(f"/contests/{draft.pk}/edit/", _form())
    assert r.status_code == 409 and "不能再修改" in r.content.decode()
    assert 'id="contest-edit"' not in county.get(f"/contests/{draft.pk}/").content.decode()
    draft.refresh_from_db()
    assert draft.title == "头雁比武" and draft.status == Contest.Status.OPEN
    assert county.get("/contests/987654/edit/").status_code == 404


def test_a_township_that_sees_a_contest_may_not_change_it(cw, login, street_user):
    r = login(street_user).post(f"/contests/{cw.contest.pk}/edit/", _form())
    assert r.status_code == 403
    cw.contest.refresh_from_db()
    assert cw.contest.title == "2026年比武争星"
