"""A resident joins a team themself (志愿者自主加入): the teams open to joining of their own
community and street are listed on /volunteers/me/ whatever their owner; 加入 posts to
/volunteers/teams/<pk>/join/; already a member, no resident record, a closed team or a team
elsewhere are refused with their message; a team the user cannot see is 404."""

import pytest
from django.core.exceptions import ValidationError

from banshi.enterprises.models import Enterprise
from banshi.organizations.services import organization_create
from banshi.volunteers import selectors, services
from banshi.volunteers.models import Volunteer


@pytest.fixture
def newcomer(world, make_user):
    """A resident of 乌兰社区第一网格 who is in no team yet."""
    resident = world.residents[world.grid1.code][1]
    return make_user("newcomer", "resident", resident=resident), resident


@pytest.fixture
def faraway(world, make_user):
    """A resident of 内工大社区 (same street, other community)."""
    resident = world.residents[world.grid3.code][0]
    return make_user("faraway", "resident", resident=resident), resident


def _join(client, team):
    return client.post(f"/volunteers/teams/{team.pk}/join/")


def test_me_lists_home_teams_and_join_creates_the_volunteer(team, newcomer, login):
    user, resident = newcomer
    client = login(user)
    page = client.get("/volunteers/me/")
    assert page.status_code == 200 and list(page.context["joinable"]) == [team]
    assert f"/volunteers/teams/{team.pk}/join/" in page.content.decode()
    response = _join(client, team)
    assert response.status_code == 302 and response["Location"] == "/volunteers/me/"
    volunteer = Volunteer.objects.get(team=team, resident=resident)
    assert volunteer.active
    page = client.get("/volunteers/me/")
    assert list(page.context["joinable"]) == []
    assert list(page.context["volunteers"]) == [volunteer]
    # Now a member: the team's page opens to them.
    assert client.get(f"/volunteers/teams/{team.pk}/").status_code == 200


def test_already_a_member_is_400(team, member, login):
    response = _join(login(member.user), team)
    assert response.status_code == 400
    assert "已是该队志愿者" in response.content.decode()
    assert Volunteer.objects.filter(team=team).count() == 1


def test_a_former_member_joins_again(team, member, login):
    Volunteer.objects.filter(pk=member.volunteer.pk).update(active=False)
    assert list(selectors.joinable_teams(user=member.user)) == [team]
    assert _join(login(member.user), team).status_code == 302
    member.volunteer.refresh_from_db()
    assert member.volunteer.active and Volunteer.objects.count() == 1


def test_no_resident_record_is_400(team, staff, login):
    # The community's staff see the team but are no resident.
    response = _join(login(staff.community), team)
    assert response.status_code == 400 and "居民档案" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_a_closed_team_is_not_listed_and_refused(world, staff, newcomer, login):
    closed = services.team_create(
        name="乌兰社区应急队", community=world.community, open_to_join=False, user=staff.community
    )
    user, _resident = newcomer
    client = login(user)
    assert list(client.get("/volunteers/me/").context["joinable"]) == []
    response = _join(client, closed)
    assert response.status_code == 400 and "暂不接受自主加入" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_teams_elsewhere_are_404_and_street_teams_are_home(world, team, staff, faraway, login):
    user, resident = faraway
    client = login(user)
    # 乌兰社区's team is not the 内工大社区 resident's: invisible, 404, nothing written.
    assert team not in client.get("/volunteers/me/").context["joinable"]
    assert _join(client, team).status_code == 404
    assert client.post("/volunteers/teams/987654321/join/").status_code == 404
    assert not Volunteer.objects.exists()
    # The street's team is every community's of the street.
    street_team = services.team_create(
        name="大学东路街道志愿服务队", community=world.street, user=staff.street
    )
    assert list(client.get("/volunteers/me/").context["joinable"]) == [street_team]
    assert _join(client, street_team).status_code == 302
    assert Volunteer.objects.get().resident == resident


def test_enterprise_and_party_teams_of_the_community_are_listed(world, staff, newcomer):
    user, _resident = newcomer
    enterprise = Enterprise.objects.create(
        name="某公司", credit_code="91150100MA0N0X0X0A", grid=world.grid2
    )
    by_enterprise = services.team_create(name="企业队", enterprise=enterprise, user=staff.street)
    committee = organization_create(
        name="乌兰社区党委", kind="party_committee", region=world.community
    )
    by_party = services.team_create(name="党员先锋队", organization=committee)
    elsewhere = organization_create(name="新城区党委", kind="party_committee", region=world.city)
    services.team_create(name="市级队", organization=elsewhere)
    assert set(selectors.joinable_teams(user=user)) == {by_enterprise, by_party}
    services.volunteer_join(team=by_party, user=user)
    assert list(selectors.joinable_teams(user=user)) == [by_enterprise]


def test_join_service_refuses_without_a_user_and_twice(team, newcomer):
    user, _resident = newcomer
    with pytest.raises(ValidationError):
        services.volunteer_join(team=team, user=None)
    services.volunteer_join(team=team, user=user)
    with pytest.raises(ValidationError, match="已是该队志愿者"):
        services.volunteer_join(team=team, user=user)


def test_join_is_post_only(team, newcomer, login):
    user, _resident = newcomer
    assert login(user).get(f"/volunteers/teams/{team.pk}/join/").status_code == 405
