"""Observation tours (拉练观摩): the county plans a tour, adds the villages visited (in
another county too) and its village secretaries, and writes the summary; the rules (dates
within the tour, a village once, a member of the county's once, a county's tour), the page
through the scope (404 for another county, 403 for a township's write, 400 with the
message)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from banshi.territory.models import Region
from banshi.villages import services
from banshi.villages.models import ObservationTour, TourParticipant, TourStop

from .conftest import make_village

START, END = datetime.date(2026, 9, 8), datetime.date(2026, 9, 10)


@pytest.fixture
def elsewhere(county):
    """大旗村 of 土默特左旗毕克齐镇, the village a tour goes to see."""
    banner = Region.objects.create(
        code="150121000000", name="土默特左旗", kind="banner", parent=county.parent
    )
    town = Region.objects.create(code="150121101000", name="毕克齐镇", kind="town", parent=banner)
    return make_village(town, 201, "大旗村").region


def _tour(places, user=None):
    return services.tour_create(
        county=places.county, title="赴土左旗拉练观摩", starts_on=START, ends_on=END, user=user
    )


def test_a_tour_from_plan_to_summary(places, users, elsewhere):
    tour = _tour(places, users.county)
    stop = services.tour_stop_add(
        tour=tour,
        village=elsewhere,
        visited_on=START,
        seen="杏园宣讲、村集体经济",
        user=users.county,
    )
    services.tour_participant_add(tour=tour, member=places.a.members[0], user=users.county)
    services.tour_participant_add(tour=tour, member=places.c.members[0], user=users.county)
    services.tour_summarize(tour=tour, summary="学习了大旗村的做法。", user=users.county)
    tour.refresh_from_db()
    assert stop.village == elsewhere and tour.summary.startswith("学习")
    assert set(tour.participants.values_list("member_id", flat=True)) == {
        places.a.members[0].pk,
        places.c.members[0].pk,
    }


def test_tour_rules(places, users, elsewhere):
    with pytest.raises(ValidationError, match="县（区、旗）组织"):
        services.tour_create(county=places.town, title="x", starts_on=START, ends_on=END)
    with pytest.raises(ValidationError):
        services.tour_create(county=places.county, title="x", starts_on=END, ends_on=START)
    tour = _tour(places)
    with pytest.raises(ValidationError, match="日期之内"):
        services.tour_stop_add(
            tour=tour, village=elsewhere, visited_on=datetime.date(2026, 9, 11), seen="x"
        )
    with pytest.raises(ValidationError, match="村不存在"):
        services.tour_stop_add(tour=tour, village=places.town, visited_on=START, seen="x")
    with pytest.raises(ValidationError, match="观摩内容"):
        services.tour_stop_add(tour=tour, village=elsewhere, visited_on=START, seen=" ")
    services.tour_stop_add(tour=tour, village=elsewhere, visited_on=START, seen="x")
    with pytest.raises(ValidationError, match="已在本次观摩"):
        services.tour_stop_add(tour=tour, village=elsewhere, visited_on=END, seen="y")
    services.tour_participant_add(tour=tour, member=places.a.members[0])
    with pytest.raises(ValidationError, match="已在参加人员"):
        services.tour_participant_add(tour=tour, member=places.a.members[0])
    outsider = make_village(elsewhere.parent, 202, "北只图村").members[0]
    with pytest.raises(ValidationError, match="本县的党员"):
        services.tour_participant_add(tour=tour, member=outsider)
    assert TourStop.objects.count() == 1 and TourParticipant.objects.count() == 1


def test_only_the_county_plans_and_records(places, users):
    for user in (users.town, users.secretary):
        with pytest.raises(PermissionDenied):
            _tour(places, user)
    tour = _tour(places)
    with pytest.raises(PermissionDenied):
        services.tour_summarize(tour=tour, summary="x", user=users.town)
    assert not ObservationTour.objects.exclude(pk=tour.pk).exists()


def test_the_tour_pages(places, users, elsewhere, login, make_user):
    county = login(users.county)
    new = {"county": places.county.code, "title": "赴土左旗拉练观摩", "starts_on": "2026-09-08"}
    refused = county.post(reverse("villages:tours"), {**new, "ends_on": "2026-09-01"})
    assert refused.status_code == 400 and "结束日期不能早于开始日期" in refused.content.decode()
    assert county.post(reverse("villages:tours"), {**new, "county": "x"}).status_code == 400
    made = county.post(reverse("villages:tours"), {**new, "ends_on": "2026-09-10"})
    tour = ObservationTour.objects.get()
    url = reverse("villages:tour", args=[tour.pk])
    assert made.status_code == 302 and made["Location"] == url
    stop = {"action": "stop", "visited_on": "2026-09-08", "seen": "杏园宣讲"}
    refused = county.post(url, {**stop, "village": "123"})
    assert refused.status_code == 400 and "12位村代码" in refused.content.decode()
    assert county.post(url, {**stop, "village": elsewhere.code}).status_code == 302
    member = places.a.secretary.member
    assert county.post(url, {"action": "participant", "member": member.pk}).status_code == 302
    for bad in ("x", "²", str(places.a.members[1].pk)):  # not a secretary: not offered
        refused = county.post(url, {"action": "participant", "member": bad})
        assert refused.status_code == 400 and "村党组织书记" in refused.content.decode()
    assert county.post(url, {"action": "summary", "summary": ""}).status_code == 400
    assert county.post(url, {"action": "nope"}).status_code == 400
    page = county.get(url).content.decode()
    assert "大旗村" in page and member.resident.name in page and 'id="tour-stop"' in page
    # A township sees no county's tour; another county's department neither.
    other = make_user("v_other_county", "district", region=elsewhere.parent.parent)
    for user in (users.town, other):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "summary", "summary": "x"}).status_code == 404
        assert tour.pk not in [t.pk for t in client.get(reverse("villages:tours")).context["tours"]]
    assert login(users.town).post(reverse("villages:tours"), new).status_code == 400


def test_a_nul_character_is_a_message_not_a_database_error(places, users, login):
    county = login(users.county)
    new = {"county": places.county.code, "starts_on": "2026-09-08", "ends_on": "2026-09-10"}
    refused = county.post(reverse("villages:tours"), {**new, "title": "拉练\x00观摩"})
    assert refused.status_code == 400 and "无效字符" in refused.content.decode()
    assert county.get("/villages/%00/").status_code == 404
