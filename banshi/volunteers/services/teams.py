"""Writes of a team's set-up: the team under its owner, its registered volunteers (by a
manager, or a resident joining an open team of their community or street themself), its
activities, and the volunteers' sign-ups."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for, visible
from banshi.enterprises.models import Enterprise
from banshi.organizations.models import PartyOrganization
from banshi.people.models import Resident
from banshi.territory.models import Region

from ..models import Volunteer, VolunteerActivity, VolunteerSignUp, VolunteerTeam
from ._common import (
    actor,
    aware,
    can_manage,
    check_manager,
    home_regions,
    own_resident_ids,
    text,
)

MAX_CAPACITY = 10000
MAX_LENGTH = datetime.timedelta(hours=24)
OWNER_KINDS = {Region.Kind.COMMUNITY, Region.Kind.STREET}


def _organization_region(org: PartyOrganization) -> Region | None:
    if org.region_id:
        return org.region
    if org.grid_id:
        return org.grid.community
    if org.building_id:
        return org.building.grid.community
    return None


def owner_region(owner) -> Region | None:
    """The region a team under `owner` (a party organization, an enterprise, a community or
    street) would have."""
    if isinstance(owner, PartyOrganization):
        return _organization_region(owner)
    if isinstance(owner, Enterprise):
        return owner.grid.community
    return owner if isinstance(owner, Region) and owner.kind in OWNER_KINDS else None


def may_found(user, owner) -> bool:
    """Whether `user` may set up a team under `owner`: they would manage it."""
    region = owner_region(owner)
    if region is None:
        return False
    probe = VolunteerTeam(
        region=region,
        organization=owner if isinstance(owner, PartyOrganization) else None,
        enterprise=owner if isinstance(owner, Enterprise) else None,
    )
    return can_manage(user, probe)


@transaction.atomic
def team_create(
    *,
    name: str,
    organization: PartyOrganization | None = None,
    enterprise: Enterprise | None = None,
    community: Region | None = None,
    seal: str = "",
    open_to_join: bool = True,
    user=None,
) -> VolunteerTeam:
    """A team with exactly one owner; its region is the owner's."""
    owners = [o for o in (organization, enterprise, community) if o is not None]
    if len(owners) != 1:
        raise ValidationError(_("志愿服务队须且只能属于一个党组织、企业或社区（街道）"))
    if organization is not None:
        region = _organization_region(organization)
    elif enterprise is not None:
        region = enterprise.grid.community
    else:
        if not isinstance(community, Region) or community.kind not in OWNER_KINDS:
            raise ValidationError(_("志愿服务队只能设在社区或街道"))
        region = community
    if region is None:
        raise ValidationError(_("该党组织没有服务区划，不能设立志愿服务队"))
    team = VolunteerTeam(
        name=text(name, what=_("队伍名称"), limit=100, required=True),
        organization=organization,
        enterprise=enterprise,
        community=community,
        region=region,
        seal=text(seal, what=_("印章名称"), limit=100),
        open_to_join=bool(open_to_join),
    )
    check_manager(user, team)
    if VolunteerTeam.objects.filter(name=team.name, region=region).exists():
        raise ValidationError(_("本区划已有同名的志愿服务队"))
    team.save()
    return team


@transaction.atomic
def volunteer_register(
    *, team: VolunteerTeam, resident: Resident, joined_on: datetime.date | None = None, user=None
) -> Volunteer:
    """A resident joins a team: themself, or registered by the team's manager (who must see
    the resident)."""
    if not isinstance(resident, Resident):
        raise ValidationError(_("居民不存在"))
    if user is not None and resident.pk not in own_resident_ids(user):
        check_manager(user, team)
        if not visible(resident, user):
            raise ValidationError(_("居民不存在"))
    joined_on = joined_on or timezone.localdate()
    if not isinstance(joined_on, datetime.date) or joined_on > timezone.localdate():
        raise ValidationError(_("请填写有效的注册日期"))
    existing = Volunteer.objects.filter(team=team, resident=resident).first()
    if existing is not None:
        if existing.active:
            raise ValidationError(_("该居民已是本队志愿者"))
        existing.active = True
        existing.save(update_fields=["active"])
        return existing
    try:
        with transaction.atomic():
            return Volunteer.objects.create(team=team, resident=resident, joined_on=joined_on)
    except IntegrityError:
        raise ValidationError(_("该居民已是本队志愿者")) from None


