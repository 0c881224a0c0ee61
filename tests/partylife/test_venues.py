"""The venue registry (活动场所) through the client and `venue_update`: the list, its map's
GeoJSON and a venue's page read through the scope (a branch sees its own venues and those
of the organizations above it, a venue's held activities only as far as the viewer may see
them, the rest counted as hidden); only a manager of the registering organization registers
or edits, a seed venue without an organization only the system administrator; bad input
re-renders the form with a Chinese message, never a 500."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from banshi.access.models import RoleAssignment
from banshi.partylife import services
from banshi.partylife.models import Activity, Venue

from .pl_world import activity, at


class Places:
    pass


@pytest.fixture
def places(life):
    """A red base registered by the district committee (used by both branches), the branch's
    meeting room, the other branch's room, and a seed base with a region and no organization."""
    p = Places()
    w = life.world
    p.base = services.venue_create(
        name="台格斗村抗日遗址",
        kind=Venue.Kind.RED_BASE,
        region=w.district,
        organization=life.district_org,
        lat=40.9,
        lng=111.5,
        address="台格斗村",
    )
    p.room = services.venue_create(
        name="乌兰社区党群服务中心",
        kind=Venue.Kind.MEETING_ROOM,
        region=w.community,
        organization=life.branch,
        lat=40.81,
        lng=111.70,
    )
    p.other_room = services.venue_create(
        name="内工大社区活动室",
        kind=Venue.Kind.MEETING_ROOM,
        region=w.community2,
        organization=life.other,
        lat=40.82,
        lng=111.71,
    )
    p.seed = services.venue_create(
        name="烈士陵园", kind=Venue.Kind.RED_BASE, region=w.district, lat=40.8, lng=111.6
    )
    # Held at the base: two of the branch's, one of the other branch's; a planned one and
    # a cancelled one do not count.
    p.mine = [
        activity(life.branch, "theme_day", at(2026, m, 6), members=life.members[:2])
        for m in (9, 10)
    ]
    p.theirs = activity(life.other, "theme_day", at(2026, 10, 7))
    planned = activity(life.branch, "committee", at(2026, 12, 1), status="planned")
    cancelled = activity(life.branch, "committee", at(2026, 11, 1), status="cancelled")
    for a in (*p.mine, p.theirs, planned, cancelled):
        a.venue = p.base
        a.save(update_fields=["venue"])
    return p


@pytest.fixture
def admin(make_user):
    return make_user("xitong", RoleAssignment.Role.SYSTEM_ADMIN)


def _list(client, **params):
    return client.get(reverse("partylife:venues"), params)


def _rows(response) -> set[str]:
    return {v.name for v in response.context["venues"]}


# --- the list and its map ------------------------------------------------------------------


def test_list_is_scoped_and_counts_held_activities(client, life, places):
    client.force_login(life.secretary)
    page = _list(client)
    assert page.status_code == 200
    # Its own room and the district's base (registered above it); not the other branch's.
    assert _rows(page) == {"台格斗村抗日遗址", "乌兰社区党群服务中心"}
    held = {v.name: v.held for v in page.context["venues"]}
    assert held == {"台格斗村抗日遗址": 3, "乌兰社区党群服务中心": 0}
    html = page.content.decode()
    assert 'data-held="3"' in html and "赛罕区委" in html and "红色教育基地" in html
    assert reverse("partylife:venue", args=[places.base.pk]) in html
    client.force_login(life.district_user)
    assert _rows(_list(client)) == {
        "台格斗村抗日遗址",
        "乌兰社区党群服务中心",
        "内工大社区活动室",
        "烈士陵园",
    }


def test_list_filters_by_kind_and_name(client, life, places):
    client.force_login(life.district_user)
    assert _rows(_list(client, kind="red_base")) == {"台格斗村抗日遗址", "烈士陵园"}
    assert _rows(_list(client, q="社区")) == {"乌兰社区党群服务中心", "内工大社区活动室"}
    assert _rows(_list(client, kind="meeting_room", q="乌兰")) == {"乌兰社区党群服务中心"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "castle"}, "场所类型无效"),
        ({"q": "长" * 101}, "不能超过100个字"),
        ({"q": "台\x00"}, "输入包含无效字符"),
    ],
)
def test_bad_filter_is_400_with_a_message(client, life, places, params, message):
    client.force_login(life.district_user)
    page = _list(client, **params)
    assert page.status_code == 400
    assert message in page.content.decode()
    geo = client.get(reverse("partylife:venues_geojson"), params)
    assert geo.status_code == 400 and message in geo.json()["error"]


