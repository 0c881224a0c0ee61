"""The reads of lectures, every one through the viewer's scope: a team and its talks, a
region's talks with filters, and the teams a form may name."""

from django.db.models import Count, QuerySet, Sum

from banshi.access.scope import restrict
from banshi.core.periods import Period

from .models import Lecture, LectureTeam


def team_get(*, user, pk: int) -> LectureTeam:
    """LectureTeam.DoesNotExist outside the scope (→ 404)."""
    qs = LectureTeam.objects.select_related("organization", "region")
    return restrict(qs, user).get(pk=pk)


def team_list(*, user) -> QuerySet[LectureTeam]:
    return restrict(LectureTeam.objects.select_related("region"), user)


def team_lectures(*, team: LectureTeam, user) -> QuerySet[Lecture]:
    return restrict(team.lectures.select_related("region"), user)


def region_lectures(
    *,
    region,
    user,
    period: Period | None = None,
    venue_kind: str = "",
    audience_kind: str = "",
    team_id: int | None = None,
) -> QuerySet[Lecture]:
    qs = Lecture.objects.filter(region__code__startswith=region.prefix)
    if period is not None:
        qs = qs.filter(period.q("held_on"))
    if venue_kind:
        qs = qs.filter(venue_kind=venue_kind)
    if audience_kind:
        qs = qs.filter(audience_kind=audience_kind)
    if team_id:
        qs = qs.filter(team_id=team_id)
    return restrict(qs.select_related("team", "region"), user)


def totals(qs: QuerySet[Lecture]) -> dict:
    row = qs.order_by().aggregate(n=Count("id"), audience=Sum("audience_size"))
    return {"lectures": row["n"], "audience": row["audience"] or 0}
