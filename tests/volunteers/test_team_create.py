"""Setting up a team from a page (/volunteers/teams/new/): staff choose an owner they would
manage (a community or street, a party organization, an enterprise in their scope); bad
input is 400 with its message and writes nothing; a user who manages no owner is 403."""

from banshi.organizations.services import organization_create
from banshi.volunteers.models import VolunteerTeam

URL = "/volunteers/teams/new/"


def _owners(page):
    return [value for _label, options in page.context["groups"] for value, _name in options]


def test_the_form_offers_only_owners_the_user_manages(world, staff, login):
    page = login(staff.community).get(URL)
    assert page.status_code == 200
    assert _owners(page) == [f"community:{world.community.pk}"]
    street = _owners(login(staff.street).get(URL))
    assert {f"community:{r.pk}" for r in (world.street, world.community, world.community2)} <= set(
        street
    )
    # The staff list links the form.
    assert URL in login(staff.street).get("/volunteers/").content.decode()


def test_who_manages_nothing_may_not(world, make_user, login):
    resident = make_user("res", "resident", resident=world.residents[world.grid1.code][0])
    grid_worker = make_user("gw", "grid_worker", grid=world.grid1)
    for user in (resident, grid_worker):
        client = login(user)
        assert client.get(URL).status_code == 403
        form = {"name": "队", "owner": f"community:{world.community.pk}"}
        assert client.post(URL, form).status_code == 403
    assert URL not in login(resident).get("/volunteers/").content.decode()
    assert not VolunteerTeam.objects.exists()


def test_create_a_community_team(world, staff, login):
    client = login(staff.community)
    form = {"name": "乌兰社区助老队", "owner": f"community:{world.community.pk}", "seal": ""}
    response = client.post(URL, {**form, "open_to_join": "on"})
    team = VolunteerTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/volunteers/teams/{team.pk}/"
    assert team.community == world.community and team.region == world.community
    assert team.open_to_join
    response = client.post(URL, {**form, "name": "乌兰社区应急队"})
    assert response.status_code == 302
    assert not VolunteerTeam.objects.get(name="乌兰社区应急队").open_to_join


def test_create_a_party_organization_team(world, staff, login):
    committee = organization_create(
        name="乌兰社区党委", kind="party_committee", region=world.community
    )
    client = login(staff.street)
    assert f"organization:{committee.pk}" in _owners(client.get(URL))
    response = client.post(URL, {"name": "党员先锋队", "owner": f"organization:{committee.pk}"})
    assert response.status_code == 302
    team = VolunteerTeam.objects.get()
    assert team.organization == committee and team.region == world.community


def test_bad_input_is_400_with_its_message(world, staff, login):
    client = login(staff.community)
    good = {"name": "乌兰社区助老队", "owner": f"community:{world.community.pk}"}
    cases = [
        ({**good, "name": "  "}, "请填写队伍名称"),
        ({**good, "name": "队" * 101}, "队伍名称不能超过100个字"),
        ({**good, "owner": ""}, "请选择所属"),
        ({**good, "owner": "community:abc"}, "请选择所属"),
        ({**good, "owner": "nonsense:1"}, "请选择所属"),
        # Another community is outside this manager's scope: not a choice.
        ({**good, "owner": f"community:{world.community2.pk}"}, "请选择所属"),
        ({**good, "owner": f"organization:{world.community.pk}"}, "请选择所属"),
    ]
    for form, message in cases:
        response = client.post(URL, form)
        assert response.status_code == 400, form
        assert message in response.content.decode(), form
    assert not VolunteerTeam.objects.exists()
    assert client.post(URL, good).status_code == 302
    response = client.post(URL, good)
    assert response.status_code == 400 and "同名" in response.content.decode()
    # The form keeps what was typed.
    assert 'value="乌兰社区助老队"' in response.content.decode()
    assert VolunteerTeam.objects.count() == 1
