"""`banshi demo`: one full build, then every promise the demo makes, checked against the
raw records. The build runs once (about half a minute); the checks share it."""

import json
import random
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F, Q
from shapely import STRtree
from shapely.ops import unary_union
from stdnum.cn import ric, uscc

from banshi.access.scope import restrict
from banshi.demo import plan
from banshi.demo.builder import flush_database
from banshi.demo.codes import IdentityMaker
from banshi.demo.geometry import STREET_BOX
from banshi.enterprises.models import Enterprise, RiderStation
from banshi.organizations.lint import structure_problems
from banshi.organizations.models import (
    CenterHousehold,
    Membership,
    PartyMember,
    PartyOrganization,
)
from banshi.people.identity import normalize_phone
from banshi.people.models import PlaceRole, Resident
from banshi.territory.geometry import polygon_from_geojson
from banshi.territory.grid_index import grid_at, grid_index
from banshi.territory.models import Building, CommercialOutlet, Grid, Household, Region

SEED_FIGURES = {
    "communities": 6,
    "grids": 68,
    "residents": 68231,
    "commercial_outlets": 816,
    "building_heads": 517,
    "unit_heads": 1381,
    "non_public_enterprises": 76,
    "enterprises_with_party_org": 34,
    "party_building_instructors": 13,
    "org_coverage_rate": 0.4474,
    "work_coverage_rate": 1.0,
    "rider_stations": 4,
}
STREET = "150105001"
Kind = PartyOrganization.Kind
PARTY = (Resident.PoliticalStatus.PARTY_MEMBER, Resident.PoliticalStatus.PROBATIONARY)


@pytest.mark.django_db(transaction=True)
def test_full_demo():
    out = StringIO()
    call_command("demo", "--no-serve", "--no-activity", stdout=out)
    printed = out.getvalue()
    for username in ("demo_admin", "demo_grid_other", "demo_department"):
        assert username in printed
    assert settings.BANSHI_DEMO_PASSWORD in printed

    figures = check_stats()
    check_regions()
    check_grids_and_points()
    check_people()
    check_determinism()
    check_organization(figures)
    check_enterprises()
    check_accounts()


