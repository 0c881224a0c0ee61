"""The writes of lectures: a team, its members and each talk it gives. Each is one
transaction with keyword-only arguments; a write names only regions and teams inside the
writer's scope (outside it they are refused with the words used for one that does not
exist). `user=None` is the demo builder and the tests' setup, which act as the system."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for, visible

from .models import MAX_AUDIENCE, Lecture, LectureTeam, LectureTeamMember


def _check_region(region, user) -> None:
    if region is None:
        raise ValidationError({"region": _("请选择宣讲所在区划")})
    if user is not None and not scope_for(user).covers_code(region.code):
        raise ValidationError({"region": _("区划不存在")})


@transaction.atomic
def lecture_team_create(
    *, name: str, region, organization=None, host_unit: str = "", user=None
) -> LectureTeam:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写宣讲队名称")})
    if organization is None and not host_unit.strip():
        raise ValidationError({"host_unit": _("不属于党组织的宣讲队请填写所属单位")})
    _check_region(region, user)
    if organization is not None and user is not None and not visible(organization, user):
        raise ValidationError({"organization": _("党组织不存在")})
    team = LectureTeam(
        name=name, region=region, organization=organization, host_unit=host_unit.strip()
    )
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def lecture_team_member_add(
    *, team: LectureTeam, name: str, resident=None, role: str = "", user=None
) -> LectureTeamMember:
    if user is not None and not visible(team, user):
        raise ValidationError({"team": _("宣讲队不存在")})
    name = (name or "").strip() or (resident.name if resident is not None else "")
    if not name:
        raise ValidationError({"name": _("请填写队员姓名")})
    member = LectureTeamMember(team=team, name=name, resident=resident, role=role.strip())
    member.full_clean()
    member.save()
    return member


def _check_lecture(*, topic, speaker_name, venue_kind, audience_kind, audience_size, held_on):
    errors = {}
    if not (topic or "").strip():
        errors["topic"] = _("请填写宣讲主题")
    if not (speaker_name or "").strip():
        errors["speaker_name"] = _("请填写宣讲人")
    if venue_kind not in Lecture.VenueKind.values:
        errors["venue_kind"] = _("场所类型无效")
    if audience_kind not in Lecture.AudienceKind.values:
        errors["audience_kind"] = _("听众类别无效")
    if not isinstance(audience_size, int) or isinstance(audience_size, bool):
        errors["audience_size"] = _("听众人数须为整数")
    elif audience_size < 0:
        errors["audience_size"] = _("听众人数不能为负数")
    elif audience_size > MAX_AUDIENCE:
        errors["audience_size"] = _("听众人数不能超过%(n)d人") % {"n": MAX_AUDIENCE}
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = _("请填写宣讲日期")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("宣讲日期不能晚于今天")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def lecture_record(
    *,
    region,
    held_on: datetime.date,
    topic: str,
    speaker_name: str,
    venue_kind: str,
    place: str,
    audience_size: int,
    audience_kind: str,
    team: LectureTeam | None = None,
    host_unit: str = "",
    user=None,
) -> Lecture:
    """A talk that was given (never a planned one: the date may not be in the future)."""
    _check_lecture(
        topic=topic,
        speaker_name=speaker_name,
        venue_kind=venue_kind,
        audience_kind=audience_kind,
        audience_size=audience_size,
        held_on=held_on,
    )
    _check_region(region, user)
    if team is not None and user is not None and not visible(team, user):
        raise ValidationError({"team": _("宣讲队不存在")})
    if not host_unit.strip() and team is not None:
        host_unit = team.host_unit or (team.organization.name if team.organization_id else "")
    lecture = Lecture(
        team=team,
        speaker_name=speaker_name.strip(),
        host_unit=host_unit.strip(),
        topic=topic.strip(),
        venue_kind=venue_kind,
        place=(place or "").strip() or region.name,
        region=region,
        held_on=held_on,
        audience_size=audience_size,
        audience_kind=audience_kind,
        created_by=user,
    )
    lecture.full_clean()
    lecture.save()
    return lecture
