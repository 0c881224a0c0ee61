"""Reads of the party organization, always through the user's scope (`restrict`): the
organizations in scope as a tree, one organization, the organizations under it, its
members, its committee and the development of its members."""

import datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from banshi.access.scope import restrict, scope_for

from .models import Applicant, CommitteeSeat, PartyMember, PartyOrganization


def organization_list(*, user) -> QuerySet[PartyOrganization]:
    """The organizations in the user's scope, in tree order (by materialized path)."""
    return restrict(PartyOrganization.objects.order_by("path"), user)


def organization_tree(*, user) -> QuerySet[PartyOrganization]:
    """`organization_list` with each organization's own member count (`member_count`)."""
    return organization_list(user=user).annotate(member_count=Count("members"))


def organization_get(*, user, pk: int) -> PartyOrganization:
    """PartyOrganization.DoesNotExist outside the user's scope (→ 404)."""
    qs = organization_list(user=user).select_related("parent", "region", "grid", "building__grid")
    return qs.get(pk=pk)


def organization_visible(*, user, pk: int | None) -> bool:
    """Whether the organization `pk` is in the user's scope (to link it or only name it)."""
    return pk is not None and organization_list(user=user).filter(pk=pk).exists()


def organization_children(*, user, organization: PartyOrganization) -> QuerySet[PartyOrganization]:
    """The organizations directly under `organization` that the user may see, with counts."""
    return organization_tree(user=user).filter(parent=organization)


def member_list(
    *, user, organization: PartyOrganization, subtree: bool = False
) -> QuerySet[PartyMember]:
    """The members of `organization` (with `subtree`, also of every organization under
    it) in the user's scope, by name."""
    qs = PartyMember.objects.select_related("resident")
    if subtree:
        qs = qs.filter(organization__path__startswith=organization.path)
    else:
        qs = qs.filter(organization=organization)
    return restrict(qs, user).order_by("resident__name", "pk")


def is_party_member(user) -> bool:
    """Whether the user signs in as a resident who is a party member (the menus of a
    member's own party life: check-in, learning materials)."""
    resident_ids = scope_for(user).resident_ids if user.is_authenticated else ()
    return bool(resident_ids) and PartyMember.objects.filter(resident_id__in=resident_ids).exists()


def seats_open_on(day: datetime.date) -> Q:
    """The seats held on `day` (a seat ends the day its holder leaves)."""
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def committee_members_on(organization_ids, day: datetime.date) -> QuerySet[PartyMember]:
    """The members holding a seat on any of the organizations' committees on `day` (the
    expected list of a committee meeting; no scope: the caller has checked it)."""
    seats = CommitteeSeat.objects.filter(seats_open_on(day), organization_id__in=organization_ids)
    return PartyMember.objects.filter(pk__in=seats.values("member_id"))


def committee_seats(*, user, organization: PartyOrganization) -> QuerySet[CommitteeSeat]:
    """The organization's seats, current first, then the history, in the user's scope."""
    qs = CommitteeSeat.objects.filter(organization=organization).select_related("member__resident")
    rank = Case(
        *(When(post=p, then=Value(i)) for i, p in enumerate(CommitteeSeat.Post.values)),
        output_field=IntegerField(),
    )
    return restrict(qs, user).order_by(
        F("ended_on").desc(nulls_first=True), rank, "started_on", "pk"
    )


def secretary_vacant_since(
    organization: PartyOrganization, day: datetime.date
) -> datetime.date | None:
    """Since when the organization has had no secretary on `day` (the day the last one
    left), or None while one holds the post or none was ever recorded."""
    seats = CommitteeSeat.objects.filter(
        organization=organization, post=CommitteeSeat.Post.SECRETARY, started_on__lte=day
    )
    if seats.filter(seats_open_on(day)).exists():
        return None
    last = seats.filter(ended_on__lte=day).order_by("-ended_on").first()
    return last.ended_on if last else None


def applicants(*, user, organization: PartyOrganization) -> QuerySet[Applicant]:
    """The organization's development records in the user's scope: open ones first (by
    application), then the ended ones."""
    qs = Applicant.objects.filter(organization=organization).select_related("resident")
    ended = Case(
        When(Q(admitted_on__isnull=False) | Q(dropped_on__isnull=False), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return restrict(qs, user).order_by(ended, "applied_on", "pk")


def last_candidate_on(organization: PartyOrganization, day: datetime.date) -> datetime.date | None:
    """The last day up to `day` on which the organization named a candidate for membership
    (发展对象) — or admitted a member, who was one before: members admitted before Banshi
    kept development records count too. None: neither ever recorded."""
    named = (
        Applicant.objects.filter(organization=organization, candidate_on__lte=day)
        .order_by("-candidate_on")
        .values_list("candidate_on", flat=True)
        .first()
    )
    joined = (
        PartyMember.objects.filter(organization=organization, joined_on__lte=day)
        .order_by("-joined_on")
        .values_list("joined_on", flat=True)
        .first()
    )
    return max((d for d in (named, joined) if d), default=None)
