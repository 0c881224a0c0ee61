"""The home-page tile of red-flag villages: the village's secretary sees their village's
declarations of the current scheme year, each with its step in the chain and a link to its
page, and the flags the village holds (a flag awarded last year included, a revoked one
not); the village's staff see their own village's; a township, the county and a secretary
whose village has nothing see no such tile, and another village's declaration is 404."""

import datetime

import pytest

from banshi.redflags import services
from banshi.redflags.models import Declaration, Flag
from banshi.redflags.tiles import _declarations
from tests.redflags.conftest import DAY, ITEMS, evidence_for

pytestmark = pytest.mark.django_db
S = Declaration.Status
LAST_YEAR_DAY = datetime.date(2025, 3, 3)


def _tile(page):
    assert page.status_code == 200
    return next(
        (t for t in page.context["tiles"] if t["tile"].key == "redflags.declarations"), None
    )


def _declare(scheme, village, flag, on=DAY):
    return services.declaration_submit(
        scheme=scheme, village=village, flag=flag, evidence=evidence_for(scheme, flag), on=on
    )


def _to_notice(d, on=DAY):
    services.declaration_first_review(declaration=d, passed=True, opinion="同意", score=88, on=on)
    services.declaration_decide(declaration=d, passed=True, opinion="同意", on=on)
    return services.declaration_notice(declaration=d, on=on)


def _awarded(d, on):
    d = _to_notice(d, on=on)
    return services.declaration_award(declaration=d, on=d.notice_until + datetime.timedelta(1))


@pytest.fixture
def last_year(places):
    s = services.scheme_create(county=places.county, year=2025, pass_mark=80)
    for flag in Flag.values:
        services.indicators_set(scheme=s, flag=flag, items=ITEMS)
    return s


@pytest.fixture
def records(places, scheme, last_year):
    a = places.a.region
    r = {
        "declared": _declare(scheme, a, Flag.PARTY),
        "reviewed": _declare(scheme, a, Flag.INDUSTRY),
        "notice": _to_notice(_declare(scheme, a, Flag.ECOLOGY)),
        "revoked": _awarded(_declare(scheme, a, Flag.GOVERNANCE), DAY),
        "held_old": _awarded(_declare(last_year, a, Flag.CIVILITY, LAST_YEAR_DAY), LAST_YEAR_DAY),
        "old": _declare(last_year, a, Flag.PARTY, LAST_YEAR_DAY),  # last year's, not shown
        "b": _declare(scheme, places.b.region, Flag.PARTY),
        "c": _declare(scheme, places.c.region, Flag.PARTY),
    }
    services.declaration_first_review(
        declaration=r["reviewed"], passed=True, opinion="同意", score=90, on=DAY
    )
    services.flag_review(
        declaration=r["revoked"], half=1, score=60, opinion="未达标", on="2026-06-25"
    )
    return {k: Declaration.objects.get(pk=d.pk) for k, d in r.items()}


def test_the_secretary_sees_their_villages_declarations_and_flags(places, users, records, login):
    page = login(users.secretary).get("/")
    tile = _tile(page)
    assert tile is not None and len(tile["blocks"]) == 1
    block = tile["blocks"][0]
    assert block["village"] == places.a.region and block["year"] == 2026
    shown = {d.pk: d.status for d in block["declarations"]}
    theirs = Declaration.objects.filter(village=places.a.region, scheme__year=2026)
    assert shown == dict(theirs.values_list("pk", "status"))
    assert shown == {
        records["declared"].pk: S.DECLARED,
        records["reviewed"].pk: S.FIRST_REVIEWED,
        records["notice"].pk: S.IN_NOTICE,
        records["revoked"].pk: S.REVOKED,
    }
    assert [d.pk for d in block["held"]] == [records["held_old"].pk]  # the revoked one is gone
    html = page.content.decode()
    for key in ("declared", "reviewed", "notice", "revoked", "held_old"):
        assert f'href="/redflags/declarations/{records[key].pk}/"' in html, key
    for key in ("old", "b", "c"):
        assert f"/redflags/declarations/{records[key].pk}/" not in html, key
    for label in ("已申报", "乡镇初审通过", "公示中", "已摘牌", "乡风文明红旗村"):
        assert label in html, label
    assert 'data-held="1"' in html and "公示至 2026-03-06" in html


def test_the_villages_staff_see_their_own_village_only(places, users, records, login):
    tile = _tile(login(users.staff).get("/"))
    assert tile is not None
    assert [b["village"] for b in tile["blocks"]] == [places.b.region]
    assert [d.pk for d in tile["blocks"][0]["declarations"]] == [records["b"].pk]
    assert tile["blocks"][0]["held"] == []


def test_no_tile_for_those_with_nothing_or_above_the_village(
    places, users, records, login, make_user
):
    for user in (users.county, users.town, users.other_town):
        assert _tile(login(user).get("/")) is None, user.username
    # A village secretary whose village has declared nothing: no tile.
    Declaration.objects.filter(village=places.c.region).delete()
    quiet = make_user("r_quiet", "party_secretary", party_organization=places.c.branch)
    assert _tile(login(quiet).get("/")) is None
    assert _tile(login(make_user("r_nobody")).get("/")) is None


def test_only_what_the_secretary_may_see(places, users, records, login, rf):
    secretary = login(users.secretary)
    # Another village's declaration, and one that does not exist, are not theirs: 404.
    assert secretary.get(f"/redflags/declarations/{records['b'].pk}/").status_code == 404
    assert secretary.get("/redflags/declarations/999999/").status_code == 404
    assert secretary.get(f"/redflags/declarations/{records['declared'].pk}/").status_code == 200
    # Someone else's branch: the tile context itself is None for the other township.
    request = rf.get("/")
    request.user = users.other_town
    assert _declarations(request) is None
