"""What a work report may say of a unit's volunteer teams: the registered volunteers (and
the number of teams) of the teams its subtree owns, its enterprises' too, now; the url opens
exactly those teams on the volunteers page (a bad filter 400, an organization out of scope
404, other units' teams kept out); a subject volunteers do not know gives nothing."""

import datetime
from types import SimpleNamespace

import pytest

from banshi.core.reportfacts import Claim, unit_facts
from banshi.enterprises.models import Enterprise
from banshi.organizations.models import PartyOrganization
from banshi.people.services import resident_create
from banshi.volunteers import reportfacts
from banshi.volunteers.models import Volunteer, VolunteerTeam
from tests.conftest import make_id_number

JOINED = datetime.date(2024, 3, 5)


def _members(team, n, *, start, inactive=0):
    for i in range(n + inactive):
        resident = resident_create(
            name=f"志愿者{start + i}", id_number=make_id_number(start + i, birth="19880101")
        )
        Volunteer.objects.create(team=team, resident=resident, joined_on=JOINED, active=i < n)


@pytest.fixture
def units(world, staff):
    company = PartyOrganization.objects.create(
        name="公交公司党委", kind=PartyOrganization.Kind.PARTY_COMMITTEE, region=world.street
    )
    fleet = PartyOrganization.objects.create(
        name="一车队党支部",
        kind=PartyOrganization.Kind.BRANCH,
        parent=company,
        region=world.street,
    )
    other = PartyOrganization.objects.create(
        name="新城区党支部", kind=PartyOrganization.Kind.BRANCH, region=world.other_district
    )
    enterprise = Enterprise.objects.create(
        name="公交维修厂",
        credit_code="91150105MA0000001X",
        grid=world.grid1,
        party_org_status=Enterprise.PartyOrgStatus.OWN,
        party_organization=fleet,
    )
    own = VolunteerTeam.objects.create(
        name="雷锋志愿服务队", organization=company, region=world.street
    )
    fleet_team = VolunteerTeam.objects.create(
        name="车队志愿服务队", organization=fleet, region=world.street
    )
    works = VolunteerTeam.objects.create(
        name="维修厂志愿服务队", enterprise=enterprise, region=world.community
    )
    elsewhere = VolunteerTeam.objects.create(
        name="新城区志愿服务队", organization=other, region=world.other_district
    )
    _members(own, 3, start=500, inactive=1)
    _members(fleet_team, 2, start=600)
    _members(works, 1, start=700)
    _members(elsewhere, 4, start=800)
    return SimpleNamespace(company=company, fleet=fleet, other=other)


def one(org, subject, unit):
    facts = reportfacts.unit_facts(org, Claim(subject=subject, unit=unit, period=None))
    assert len(facts) == 1, facts
    return facts[0]


def test_registered_volunteers_of_the_subtree(units):
    fact = one(units.company, "志愿服务队", "人")
    assert (fact.key, fact.value) == ("volunteers.registered", 6)  # 3 + 2 + the works' 1
    assert one(units.fleet, "志愿者", "名").value == 3
    assert one(units.other, "志愿服务队", "人").value == 4
    teams = one(units.company, "志愿服务队", "支")
    assert (teams.key, teams.value) == ("volunteers.teams", 3)
    facts = unit_facts(units.company, Claim("雷锋志愿服务队", "人", None))
    assert [(f.key, f.value) for f in facts] == [("volunteers.registered", 6)]


def test_a_subject_volunteers_do_not_know_gives_nothing(units):
    for subject, unit in (("表扬信", "封"), ("志愿服务队", "小时"), ("网格", "个")):
        assert reportfacts.unit_facts(units.company, Claim(subject, unit, None)) == []


def test_the_url_opens_exactly_the_subtree_teams(units, staff, login):
    fact = one(units.company, "志愿服务队", "人")
    page = login(staff.street).get(fact.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "在册志愿者 6 人" in body
    assert "雷锋志愿服务队" in body and "车队志愿服务队" in body and "维修厂志愿服务队" in body
    assert "新城区志愿服务队" not in body


def test_the_filter_refuses_bad_and_out_of_scope_units(units, staff, login):
    c = login(staff.street)
    r = c.get("/volunteers/", {"org": "abc"})
    assert r.status_code == 400 and "党组织无效" in r.content.decode()
    assert c.get("/volunteers/", {"org": units.other.pk}).status_code == 404
    fact = one(units.company, "志愿服务队", "人")
    assert login(staff.elsewhere).get(fact.url).status_code == 404
