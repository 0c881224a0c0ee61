"""Reads of the party organization, always through the user's scope (`restrict`): the
organizations in scope as a tree, one organization, the organizations under it and its
members."""

from django.db.models import Count, QuerySet

from banshi.access.scope import restrict, scope_for

from .models import PartyMember, PartyOrganization


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