def test_geojson_has_the_scoped_venues_with_coordinates(client, life, places):
    services.venue_update(venue=places.room, lat="", lng="")
    client.force_login(life.secretary)
    geo = client.get(reverse("partylife:venues_geojson"))
    assert geo.status_code == 200
    assert geo["Content-Type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert [f["properties"]["name"] for f in features] == ["台格斗村抗日遗址"]
    (base,) = features
    assert base["geometry"] == {"type": "Point", "coordinates": [111.5, 40.9]}
    assert base["properties"]["url"] == reverse("partylife:venue", args=[places.base.pk])
    assert base["properties"]["held"] == 3
    client.force_login(life.district_user)
    geo = client.get(reverse("partylife:venues_geojson"), {"kind": "meeting_room"})
    assert [f["properties"]["name"] for f in geo.json()["features"]] == ["内工大社区活动室"]


def test_list_page_draws_the_map_from_the_filtered_geojson(client, life, places):
    client.force_login(life.secretary)
    html = _list(client, kind="red_base", q="台格斗").content.decode()
    assert 'data-venues="/partylife/venues/map.geojson?kind=red_base&amp;q=' in html
    assert "leaflet/leaflet.js" in html and "partylife/venues.js" in html
    # Every script and stylesheet is served from our own static files (a
    # random CSRF token may contain "cdn", so the check reads the URLs only).
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and not [u for u in urls if u.startswith(("http:", "https:", "//"))]


# --- a venue's page ------------------------------------------------------------------------


def test_venue_page_lists_visible_activities_and_counts_the_hidden(client, life, places):
    client.force_login(life.secretary)
    page = client.get(reverse("partylife:venue", args=[places.base.pk]))
    assert page.status_code == 200
    assert [a.pk for a in page.context["activities"]] == [p.pk for p in reversed(places.mine)]
    assert page.context["hidden"] == 1
    html = page.content.decode()
    for a in places.mine:
        assert reverse("partylife:activity", args=[a.pk]) in html
    assert reverse("partylife:activity", args=[places.theirs.pk]) not in html
    assert "另有 1 次活动不在您的管辖范围内" in html
    # A branch does not edit the district's venue: no link.
    assert reverse("partylife:venue_edit", args=[places.base.pk]) not in html
    client.force_login(life.district_user)
    page = client.get(reverse("partylife:venue", args=[places.base.pk]))
    assert len(page.context["activities"]) == 3 and page.context["hidden"] == 0
    assert "不在您的管辖范围内" not in page.content.decode()
    assert reverse("partylife:venue_edit", args=[places.base.pk]) in page.content.decode()


def test_venue_out_of_scope_is_404(client, life, places):
    client.force_login(life.secretary)
    for pk in (places.other_room.pk, places.seed.pk, 987654):
        assert client.get(reverse("partylife:venue", args=[pk])).status_code == 404
        assert client.get(reverse("partylife:venue_edit", args=[pk])).status_code == 404
        post = client.post(reverse("partylife:venue_edit", args=[pk]), {"name": "改"})
        assert post.status_code == 404
    places.other_room.refresh_from_db()
    assert places.other_room.name == "内工大社区活动室"


def test_activity_page_links_its_venue(client, life, places):
    client.force_login(life.secretary)
    html = client.get(reverse("partylife:activity", args=[places.mine[0].pk])).content.decode()
    assert f'href="{reverse("partylife:venue", args=[places.base.pk])}"' in html
    listing = client.get(reverse("partylife:activities")).content.decode()
    assert f'href="{reverse("partylife:venues")}"' in listing


# --- registering ---------------------------------------------------------------------------


def _form(**over) -> dict:
    data = {
        "name": "乌兰社区新时代文明实践站",
        "kind": "other",
        "organization": "",
        "region": "",
        "address": "乌兰社区3号楼",
        "lat": "40.815",
        "lng": "111.705",
    }
    data.update(over)
    return data


def test_secretary_registers_a_venue_of_their_branch(client, life):
    client.force_login(life.secretary)
    form = client.get(reverse("partylife:venue_new"))
    assert form.status_code == 200
    # Only the organizations the secretary manages are offered.
    assert [o.pk for o in form.context["organizations"]] == [life.branch.pk]
    response = client.post(reverse("partylife:venue_new"), _form(organization=life.branch.pk))
    venue = Venue.objects.get(name="乌兰社区新时代文明实践站")
    assert response.status_code == 302
    assert response["Location"] == reverse("partylife:venue", args=[venue.pk])
    assert (venue.organization, venue.kind, venue.lat, venue.lng) == (
        life.branch,
        "other",
        40.815,
        111.705,
    )
    # The region left empty is the branch's.
    assert venue.region == life.world.community


def test_registering_for_an_organization_not_managed_is_refused(client, life):
    client.force_login(life.secretary)
    for org in (life.other.pk, life.district_org.pk, "x", ""):
        page = client.post(reverse("partylife:venue_new"), _form(organization=org))
        assert page.status_code == 400
        assert "请选择登记党组织" in page.content.decode()
    assert not Venue.objects.filter(name="乌兰社区新时代文明实践站").exists()


def test_region_outside_the_branch_is_refused(client, life):
    client.force_login(life.secretary)
    page = client.post(
        reverse("partylife:venue_new"),
        _form(organization=life.branch.pk, region=life.world.other_district.pk),
    )
    assert page.status_code == 400 and "所在区划无效" in page.content.decode()
    assert not Venue.objects.filter(name="乌兰社区新时代文明实践站").exists()


def test_who_may_not_register_gets_403(client, life, make_user):
    grid_worker = make_user("wangge", RoleAssignment.Role.GRID_WORKER, grid=life.world.grid1)
    for user in (life.member_users[0], grid_worker):
        client.force_login(user)
        assert client.get(reverse("partylife:venue_new")).status_code == 403
        post = client.post(reverse("partylife:venue_new"), _form(organization=life.branch.pk))
        assert post.status_code == 403
        # The list stays readable, without the register link.
        page = _list(client)
        assert page.status_code == 200
        assert reverse("partylife:venue_new") not in page.content.decode()
    assert not Venue.objects.filter(name="乌兰社区新时代文明实践站").exists()


BAD = [
    ({"name": "  "}, "请填写场所名称"),
    ({"kind": "castle"}, "场所类型无效"),
    ({"lat": "北纬40度"}, "经纬度无效"),
    ({"lat": "200"}, "经纬度超出范围"),
    ({"lat": "nan"}, "经纬度超出范围"),
    ({"lng": ""}, "经纬度须同时填写"),
    ({"name": "名" * 101}, "不能超过100个字"),
    ({"address": "址" * 201}, "不能超过200个字"),
    ({"name": "实践站\x00"}, "输入包含无效字符"),
]


@pytest.mark.parametrize(("over", "message"), BAD)
def test_bad_input_re_renders_the_form_with_a_message(client, life, over, message):
    client.force_login(life.secretary)
    data = _form(organization=life.branch.pk, **over)
    page = client.post(reverse("partylife:venue_new"), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert message in html
    # What was typed is kept for correcting it.
    assert f'value="{data["address"][:50]}' in html
    assert Venue.objects.count() == 0


# --- editing -------------------------------------------------------------------------------


@pytest.mark.parametrize(("over", "message"), BAD)
def test_bad_edit_re_renders_and_changes_nothing(client, life, places, over, message):
    client.force_login(life.secretary)
    url = reverse("partylife:venue_edit", args=[places.room.pk])
    page = client.post(url, _form(organization=life.branch.pk, **over))
    assert page.status_code == 400 and message in page.content.decode()
    places.room.refresh_from_db()
    assert (places.room.name, places.room.lat) == ("乌兰社区党群服务中心", 40.81)


def test_secretary_edits_their_venue(client, life, places):
    client.force_login(life.secretary)
    url = reverse("partylife:venue_edit", args=[places.room.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="乌兰社区党群服务中心"' in form.content.decode()
    response = client.post(
        url,
        _form(
            name="乌兰社区党群服务中心（新址）",
            kind="meeting_room",
            organization=life.branch.pk,
            region=life.world.community.pk,
            lat="",
            lng="",
        ),
    )
    assert response.status_code == 302
    places.room.refresh_from_db()
    assert places.room.name == "乌兰社区党群服务中心（新址）"
    assert (places.room.lat, places.room.lng, places.room.address) == (None, None, "乌兰社区3号楼")


def test_a_venue_registered_above_is_not_the_branchs_to_edit(client, life, places):
    client.force_login(life.secretary)
    url = reverse("partylife:venue_edit", args=[places.base.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(organization=life.branch.pk)).status_code == 403
    places.base.refresh_from_db()
    assert (places.base.name, places.base.organization) == ("台格斗村抗日遗址", life.district_org)


def test_a_seed_venue_is_the_system_administrators(client, life, places, admin):
    url = reverse("partylife:venue_edit", args=[places.seed.pk])
    client.force_login(life.district_user)
    assert client.get(reverse("partylife:venue", args=[places.seed.pk])).status_code == 200
    assert client.get(url).status_code == 403
    assert client.post(url, _form(name="改名")).status_code == 403
    client.force_login(admin)
    form = client.get(url)
    assert form.status_code == 200 and form.context["org_optional"]
    response = client.post(url, _form(name="大青山烈士陵园", kind="red_base"))
    assert response.status_code == 302
    places.seed.refresh_from_db()
    assert (places.seed.name, places.seed.organization) == ("大青山烈士陵园", None)


# --- the service ---------------------------------------------------------------------------


def test_venue_update_keeps_what_it_is_not_given(life, places):
    services.venue_update(venue=places.room, address="新地址", user=life.secretary)
    places.room.refresh_from_db()
    assert (places.room.name, places.room.address, places.room.lat) == (
        "乌兰社区党群服务中心",
        "新地址",
        40.81,
    )


def test_venue_update_checks_both_organizations(life, places):
    with pytest.raises(PermissionDenied):
        services.venue_update(venue=places.room, organization=life.other, user=life.secretary)
    with pytest.raises(PermissionDenied):
        services.venue_update(venue=places.other_room, name="改", user=life.secretary)
    with pytest.raises(ValidationError, match="请选择登记党组织"):
        services.venue_update(venue=places.room, organization=None, user=life.secretary)
    # The district manages both branches: it may move the room to the other one.
    services.venue_update(venue=places.room, organization=life.other, user=life.district_user)
    places.room.refresh_from_db()
    assert places.room.organization == life.other


def test_venue_update_refuses_a_region_outside_and_is_atomic(life, places):
    with pytest.raises(ValidationError, match="所在区划不在您的管辖范围内"):
        services.venue_update(
            venue=places.room,
            name="不应保存",
            region=life.world.other_district,
            user=life.secretary,
        )
    places.room.refresh_from_db()
    assert (places.room.name, places.room.region) == ("乌兰社区党群服务中心", life.world.community)


def test_venue_update_uses_the_models_rules(life, places):
    with pytest.raises(ValidationError, match="经纬度须同时填写"):
        services.venue_update(venue=places.room, lng="", user=life.secretary)
    with pytest.raises(ValidationError, match="经纬度超出范围"):
        services.venue_update(venue=places.room, lat="-91", user=life.secretary)
    assert Activity.objects.filter(venue=places.base, status="held").count() == 3


def test_a_district_sees_the_bases_its_organizations_registered_elsewhere(client, life):
    """A red-education base in another district (no region of the district's, or none at
    all) registered by the district's committee is the district's to see, and its branches'."""
    elsewhere = services.venue_create(
        name="乌兰夫纪念馆", kind=Venue.Kind.RED_BASE, organization=life.district_org
    )
    stranger = services.venue_create(name="别处的基地", kind=Venue.Kind.RED_BASE)
    for user in (life.district_user, life.secretary):
        client.force_login(user)
        names = _rows(_list(client))
        assert elsewhere.name in names and stranger.name not in names
