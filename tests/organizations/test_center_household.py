"""CenterHousehold's invariants live in the model (clean): the service and the admin both
refuse bad input with the model's message, field by field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from banshi.organizations.models import CenterHousehold
from banshi.organizations.services import (
    center_household_designate,
    member_admit,
    organization_create,
)

NOT_A_GROUP = "党员中心户必须隶属于楼栋党小组"
OTHER_BUILDING = "党员中心户所在楼栋与党小组不一致"


@pytest.fixture
def member(tree, world):
    _top, _c1, _c2, g1, _grp = tree
    return member_admit(
        resident=world.residents[world.grid1.code][0],
        organization=g1,
        joined_on=datetime.date(2010, 1, 1),
    )


@pytest.mark.parametrize("which", ["top", "c1", "g1"])
def test_only_a_building_group_holds_center_households(tree, world, member, which):
    top, c1, _c2, g1, _grp = tree
    group = {"top": top, "c1": c1, "g1": g1}[which]
    household = world.households[world.grid1.code][0]
    with pytest.raises(ValidationError) as excinfo:
        center_household_designate(household=household, member=member, group=group)
    assert excinfo.value.message_dict == {"group": [NOT_A_GROUP]}
    assert not CenterHousehold.objects.exists()


def test_the_household_stands_in_the_groups_building(tree, world, member):
    *_, grp = tree
    elsewhere = world.households[world.grid2.code][0]  # another grid's building
    with pytest.raises(ValidationError) as excinfo:
        center_household_designate(household=elsewhere, member=member, group=grp)
    assert excinfo.value.message_dict == {"household": [OTHER_BUILDING]}
    assert not CenterHousehold.objects.exists()


def test_the_model_itself_refuses(tree, world, member):
    # Whoever writes (a service, the admin, a command), full_clean answers the same.
    _top, c1, _c2, _g1, grp = tree
    household = world.households[world.grid1.code][0]
    with pytest.raises(ValidationError) as excinfo:
        CenterHousehold(household=household, member=member, group=c1).full_clean()
    assert excinfo.value.message_dict == {"group": [NOT_A_GROUP]}
    elsewhere = world.households[world.grid3.code][0]
    with pytest.raises(ValidationError) as excinfo:
        CenterHousehold(household=elsewhere, member=member, group=grp).full_clean()
    assert excinfo.value.message_dict == {"household": [OTHER_BUILDING]}


def test_a_missing_group_or_household_leaves_the_field_errors_to_django(member):
    with pytest.raises(ValidationError) as excinfo:
        CenterHousehold(member=member).full_clean()
    assert set(excinfo.value.message_dict) == {"household", "group"}


def test_a_good_designation_copies_the_unit(tree, world, member):
    *_, grp = tree
    household = world.households[world.grid1.code][1]
    center = center_household_designate(household=household, member=member, group=grp)
    assert center.unit == household.unit and center.group == grp


def test_a_household_is_a_center_household_once(tree, world, member):
    *_, grp = tree
    household = world.households[world.grid1.code][0]
    center_household_designate(household=household, member=member, group=grp)
    with pytest.raises(ValidationError) as excinfo:
        center_household_designate(household=household, member=member, group=grp)
    assert "household" in excinfo.value.message_dict
    assert CenterHousehold.objects.count() == 1


# --- the admin shows the model's messages -------------------------------------------------


@pytest.fixture
def admin_client(db):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password="Banshi-1"))
    return client


def test_the_admin_shows_each_rule(tree, world, member, admin_client):
    _top, _c1, _c2, g1, grp = tree
    url = reverse("admin:organizations_centerhousehold_add")
    household = world.households[world.grid1.code][0]
    response = admin_client.post(
        url, {"household": household.pk, "member": member.pk, "group": g1.pk}
    )
    assert response.status_code == 200
    assert NOT_A_GROUP in response.content.decode()
    elsewhere = world.households[world.grid2.code][0]
    response = admin_client.post(
        url, {"household": elsewhere.pk, "member": member.pk, "group": grp.pk}
    )
    assert response.status_code == 200
    assert OTHER_BUILDING in response.content.decode()
    assert not CenterHousehold.objects.exists()
    response = admin_client.post(
        url, {"household": household.pk, "member": member.pk, "group": grp.pk}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CenterHousehold.objects.get().unit == household.unit


def test_a_second_group_in_another_building_is_refused(tree, world, member):
    # Same grid, another building: the building decides, not the grid.
    _top, _c1, _c2, g1, grp = tree
    from banshi.territory.models import Building, Household, Unit

    b2 = Building.objects.create(grid=world.grid1, number="2号楼", lat=40.81, lng=111.7)
    h2 = Household.objects.create(
        grid=world.grid1,
        building=b2,
        unit=Unit.objects.create(building=b2, number="1单元"),
        door_number="101",
    )
    with pytest.raises(ValidationError) as excinfo:
        center_household_designate(household=h2, member=member, group=grp)
    assert excinfo.value.message_dict == {"household": [OTHER_BUILDING]}
    group2 = organization_create(name="2号楼党小组", kind="building_group", parent=g1, building=b2)
    assert center_household_designate(household=h2, member=member, group=group2).unit == h2.unit
