"""Fixtures for learning materials: a party committee over two branches of the test world's
street (the first with three members, the second with one), users for the committee's and
the first branch's secretaries, a member of each branch, and a client that logs in."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from banshi.materials import services
from banshi.organizations.models import PartyOrganization
from banshi.organizations.services import member_admit, organization_create

NOW = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))
PDF = b"%PDF-1.4\n% test\n" + b"0" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Tree:
    pass


@pytest.fixture
def tree(world):
    t = Tree()
    t.committee = organization_create(
        name="蒙西新能源事业部党委",
        kind=PartyOrganization.Kind.PARTY_COMMITTEE,
        region=world.street,
    )
    t.branch_a = organization_create(
        name="机关党支部", kind="branch", parent=t.committee, region=world.community
    )
    t.branch_b = organization_create(
        name="风电场党支部", kind="branch", parent=t.committee, region=world.community2
    )
    people = world.residents[world.grid1.code] + world.residents[world.grid2.code]
    joined = datetime.date(2010, 7, 1)
    t.members_a = [
        member_admit(resident=r, organization=t.branch_a, joined_on=joined) for r in people[:3]
    ]
    t.members_b = [
        member_admit(resident=r, organization=t.branch_b, joined_on=joined) for r in people[3:5]
    ]
    return t


@pytest.fixture
def material(tree):
    return services.material_publish(
        publisher=tree.committee,
        title="2026年11月学习材料",
        body="学习全会精神。",
        month=datetime.date(2026, 11, 15),
        published_at=NOW,
    )


@pytest.fixture
def users(tree, make_user):
    class U:
        pass

    u = U()
    u.committee = make_user("committee", "party_secretary", party_organization=tree.committee)
    u.secretary_a = make_user("secretary_a", "party_secretary", party_organization=tree.branch_a)
    u.member_a = make_user("member_a", "resident", resident=tree.members_a[0].resident)
    u.member_b = make_user("member_b", "resident", resident=tree.members_b[0].resident)
    u.admin = make_user("admin", "system_admin")
    return u


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login