def check_stats() -> dict:
    out = StringIO()
    call_command("stats", "--region", "大学东路街道", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert {k: figures[k] for k in SEED_FIGURES} == SEED_FIGURES
    assert figures["households"] == Household.objects.filter(grid__code__startswith=STREET).count()
    return figures


def check_regions():
    assert Region.objects.get(code="150105001000").name == "大学东路街道"
    assert Region.objects.get(code="150124100000").name == "城关镇"
    counties = Region.objects.filter(level=2, parent__code="150100000000")
    assert sorted(counties.values_list("code", flat=True)) == [
        "150102000000",
        "150103000000",
        "150104000000",
        "150105000000",
        "150121000000",
        "150122000000",
        "150123000000",
        "150124000000",
        "150125000000",
    ]
    assert Region.objects.get(code="150121000000").kind == Region.Kind.BANNER
    for r in Region.objects.filter(level=3):
        assert r.kind == {"0": "street", "1": "town"}.get(r.code[6], "township"), r
    villages = Region.objects.filter(parent__code="150124100000")
    assert 8 <= villages.count() <= 12
    assert set(villages.values_list("kind", flat=True)) == {Region.Kind.VILLAGE}


def check_grids_and_points():
    grids = list(Grid.objects.annotate(n=Count("households")))
    assert len(grids) == 68 + Region.objects.filter(parent__code="150124100000").count()
    for g in grids:
        assert 300 <= g.n <= 500, (g.code, g.n)
    polygons = [polygon_from_geojson(g.boundary) for g in grids]  # valid and closed
    tree = STRtree(polygons)
    for i, poly in enumerate(polygons):
        for j in tree.query(poly):
            if j != i:
                assert poly.intersection(polygons[j]).area < 1e-12, (grids[i], grids[j])
    street = unary_union([p for g, p in zip(grids, polygons, strict=True) if g.code[:9] == STREET])
    lng0, lat0, lng1, lat1 = STREET_BOX
    assert street.area == pytest.approx((lng1 - lng0) * (lat1 - lat0))

    grid_index.invalidate()
    buildings = list(Building.objects.select_related("grid"))
    assert len(buildings) == 517
    for b in buildings:
        assert grid_at(b.lat, b.lng) == b.grid, b
    for model in (CommercialOutlet, Enterprise, RiderStation):
        for row in model.objects.all():
            assert grid_index.grid_id_at(row.lat, row.lng) == row.grid_id, row


def check_people():
    street = Resident.objects.filter(grid__code__startswith=STREET)
    assert street.count() == 68231
    assert not Resident.objects.filter(household=None).exists()
    mismatched = Resident.objects.exclude(grid_id=F("household__grid_id"))
    assert not mismatched.exists()
    sizes = Household.objects.annotate(n=Count("residents")).values_list("size", "n")
    assert all(size == n for size, n in sizes)
    one_head = Household.objects.annotate(
        heads=Count("residents", filter=Q(residents__relation_to_head="head"))
    )
    assert not one_head.exclude(heads=1).exists()

    rng = random.Random(0)
    ids = list(Resident.objects.values_list("id", flat=True))
    for r in Resident.objects.filter(id__in=rng.sample(ids, 400)):
        number = r.id_number
        assert ric.is_valid(number), number
        assert ric.get_birth_date(number) == r.birth_date
        assert r.sex == ("M" if int(number[16]) % 2 else "F")
        assert r.id_number_masked == number[:6] + "********" + number[-4:]
        if r.phone_enc:
            assert normalize_phone(r.phone) == r.phone
        if r.birth_date.year < 1983:
            assert number[:6] not in {"150102", "150103", "150104", "150105"}

    ethnicity = Counter(street.values_list("ethnicity", flat=True))
    assert ethnicity.most_common(1)[0][0] == "01"
    assert ethnicity["02"] > ethnicity["03"] > 0
    tags = Counter(Resident.objects.values_list("tags__tag", flat=True))
    for tag in ("elderly_alone", "disabled", "low_income", "needy_worker", "veteran"):
        assert 0 < tags[tag] < 0.05 * 68231, tag
    alone = Resident.objects.filter(tags__tag="elderly_alone").select_related("household")
    assert all(r.household.size == 1 for r in alone[:200])


def check_determinism():
    """The first grid, planned alone, is what the build stored."""
    spec = plan.street_layout(plan.SEED)[0]
    planned = plan.plan_grid(plan.SEED, spec, IdentityMaker())
    stored = Resident.objects.filter(grid__code=spec.code).order_by("id")
    assert [r.name for r in stored] == [p.name for p in planned.people]
    assert [r.id_number_masked for r in stored] == [
        p.id_number[:6] + "********" + p.id_number[-4:] for p in planned.people
    ]
    sample = stored[:50]
    assert [r.id_number for r in sample] == [p.id_number for p in planned.people[:50]]


def check_organization(figures: dict):
    street_org = PartyOrganization.objects.get(name="大学东路街道党工委")
    assert street_org.kind == Kind.WORKING_COMMITTEE and street_org.region.code == "150105001000"
    communities = PartyOrganization.objects.filter(parent=street_org, kind=Kind.PARTY_COMMITTEE)
    assert communities.filter(region__level=4).count() == 6
    branches = PartyOrganization.objects.filter(kind=Kind.GRID_BRANCH).select_related(
        "parent", "grid"
    )
    assert branches.count() == 68
    assert {b.grid_id for b in branches} == set(
        Grid.objects.filter(code__startswith=STREET).values_list("id", flat=True)
    )
    for b in branches:
        assert b.parent.kind == Kind.PARTY_COMMITTEE
        assert b.parent.region_id == b.grid.community_id
        assert b.path.startswith(street_org.path)
    groups = PartyOrganization.objects.filter(kind=Kind.BUILDING_GROUP).select_related(
        "parent", "building"
    )
    assert groups.count() == figures["building_party_groups"] > 400
    for g in groups:
        assert g.parent.kind == Kind.GRID_BRANCH and g.building.grid_id == g.parent.grid_id
    for c in CenterHousehold.objects.select_related("household", "group", "member__resident"):
        assert c.household.building_id == c.group.building_id
        assert c.member.resident.household_id == c.household_id
        assert c.unit_id == c.household.unit_id
    assert figures["party_member_center_households"] > 1000

    # Every party member is a resident with that political status, and back.
    assert (
        PartyMember.objects.count() == Resident.objects.filter(political_status__in=PARTY).count()
    )
    assert not PartyMember.objects.filter(
        status="full", resident__political_status="probationary"
    ).exists()
    assert not PartyMember.objects.filter(
        status="probationary", resident__political_status="party_member"
    ).exists()
    in_street = Resident.objects.filter(grid__code__startswith=STREET, political_status__in=PARTY)
    riders = PartyMember.objects.filter(organization__name="美团青城骑手流动党员党支部")
    assert in_street.count() == figures["party_members"] + riders.count()
    assert 0.05 <= in_street.count() / 68231 <= 0.08
    # One open membership period per member, in the member's organization.
    open_periods = Membership.objects.filter(ended_on=None)
    assert open_periods.count() == PartyMember.objects.count()
    assert not open_periods.exclude(organization_id=F("member__organization_id")).exists()
    assert Membership.objects.exclude(ended_on=None).exists()

    # The riders' mobile branch under the city's non-public committee.
    rider_branch = PartyOrganization.objects.get(name="美团青城骑手流动党员党支部")
    assert rider_branch.is_mobile and rider_branch.kind == Kind.BRANCH
    assert rider_branch.parent.name == "市非公有制经济组织党委"
    assert rider_branch.parent.region.code == "150100000000"
    assert 3 <= riders.count() <= 12 and all(m.is_mobile for m in riders)

    # Village branches with a few members each.
    for v in Region.objects.filter(parent__code="150124100000"):
        branch = PartyOrganization.objects.get(region=v, kind=Kind.BRANCH)
        assert branch.members.filter(status="full").count() >= 3
        assert branch.parent.region.code == "150124100000"

    # Mostly clean, with the two warnings left on purpose.
    street = Region.objects.get(code="150105001000")
    assert sorted(p.code for p in structure_problems(region=street)) == [
        "many_members",
        "no_committee",
    ]

    heads = PlaceRole.objects.filter(role=PlaceRole.Role.BUILDING_HEAD)
    unit_heads = PlaceRole.objects.filter(role=PlaceRole.Role.UNIT_HEAD)
    assert heads.values("building").distinct().count() == 517
    assert unit_heads.values("unit").distinct().count() == 1381
    head_ids = set(heads.values_list("resident_id", flat=True))
    unit_head_ids = set(unit_heads.values_list("resident_id", flat=True))
    assert len(head_ids) == 517 and len(unit_head_ids) == 1381
    assert not head_ids & unit_head_ids
    assert not heads.exclude(resident__household__building_id=F("building_id")).exists()
    assert not unit_heads.exclude(resident__household__unit_id=F("unit_id")).exists()
    assert not unit_heads.exclude(grid_id=F("building__grid_id")).exists()


def check_enterprises():
    enterprises = Enterprise.objects.all()
    assert enterprises.count() == 76
    assert all(uscc.is_valid(e.credit_code) for e in enterprises)
    own = enterprises.filter(party_org_status=Enterprise.PartyOrgStatus.OWN)
    joint = enterprises.filter(party_org_status=Enterprise.PartyOrgStatus.JOINT)
    assert own.count() + joint.count() == 34
    assert not enterprises.exclude(party_org_status="none").filter(party_organization=None).exists()
    assert not enterprises.filter(party_org_status="none", instructor=None).exists()
    assert joint.values("party_organization").distinct().count() < joint.count()
    instructors = set(enterprises.exclude(instructor=None).values_list("instructor_id", flat=True))
    roles = PlaceRole.objects.filter(role=PlaceRole.Role.INSTRUCTOR, region__code="150105001000")
    assert set(roles.values_list("resident_id", flat=True)) == instructors
    assert len(instructors) == 13
    for station in RiderStation.objects.all():
        assert station.name.startswith("红蜂驿站")
        assert {"休息", "充电", "饮水"} <= set(station.offers)
    hosts = set(RiderStation.objects.values_list("host", flat=True))
    assert hosts == {"青城驿站", "小区门房"}


def check_accounts():
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == {
        "demo_admin",
        "demo_district",
        "demo_street",
        "demo_community",
        "demo_grid",
        "demo_grid_other",
        "demo_resident",
        "demo_department",
    }
    for u in users.values():
        assert u.check_password(settings.BANSHI_DEMO_PASSWORD), u
    admin = users["demo_admin"]
    assert admin.is_superuser and admin.is_staff
    for name in ("demo_district", "demo_street", "demo_community"):
        u = users[name]
        assert u.is_staff and not u.is_superuser
        assert u.has_perm("people.view_resident") and u.has_perm("territory.view_grid")
        assert not u.has_perm("people.reveal_personal_info")
    # Only the staff who administer get the Django admin; the rest work in the site.
    for name in ("demo_grid", "demo_grid_other", "demo_department", "demo_resident"):
        assert not users[name].is_staff, name

    def roles(name):
        return list(users[name].role_assignments.select_related("region", "grid", "department"))

    (grid_role,) = roles("demo_grid")
    assert grid_role.role == "grid_worker"
    first = Grid.objects.filter(community__name="乌兰社区").order_by("code").first()
    assert grid_role.grid == first
    (other_role,) = roles("demo_grid_other")
    assert other_role.grid.community.parent.code == "150105001000"
    assert other_role.grid.community.name != "乌兰社区"
    assert roles("demo_district")[0].region.name == "赛罕区"
    assert roles("demo_street")[0].region.name == "大学东路街道"
    assert roles("demo_community")[0].region.name == "乌兰社区"
    assert roles("demo_department")[0].department.name == "热力公司"

    residents = Resident.objects.all()
    mine = restrict(residents, users["demo_grid"])
    assert set(mine.values_list("grid_id", flat=True)) == {first.id}
    assert mine.count() == Resident.objects.filter(grid=first).count() > 500
    assert not restrict(residents, users["demo_grid_other"]).filter(grid=first).exists()
    community = restrict(residents, users["demo_community"])
    assert community.count() == residents.filter(grid__code__startswith="150105001001").count()
    assert restrict(residents, users["demo_street"]).count() == 68231
    assert restrict(residents, users["demo_district"]).count() == 68231
    assert restrict(residents, users["demo_admin"]).count() == residents.count() > 68231
    assert restrict(residents, users["demo_department"]).count() == 0
    (resident_role,) = roles("demo_resident")
    own = restrict(residents, users["demo_resident"])
    assert resident_role.resident.grid == first
    assert set(own.values_list("household_id", flat=True)) == {resident_role.resident.household_id}


@pytest.mark.django_db(transaction=True)
def test_flush_removes_data_and_users(world, make_user):
    make_user("someone", "grid_worker", grid=world.grid1)
    flush_database()
    assert not get_user_model().objects.exists()
    assert not Resident.objects.exists() and not Region.objects.exists()
