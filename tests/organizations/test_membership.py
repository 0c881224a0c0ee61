import datetime

import pytest
from django.core.exceptions import ValidationError

from banshi.organizations.models import Membership, PartyOrganization
from banshi.organizations.services import (
    center_household_designate,
    member_admit,
    member_confirm_full,
    member_transfer,
    organization_create,
    organization_move,
)


def test_paths_and_territory(tree, world):
    top, c1, _c2, g1, grp = tree
    assert grp.path == f"/{top.pk}/{c1.pk}/{g1.pk}/{grp.pk}/"
    assert g1.territory_code == world.grid1.code
    assert c1.territory_code == world.community.prefix
    subtree = PartyOrganization.objects.filter(path__startswith=c1.path)
    assert set(subtree) == {c1, g1, grp}


def test_kind_rules(tree, world):
    top, *_ = tree
    with pytest.raises(ValidationError):
        organization_create(name="无网格支部", kind="grid_branch", parent=top)
    with pytest.raises(ValidationError):
        organization_create(name="党小组", kind="building_group", parent=top, building=None)


def test_move_rewrites_the_subtree(tree):
    _top, c1, c2, g1, grp = tree
    organization_move(organization=g1, parent=c2)
    grp.refresh_from_db()
    assert grp.path == f"{c2.path}{g1.pk}/{grp.pk}/"
    with pytest.raises(ValidationError):
        organization_move(organization=c2, parent=grp)


def test_transfer_keeps_history(tree, world):
    _top, c1, c2, g1, _grp = tree
    r = world.residents[world.grid1.code][0]
    m = member_admit(
        resident=r, organization=g1, joined_on=datetime.date(2019, 7, 1), status="probationary"
    )
    r.refresh_from_db()
    assert r.political_status == "probationary"
    member_confirm_full(member=m, on=datetime.date(2020, 7, 1))
    member_transfer(member=m, to=c2, on=datetime.date(2024, 3, 1), note="迁居")
    periods = list(Membership.objects.filter(member=m).order_by("started_on"))
    assert [(p.organization_id, p.ended_on) for p in periods] == [
        (g1.pk, datetime.date(2024, 3, 1)),
        (c2.pk, None),
    ]
    with pytest.raises(ValidationError):
        member_transfer(member=m, to=c2, on=datetime.date(2024, 4, 1))
    with pytest.raises(ValidationError):
        member_confirm_full(member=m, on=datetime.date(2024, 4, 1))


def test_center_household_belongs_to_a_building_group(tree, world):
    _top, c1, _c2, g1, grp = tree
    h = world.households[world.grid1.code][0]
    m = member_admit(
        resident=world.residents[world.grid1.code][0],
        organization=g1,
        joined_on=datetime.date(2010, 1, 1),
    )
    with pytest.raises(ValidationError):
        center_household_designate(household=h, member=m, group=g1)
    center = center_household_designate(household=h, member=m, group=grp)
    assert center.unit == h.unit
