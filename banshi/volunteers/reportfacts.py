"""What a work report may say of a unit's volunteer teams, for the work-report checker
(`banshi.core.reportfacts`): the volunteers registered now ("组建的雷锋志愿服务队注册人数
达1000余人") and the number of teams, of the teams owned by the unit's subtree or by an
enterprise whose party organization is in it.

A region's volunteers need no place fact: the registered figure `volunteers_registered`
counts them by the teams' region. The report's words are matched here, so they are written
as reports write them."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from banshi.core.reportfacts import Claim, Fact

from .models import Volunteer
from .selectors import unit_teams

MEMBER_SUBJECTS = frozenset(
    {"志愿服务队", "雷锋志愿服务队", "志愿者", "注册志愿者", "志愿服务队注册人数", "志愿者队伍"}
)
MEMBER_UNITS = frozenset({"人", "名"})
TEAM_SUBJECTS = frozenset({"志愿服务队", "雷锋志愿服务队", "志愿者队伍"})
TEAM_UNITS = frozenset({"支", "个"})


def teams_url(org) -> str:
    return f"{reverse('volunteers:index')}?{urlencode({'org': org.pk})}"


def unit_facts(org, claim: Claim) -> list[Fact]:
    subject = claim.subject.strip()
    if subject in MEMBER_SUBJECTS and (not claim.unit or claim.unit in MEMBER_UNITS):
        members = Volunteer.objects.filter(active=True, team__in=unit_teams(org).values("pk"))
        return [
            Fact(
                key="volunteers.registered",
                label=_("注册志愿者"),
                value=members.count(),
                url=teams_url(org),
            )
        ]
    if subject in TEAM_SUBJECTS and claim.unit in TEAM_UNITS:
        return [
            Fact(
                key="volunteers.teams",
                label=_("志愿服务队"),
                value=unit_teams(org).count(),
                url=teams_url(org),
            )
        ]
    return []
