"""organization_move: under another parent or to the top level (parent None), the whole
subtree's materialized paths follow; kind rules, cycles and the caller's scope are checked,
and a refused move changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from banshi.organizations.models import PartyOrganization
from banshi.organizations.services import organization_create, organization_move


def paths(*orgs) -> list[str]:
    return [PartyOrganization.objects.get(pk=o.pk).path for o in orgs]


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


@pytest.fixture
def deep(tree, world):
    """A branch under grid 1's branch's community with a group of its own: c1 → b → bg."""
    _top, c1, *_ = tree
    b = organization_create(name="乌兰社区党支部", kind="branch", parent=c1, region=world.community)
    bg = organization_create(
        name="2号楼党小组",
        kind="building_group",
        parent=b,
        building=world.households[world.grid2.code][0].building,
    )
    return b, bg


def test_move_to_the_top_level_rewrites_the_whole_subtree(tree, deep):
    top, c1, c2, g1, grp = tree
    b, bg = deep
    moved = organization_move(organization=c1, parent=None)
    assert moved.parent is None
    assert paths(c1, g1, grp, b, bg) == [
        f"/{c1.pk}/",
        f"/{c1.pk}/{g1.pk}/",
        f"/{c1.pk}/{g1.pk}/{grp.pk}/",
        f"/{c1.pk}/{b.pk}/",
        f"/{c1.pk}/{b.pk}/{bg.pk}/",
    ]
    # The rest of the tree stays where it was.
    assert paths(top, c2) == [f"/{top.pk}/", f"/{top.pk}/{c2.pk}/"]
    assert set(PartyOrganization.objects.filter(path__startswith=top.path)) == {top, c2}
    assert set(PartyOrganization.objects.filter(path__startswith=f"/{c1.pk}/")) == {
        c1,
        g1,
        grp,
        b,
        bg,
    }
    assert PartyOrganization.objects.get(pk=c1.pk).depth == 1


def test_a_top_level_organization_can_go_back_under_a_parent(tree):
    top, c1, c2, g1, grp = tree
    organization_move(organization=c1, parent=None)
    organization_move(organization=c1, parent=c2)
    assert paths(c1, g1, grp) == [
        f"/{top.pk}/{c2.pk}/{c1.pk}/",
        f"/{top.pk}/{c2.pk}/{c1.pk}/{g1.pk}/",
        f"/{top.pk}/{c2.pk}/{c1.pk}/{g1.pk}/{grp.pk}/",
    ]


def test_a_stale_instance_still_moves_the_stored_subtree(tree):
    # The subtree is found by the stored path, not by the (stale) path of the instance.
    top, c1, c2, g1, grp = tree
    stale = PartyOrganization.objects.get(pk=g1.pk)
    organization_move(organization=c1, parent=None)
    organization_move(organization=stale, parent=c2)
    assert paths(c1, g1, grp) == [
        f"/{c1.pk}/",
        f"/{top.pk}/{c2.pk}/{g1.pk}/",
        f"/{top.pk}/{c2.pk}/{g1.pk}/{grp.pk}/",
    ]


@pytest.mark.parametrize("which", ["grid_branch", "building_group"])
def test_the_lower_levels_cannot_stand_at_the_top(tree, which):
    # The four-level system: a grid branch and a building group always have a parent.
    _top, _c1, _c2, g1, grp = tree
    org = {"grid_branch": g1, "building_group": grp}[which]
    before = paths(g1, grp)
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=org, parent=None)
    assert messages(excinfo) == ["该类型党组织不能设在此上级之下"]
    assert paths(g1, grp) == before
    assert PartyOrganization.objects.get(pk=org.pk).parent_id is not None


def test_kind_rules_still_hold_under_a_new_parent(tree):
    _top, c1, c2, g1, grp = tree
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=c2, parent=grp)  # a committee under a group
    assert messages(excinfo) == ["该类型党组织不能设在此上级之下"]
    with pytest.raises(ValidationError):
        organization_move(organization=grp, parent=c2)  # a group directly under a committee


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_no_cycles(tree, target):
    top, c1, _c2, g1, grp = tree
    parent = {"self": c1, "child": g1, "grandchild": grp}[target]
    before = paths(top, c1, g1, grp)
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=c1, parent=parent)
    assert messages(excinfo) == ["不能把党组织移到它自己的下级之下"]
    assert paths(top, c1, g1, grp) == before


# --- the caller --------------------------------------------------------------------------


def test_a_street_user_may_make_a_community_organization_top_level(tree, world, make_user):
    _top, c1, _c2, g1, _grp = tree
    user = make_user("street", "street", region=world.street)
    organization_move(organization=c1, parent=None, user=user)
    assert paths(c1, g1) == [f"/{c1.pk}/", f"/{c1.pk}/{g1.pk}/"]


def test_a_secretary_may_not_make_part_of_their_subtree_top_level(tree, make_user):
    # The secretary's scope is the subtree under their organization; a top-level
    # organization would leave it.
    _top, c1, _c2, g1, grp = tree
    user = make_user("secretary", "party_secretary", party_organization=c1)
    before = paths(c1, g1, grp)
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=g1, parent=None, user=user)
    assert messages(excinfo) == ["只有辖区覆盖该党组织的人员可以把它设为最上级"]
    assert paths(c1, g1, grp) == before


def test_an_organization_without_a_territory_goes_top_level_only_for_an_admin(
    tree, make_user, world
):
    # A mobile members' branch serves no territory: only the organization path reaches
    # it, so no territorial user may move it at all, and a secretary above it may not make
    # it top-level.
    top, *_ = tree
    mobile = organization_create(name="流动党员党支部", kind="branch", parent=top, is_mobile=True)
    street = make_user("street", "street", region=world.street)
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=mobile, parent=None, user=street)
    assert messages(excinfo) == ["不存在或不在您的范围内"]
    secretary = make_user("secretary", "party_secretary", party_organization=top)
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=mobile, parent=None, user=secretary)
    assert messages(excinfo) == ["只有辖区覆盖该党组织的人员可以把它设为最上级"]
    assert paths(mobile) == [f"/{top.pk}/{mobile.pk}/"]
    admin = make_user("admin", "system_admin")
    organization_move(organization=mobile, parent=None, user=admin)
    assert paths(mobile) == [f"/{mobile.pk}/"]


def test_a_caller_moves_only_within_their_scope(tree, world, make_user):
    _top, c1, c2, g1, _grp = tree
    community = make_user("community", "community", region=world.community)
    # The parent lies outside the caller's scope.
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=g1, parent=c2, user=community)
    assert messages(excinfo) == ["不存在或不在您的范围内"]
    # The organization itself lies outside it.
    other = make_user("community2", "community", region=world.community2)
    with pytest.raises(ValidationError) as excinfo:
        organization_move(organization=c1, parent=None, user=other)
    assert messages(excinfo) == ["不存在或不在您的范围内"]
    grid_worker = make_user("gw", "grid_worker", grid=world.grid3)
    with pytest.raises(ValidationError):
        organization_move(organization=g1, parent=c1, user=grid_worker)
    assert PartyOrganization.objects.get(pk=g1.pk).parent_id == c1.pk


# --- the admin -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(db):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password="Banshi-1"))
    return client


def change_url(org) -> str:
    return reverse("admin:organizations_partyorganization_change", args=[org.pk])


def test_the_admin_makes_an_organization_top_level(tree, admin_client, world):
    _top, c1, _c2, g1, grp = tree
    response = admin_client.post(
        change_url(c1),
        {"name": c1.name, "kind": "party_committee", "parent": "", "region": world.community.pk},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert paths(c1, g1, grp) == [f"/{c1.pk}/", f"/{c1.pk}/{g1.pk}/", f"/{c1.pk}/{g1.pk}/{grp.pk}/"]


def test_the_admin_refuses_a_grid_branch_at_the_top(tree, admin_client, world):
    _top, _c1, _c2, g1, _grp = tree
    before = paths(g1)
    response = admin_client.post(
        change_url(g1),
        {"name": g1.name, "kind": "grid_branch", "parent": "", "grid": world.grid1.pk},
    )
    assert response.status_code == 200
    assert "该类型党组织不能设在此上级之下" in response.content.decode()
    assert paths(g1) == before


def test_the_admin_tells_a_secretary_why_not(tree, make_user):
    from django.contrib.auth.models import Permission

    _top, c1, _c2, g1, _grp = tree
    user = make_user("secretary", "party_secretary", party_organization=c1)
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_partyorganization", "change_partyorganization"]
        )
    )
    client = Client()
    client.force_login(user)
    before = paths(g1)
    response = client.post(
        change_url(g1), {"name": g1.name, "kind": "branch", "parent": "", "grid": g1.grid_id}
    )
    assert response.status_code == 200
    assert "只有辖区覆盖该党组织的人员可以把它设为最上级" in response.content.decode()
    assert paths(g1) == before


@pytest.mark.django_db(transaction=True)
def test_moves_and_creations_wait_for_the_tree_lock(tree):
    """Crossing moves must not both pass the cycle check, and a child must not take a
    path a concurrent move is rewriting: every tree write takes one lock first. Here
    another connection holds it; the move waits until it is released, then applies to
    the committed tree."""
    import threading

    from django.db import connection, connections, transaction

    from banshi.organizations.services import lock_tree

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transactions let one writer in at a time")
    top, c1, c2, g1, grp = tree
    holding, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_tree()
                holding.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    def move():
        try:
            organization_move(organization=g1, parent=c2)
            done.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(timeout=10)
    mover = threading.Thread(target=move)
    mover.start()
    assert not done.wait(timeout=1.0)  # blocked behind the lock
    release.set()
    holder.join(timeout=10)
    mover.join(timeout=10)
    assert done.is_set()
    g1_path, grp_path, c2_path = paths(g1, grp, c2)
    assert g1_path.startswith(c2_path) and grp_path.startswith(g1_path)