@transaction.atomic
def volunteer_join(
    *, team: VolunteerTeam, user, joined_on: datetime.date | None = None
) -> Volunteer:
    """The user's resident joins `team` themself: a team open to joining, of the community
    or street where the resident lives. A former member who left is in the team again."""
    residents = own_resident_ids(user)
    if not residents:
        raise ValidationError(_("您没有居民档案，不能加入志愿服务队"))
    team = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
    if Volunteer.objects.filter(team=team, resident_id__in=residents, active=True).exists():
        raise ValidationError(_("已是该队志愿者"))
    if not team.open_to_join:
        raise ValidationError(_("该志愿服务队暂不接受自主加入，请联系队伍登记"))
    homes = home_regions(residents)
    resident_id = next((pk for pk in residents if team.region_id in homes.get(pk, ())), None)
    if resident_id is None:
        raise ValidationError(_("只能加入本社区（街道）的志愿服务队"))
    joined_on = joined_on or timezone.localdate()
    existing = Volunteer.objects.filter(team=team, resident_id=resident_id).first()
    if existing is not None:
        existing.active = True
        existing.save(update_fields=["active"])
        return existing
    try:
        with transaction.atomic():
            return Volunteer.objects.create(team=team, resident_id=resident_id, joined_on=joined_on)
    except IntegrityError:
        raise ValidationError(_("已是该队志愿者")) from None


@transaction.atomic
def activity_create(
    *,
    team: VolunteerTeam,
    title: str,
    place: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity,
    content: str = "",
    user=None,
) -> VolunteerActivity:
    check_manager(user, team)
    starts_at = aware(starts_at, what=_("开始时间"))
    ends_at = aware(ends_at, what=_("结束时间"))
    if ends_at <= starts_at:
        raise ValidationError(_("结束时间应晚于开始时间"))
    if ends_at - starts_at > MAX_LENGTH:
        raise ValidationError(_("一次活动不能超过24小时"))
    try:
        capacity = int(str(capacity).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("招募人数应为正整数")) from None
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(_("招募人数应在1至%(n)d之间") % {"n": MAX_CAPACITY})
    return VolunteerActivity.objects.create(
        team=team,
        title=text(title, what=_("活动名称"), limit=100, required=True),
        place=text(place, what=_("服务地点"), limit=200, required=True),
        content=text(content, what=_("服务内容")),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        created_by=actor(user),
    )


def own_volunteer(user, team: VolunteerTeam) -> Volunteer | None:
    ids = own_resident_ids(user)
    if not ids:
        return None
    return Volunteer.objects.filter(team=team, resident_id__in=ids, active=True).first()


@transaction.atomic
def sign_up(
    *, activity: VolunteerActivity, volunteer: Volunteer, user=None, at=None
) -> VolunteerSignUp:
    """A volunteer of the team signs up, while the activity has not ended and has room."""
    if user is not None and volunteer.resident_id not in own_resident_ids(user):
        raise PermissionDenied(_("只能为本人报名"))
    activity = VolunteerActivity.objects.select_for_update().get(pk=activity.pk)
    if volunteer.team_id != activity.team_id or not volunteer.active:
        raise ValidationError(_("您不是本队在册志愿者"))
    at = at or timezone.now()
    if at >= activity.ends_at:
        raise ValidationError(_("活动已结束，不能报名"))
    if VolunteerSignUp.objects.filter(activity=activity, volunteer=volunteer).exists():
        raise ValidationError(_("您已报名本次活动"))
    if activity.signups.count() >= activity.capacity:
        raise ValidationError(_("报名人数已满"))
    return VolunteerSignUp.objects.create(activity=activity, volunteer=volunteer, signed_up_at=at)


def is_staff_of_scope(user) -> bool:
    scope = scope_for(user)
    return scope.everything or bool(scope.prefixes or scope.org_paths or scope.instructor_ids)
