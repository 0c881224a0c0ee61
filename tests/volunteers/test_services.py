"""The volunteers' writes: a team has exactly one owner and its owner's region; only its
managers register volunteers and publish activities; sign-up has room and a deadline; the
phone's sign-in is checked against the code of its moment, kept once by its client_id,
limited to the activity's time; the organiser records the present only; hours round down to
half hours and never exceed the activity; corrections and certificates as the rules say."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banshi.enterprises.models import Enterprise
from banshi.organizations.services import organization_create
from banshi.volunteers import services
from banshi.volunteers.codes import checkin_code
from banshi.volunteers.models import (
    HoursCorrection,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerCertificate,
    VolunteerSignUp,
    VolunteerTeam,
    hours_between,
)
from banshi.volunteers.stars import stars_for

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)


def test_a_team_has_one_owner_and_the_owner_s_region(world, staff):
    with pytest.raises(ValidationError):
        services.team_create(name="无主队", user=staff.community)
    committee = organization_create(
        name="乌兰社区党委", kind="party_committee", region=world.community
    )
    with pytest.raises(ValidationError):
        services.team_create(name="两主队", community=world.community, organization=committee)
    with pytest.raises(ValidationError):  # a district is no community
        services.team_create(name="区队", community=world.district, user=None)
    with pytest.raises(ValidationError):
        services.team_create(name=" ", community=world.community, user=staff.community)
    with pytest.raises(PermissionDenied):  # another community's staff
        services.team_create(name="外队", community=world.community, user=staff.other)
    org = organization_create(name="公交党委", kind="party_committee", region=world.city)
    team = services.team_create(name="雷锋志愿服务队", organization=org)
    assert team.region == world.city and team.owner == org
    enterprise = Enterprise.objects.create(
        name="某公司", credit_code="91150100MA0N0X0X0A", grid=world.grid2
    )
    team = services.team_create(name="企业队", enterprise=enterprise, user=staff.street)
    assert team.region == world.community
    assert VolunteerTeam.objects.count() == 2


def test_registering_volunteers(world, team, staff, member, make_user):
    with pytest.raises(ValidationError):  # already in
        services.volunteer_register(team=team, resident=member.resident, user=staff.community)
    stranger = world.residents[world.grid3.code][0]
    with pytest.raises(PermissionDenied):  # not the team's manager, not themself
        services.volunteer_register(team=team, resident=stranger, user=staff.other)
    with pytest.raises(ValidationError):
        services.volunteer_register(team=team, resident=None, user=staff.community)
    assert Volunteer.objects.count() == 1


def test_activity_bad_input_writes_nothing(team, staff):
    now = timezone.now()
    ok = {"team": team, "title": "活动", "place": "社区", "starts_at": now, "ends_at": now + H}
    bad = [
        {"ends_at": now},
        {"ends_at": now + 25 * H},
        {"starts_at": datetime.datetime(2026, 1, 1, 9)},  # naive
        {"title": ""},
        {"place": "x" * 201},
        {"capacity": "0"},
        {"capacity": "十"},
    ]
    for change in bad:
        args = {**ok, "capacity": 5, **change}
        with pytest.raises(ValidationError) as exc:
            services.activity_create(**args, user=staff.community)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))
    with pytest.raises(PermissionDenied):
        services.activity_create(**ok, capacity=5, user=staff.other)
    assert not VolunteerActivity.objects.exists()


def test_sign_up_room_and_ownership(activity, member, other_member):
    with pytest.raises(PermissionDenied):
        services.sign_up(activity=activity, volunteer=member.volunteer, user=other_member.user)
    services.sign_up(activity=activity, volunteer=member.volunteer, user=member.user)
    with pytest.raises(ValidationError):
        services.sign_up(activity=activity, volunteer=member.volunteer, user=member.user)
    VolunteerActivity.objects.filter(pk=activity.pk).update(capacity=1)
    with pytest.raises(ValidationError):
        services.sign_up(
            activity=activity, volunteer=other_member.volunteer, user=other_member.user
        )
    assert VolunteerSignUp.objects.count() == 1


def _sign_in(activity, member, *, at, code=None, cid=None):
    return services.sign_in(
        activity=activity,
        volunteer=member.volunteer,
        code=checkin_code(activity, at) if code is None else code,
        client_id=cid or uuid.uuid4(),
        at=at,
        user=member.user,
    )


def test_phone_sign_in_is_checked_against_its_moment(activity, member, other_member):
    at = activity.starts_at + 5 * M
    with pytest.raises(ValidationError):  # the code of another moment
        _sign_in(activity, member, at=at, code=checkin_code(activity, at + 10 * M))
    with pytest.raises(ValidationError):  # before the window
        _sign_in(activity, member, at=activity.starts_at - 31 * M)
    with pytest.raises(ValidationError):  # in the future
        _sign_in(activity, member, at=timezone.now() + H)
    with pytest.raises(ValidationError):
        _sign_in(activity, member, at=at, cid="not-a-uuid")
    with pytest.raises(PermissionDenied):  # for someone else
        services.sign_in(
            activity=activity,
            volunteer=member.volunteer,
            code=checkin_code(activity, at),
            client_id=uuid.uuid4(),
            at=at,
            user=other_member.user,
        )
    assert not ServiceRecord.objects.exists()
    cid = uuid.uuid4()
    first = _sign_in(activity, member, at=at, cid=cid)
    assert _sign_in(activity, member, at=at, cid=cid) == first
    with pytest.raises(ValidationError):  # the same client_id for another volunteer
        _sign_in(activity, other_member, at=at, cid=cid)
    assert ServiceRecord.objects.count() == 1


def test_sign_out_needs_a_sign_in_and_comes_after_it(activity, member):
    at = activity.starts_at + 60 * M
    with pytest.raises(ValidationError):
        services.sign_out(
            activity=activity,
            volunteer=member.volunteer,
            code=checkin_code(activity, at),
            client_id=uuid.uuid4(),
            at=at,
            user=member.user,
        )
    _sign_in(activity, member, at=at)
    earlier = at - 10 * M
    with pytest.raises(ValidationError):
        services.sign_out(
            activity=activity,
            volunteer=member.volunteer,
            code=checkin_code(activity, earlier),
            client_id=uuid.uuid4(),
            at=earlier,
            user=member.user,
        )
    assert ServiceRecord.objects.get().signed_out_at is None


def test_hours_round_down_and_are_capped():
    t = datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)
    cap = Decimal(3)
    assert hours_between(t, t + 29 * M, cap=cap) == Decimal(0)
    assert hours_between(t, t + 30 * M, cap=cap) == Decimal("0.5")
    assert hours_between(t, t + 119 * M, cap=cap) == Decimal("1.5")
    assert hours_between(t, t + 5 * H, cap=cap) == Decimal(3)
    assert hours_between(t, t - H, cap=cap) == Decimal(0)


def test_stars_at_the_thresholds():
    assert [stars_for(h) for h in (0, 99.5, 100, 299.5, 300, 600, 1000, 1499.5, 1500, 9999)] == [
        0,
        0,
        1,
        1,
        2,
        3,
        4,
        4,
        5,
        5,
    ]


def test_organiser_records_the_present_only_and_never_themself(
    activity, member, staff, make_user, world
):
    record = services.organiser_sign_in(
        activity=activity, volunteer=member.volunteer, user=staff.community, at=activity.starts_at
    )
    assert abs(record.signed_in_at - timezone.now()) < M  # the given time is ignored
    assert record.source == "organiser" and record.recorded_by == staff.community
    with pytest.raises(ValidationError):
        services.organiser_sign_in(
            activity=activity, volunteer=member.volunteer, user=staff.community
        )
    with pytest.raises(PermissionDenied):
        services.organiser_sign_out(activity=activity, volunteer=member.volunteer, user=staff.other)
    both = make_user("both", "community", region=world.community)
    from banshi.access.models import RoleAssignment  # noqa: PLC0415 - this test only

    RoleAssignment.objects.create(user=both, role="resident", resident=member.resident)
    with pytest.raises(PermissionDenied):
        services.organiser_sign_out(activity=activity, volunteer=member.volunteer, user=both)


def _closed(activity, member, hours):
    services.organiser_sign_in(activity=activity, volunteer=member.volunteer, at=activity.starts_at)
    return services.organiser_sign_out(
        activity=activity,
        volunteer=member.volunteer,
        at=activity.starts_at + datetime.timedelta(hours=hours),
    )


def test_corrections_bounds_and_second_person(activity, member, staff):
    record = _closed(activity, member, 2)
    assert record.hours == Decimal(2)
    for delta in ("0", "0.3", "-3", "4", "abc", "NaN"):
        with pytest.raises(ValidationError):
            services.correction_request(
                record=record, delta=delta, reason="理由", user=staff.community
            )
    with pytest.raises(ValidationError):
        services.correction_request(record=record, delta="1", reason="", user=staff.community)
    with pytest.raises(PermissionDenied):
        services.correction_request(record=record, delta="1", reason="理由", user=staff.other)
    assert not HoursCorrection.objects.exists()
    own = services.correction_request(
        record=record, delta="-0.5", reason="提前离开", user=member.user
    )
    with pytest.raises(PermissionDenied):  # a volunteer approves nothing
        services.correction_approve(correction=own, user=member.user)
    with pytest.raises(PermissionDenied):  # nor an outsider
        services.correction_approve(correction=own, user=staff.other)
    services.correction_approve(correction=own, user=staff.community)
    with pytest.raises(ValidationError):
        services.correction_approve(correction=own, user=staff.street)


def test_certificate_needs_hours_and_is_one_s_own(activity, member, other_member, staff):
    with pytest.raises(ValidationError):
        services.certificate_issue(volunteer=member.volunteer, user=member.user)
    _closed(activity, member, 2)
    with pytest.raises(PermissionDenied):
        services.certificate_issue(volunteer=member.volunteer, user=other_member.user)
    with pytest.raises(PermissionDenied):
        services.certificate_issue(volunteer=member.volunteer, user=staff.other)
    assert not VolunteerCertificate.objects.exists()
    a = services.certificate_issue(volunteer=member.volunteer, user=member.user)
    b = services.certificate_issue(volunteer=member.volunteer, user=staff.community)
    assert a.code != b.code and a.hours == b.hours == Decimal(2)
