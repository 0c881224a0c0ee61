"""The party-life demo on the test world plus the regions it builds on (玉泉区 and four of
its streets, 和林格尔县's 盛乐镇): deterministic, plausible, and holding the seed's named
days. Counts are recounted from the records, not taken from the function's own report."""

import datetime

import pytest
from django.utils import timezone

from banshi.access.audit_context import audit_muted
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.partylife.demo import build_demo_partylife
from banshi.territory.models import Region
from banshi.territory.services import region_create

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))
STREETS = ["小召前街街道", "兴隆巷街道", "长和廊街道", "石东路街道", "大南街街道"]


def _regions(world) -> None:
    yuquan = region_create(code="150104000000", name="玉泉区", kind="district", parent=world.city)
    for i, name in enumerate(STREETS, start=1):
        region_create(code=f"150104{i:03d}000", name=name, kind="street", parent=yuquan)
    horinger = region_create(
        code="150123000000", name="和林格尔县", kind="county", parent=world.city
    )
    region_create(code="150123100000", name="城关镇", kind="town", parent=horinger)
    region_create(code="150123101000", name="盛乐镇", kind="town", parent=horinger)


@pytest.fixture
def built(world, settings):
    # As in `banshi demo`: the build runs with the audit trail muted, and a fast hasher
    # stands in for the Argon2 run of the one password it sets.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _regions(world)
    with audit_muted():
        return build_demo_partylife(seed=7, now=NOW)


def _yuquan_members():
    return PartyMember.objects.filter(organization__territory_code__startswith="150104")


@pytest.mark.django_db
def test_organizations_and_members(built):
    issuer = PartyOrganization.objects.get(name="玉泉区委组织部")
    assert issuer.kind == PartyOrganization.Kind.PARTY_COMMITTEE
    assert issuer.region.code == "150104000000"
    branches = PartyOrganization.objects.filter(
        path__startswith=issuer.path, kind=PartyOrganization.Kind.BRANCH
    )
    assert 8 <= branches.count() <= 12
    # Every branch serves a community of one of the four streets.
    assert {b.region.parent.name for b in branches} == set(STREETS[:4])
    members = _yuquan_members()
    assert 200 <= members.count() <= 500
    assert members.filter(status=PartyMember.Status.PROBATIONARY).exists()
    assert members.filter(is_mobile=True).exists()
    # A branch without seven full members has no committee, the others have one.
    for b in branches:
        full = b.members.filter(status=PartyMember.Status.FULL).count()
        assert b.has_committee == (full >= 7), b
    assert Region.objects.filter(name="台格斗村", parent__name="盛乐镇").exists()
    riders = PartyOrganization.objects.get(name="美团青城骑手流动党员党支部")
    assert riders.members.count() >= 10
    assert not riders.members.filter(is_mobile=False).exists()
    assert (
        built["members"]
        == members.count()
        + PartyMember.objects.filter(organization__name__startswith="和林格尔新区").count()
    )
