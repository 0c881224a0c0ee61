"""The venue registry on a 360 × 740 phone: the list's map draws a pin for each venue with
coordinates that the secretary may see, nothing is wider than the screen, and tapping a pin
then its popup's link opens the venue's page, whose small map shows the venue; on the form,
a tap on the map fills the coordinates and the venue is registered there."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from banshi.access.models import RoleAssignment
from banshi.organizations.services import organization_create
from banshi.partylife.models import Venue
from banshi.partylife.services import venue_create
from tests.browser.conftest import wait_for_the_server

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        has_touch=True,
        bypass_csp=True,  # axe is injected into the page
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()
    wait_for_the_server()


@pytest.fixture
def venues(world, make_user):
    district = organization_create(name="赛罕区委", kind="party_committee", region=world.district)
    branch = organization_create(
        name="乌兰社区党支部", kind="branch", parent=district, region=world.community
    )
    other = organization_create(
        name="内工大社区党支部", kind="branch", parent=district, region=world.community2
    )
    make_user("shuji", RoleAssignment.Role.PARTY_SECRETARY, party_organization=branch)
    return {
        "base": venue_create(
            name="台格斗村抗日遗址",
            kind=Venue.Kind.RED_BASE,
            region=world.district,
            organization=district,
            lat=40.813,
            lng=111.703,
        ),
        "room": venue_create(
            name="乌兰社区党群服务中心",
            kind=Venue.Kind.MEETING_ROOM,
            region=world.community,
            organization=branch,
            lat=40.809,
            lng=111.712,
        ),
        # Without coordinates: listed, not drawn.
        "hall": venue_create(
            name="乌兰社区活动室",
            kind=Venue.Kind.OTHER,
            region=world.community,
            organization=branch,
        ),
        # The other branch's: neither listed nor drawn for this secretary.
        "theirs": venue_create(
            name="内工大社区活动室",
            kind=Venue.Kind.MEETING_ROOM,
            region=world.community2,
            organization=other,
            lat=40.811,
            lng=111.706,
        ),
    }


RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]


def _fits(page) -> list[str]:
    """Nothing wider than the phone; no contrast failure, no control without a name."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        problems.append(f"{page.url}: {width} px wide")
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    for violation in results.response["violations"]:
        targets = [n["target"] for n in violation["nodes"]][:3]
        problems.append(f"{page.url}: {violation['id']} {targets}")
    return problems


def test_tapping_a_pin_opens_the_venue(phone, log_in, venues):
    log_in(phone, "shuji")
    phone.goto("/partylife/venues/")
    pins = phone.locator("#venue-map[data-loaded='1']")
    expect(pins).to_have_attribute("data-markers", "2")
    assert phone.locator("#pl-venues tbody tr[data-venue]").count() == 3
    drawn = phone.locator("#venue-map .leaflet-marker-icon")
    assert sorted(drawn.evaluate_all("els => els.map(e => e.dataset.venue)")) == sorted(
        [str(venues["base"].pk), str(venues["room"].pk)]
    )
    problems = _fits(phone)
    phone.locator(f"#venue-map .leaflet-marker-icon[data-venue='{venues['base'].pk}']").tap()
    popup = phone.locator("#venue-map .leaflet-popup .venue-popup")
    expect(popup).to_contain_text("台格斗村抗日遗址")
    expect(popup).to_contain_text("红色教育基地")
    popup.locator("a.venue-open").tap()
    phone.wait_for_url(f"**/partylife/venues/{venues['base'].pk}/")
    expect(phone.locator("h1")).to_have_text("台格斗村抗日遗址")
    expect(phone.locator("#venue-map[data-loaded='1']")).to_have_attribute("data-markers", "1")
    assert phone.locator("#venue-map .leaflet-marker-icon").count() == 1
    assert problems + _fits(phone) == []
    assert phone.js_errors == []


def test_a_tap_on_the_form_map_fills_the_coordinates(phone, log_in, venues):
    log_in(phone, "shuji")
    phone.goto("/partylife/venues/new/")
    expect(phone.locator("#venue-pick")).to_have_attribute("data-loaded", "1")
    assert _fits(phone) == []
    phone.fill("#vf-name", "乌兰社区新时代文明实践站")
    phone.locator("#venue-pick").tap(position={"x": 150, "y": 120})
    expect(phone.locator("#venue-pick")).to_have_attribute("data-picked", "1")
    lat = float(phone.input_value("#vf-lat"))
    lng = float(phone.input_value("#vf-lng"))
    assert 40.7 < lat < 40.9 and 111.6 < lng < 111.8
    with phone.expect_navigation():
        phone.click("#venue-save")
    venue = Venue.objects.get(name="乌兰社区新时代文明实践站")
    assert phone.url.endswith(f"/partylife/venues/{venue.pk}/")
    assert (round(venue.lat, 6), round(venue.lng, 6)) == (lat, lng)
    assert phone.js_errors == []
