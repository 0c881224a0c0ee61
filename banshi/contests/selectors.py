"""The reads of contests. Staff read through their scope (`restrict`): a county's contest,
its stages and heats reach everyone whose territory covers the county, and a heat above it
(the city final) through its contest. A judge's own road is their assignments: they see
the heats they judge and nothing else of a contest outside their scope. An entrant sees
the published results of the heats they entered."""

from django.db.models import Count, QuerySet

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import CommitteeSeat, PartyMember

from .models import Contest, Entry, Heat, JudgeAssignment, Result, ScoreSheet


def contest_list(*, user) -> QuerySet[Contest]:
    # distinct: the scope may reach a contest through several of its heats
    return restrict(Contest.objects.select_related("region"), user).distinct()


def contest_get(*, user, pk: int) -> Contest:
    """Contest.DoesNotExist outside the scope (→ 404)."""
    return contest_list(user=user).get(pk=pk)


def _heats() -> QuerySet[Heat]:
    return Heat.objects.select_related("stage__contest__region", "region")


def judged_heats(*, user) -> QuerySet[Heat]:
    """The heats the user judges, whatever their territory."""
    return _heats().filter(judges__user=user).order_by("scheduled_at", "id")


def heat_get(*, user, pk: int) -> tuple[Heat, str]:
    """(the heat, how the user reaches it: "scope", "judge" or "entrant");
    Heat.DoesNotExist when none (→ 404). An entrant reaches only a published heat."""
    if restrict(_heats().filter(pk=pk), user).exists():
        return _heats().get(pk=pk), "scope"
    judged = judged_heats(user=user).filter(pk=pk).first()
    if judged is not None:
        return judged, "judge"
    entered = _entrant_heats(user).filter(pk=pk, status=Heat.Status.PUBLISHED).first()
    if entered is not None:
        return entered, "entrant"
    raise Heat.DoesNotExist


def _entrant_heats(user) -> QuerySet[Heat]:
    """The heats the user entered: their resident record (the resident role) is the
    entrant party member's."""
    own = scope_for(user).resident_ids
    return _heats().filter(entries__member__resident_id__in=own).distinct()


def stage_heats(*, contest: Contest, user) -> QuerySet[Heat]:
    qs = (
        _heats()
        .filter(stage__contest=contest)
        .annotate(
            n_entries=Count("entries", distinct=True),
            n_judges=Count("judges", distinct=True),
            n_sheets=Count("entries__sheets", distinct=True),
        )
    )
    return restrict(qs, user).order_by("stage__order", "region__code", "id")


def heat_entries(*, heat: Heat) -> QuerySet[Entry]:
    """The heat's entrants; the caller has reached the heat (heat_get)."""
    return heat.entries.select_related("member__resident", "organization")


def heat_judges(*, heat: Heat) -> QuerySet[JudgeAssignment]:
    """The judges with how many sheets each has handed in (coverage, never a ranking)."""
    return heat.judges.annotate(n_sheets=Count("sheets")).order_by("id")


def heat_sheets(*, heat: Heat) -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.filter(entry__heat=heat).select_related(
        "judge", "entry__member__resident"
    )


def heat_results(*, heat: Heat) -> QuerySet[Result]:
    return Result.objects.filter(entry__heat=heat).select_related(
        "entry__member__resident", "entry__organization"
    )


def judge_sheets(*, user, heat: Heat) -> dict[int, ScoreSheet]:
    """{entry id: the judge's sheet} for the judge's own sheets in the heat."""
    rows = ScoreSheet.objects.filter(judge__user=user, entry__heat=heat)
    return {s.entry_id: s for s in rows}


def entry_candidates(*, heat: Heat, user) -> list[PartyMember]:
    """Whom the organizers may enter in the heat: the secretaries (SECRETARY seat) of the
    branches in the heat's region who are not entered yet, within the user's scope."""
    seats = CommitteeSeat.objects.filter(
        post=CommitteeSeat.Post.SECRETARY,
        ended_on__isnull=True,
        organization__territory_code__startswith=heat.region.prefix,
    ).exclude(member__contest_entries__heat=heat)
    seats = restrict(seats.select_related("member__resident"), user)
    return [s.member for s in seats.order_by("organization__territory_code", "id")[:500]]
