"""Writes of the party organization: create and move organizations, admit, transfer and
confirm members (keeping the membership history), designate center households."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.people.models import Resident

from .models import CenterHousehold, Membership, PartyMember, PartyOrganization


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: str,
    parent: PartyOrganization | None = None,
    region=None,
    grid=None,
    building=None,
    has_committee: bool = False,
    is_mobile: bool = False,
    established_on: datetime.date | None = None,
) -> PartyOrganization:
    org = PartyOrganization(
        name=name,
        kind=kind,
        parent=parent,
        region=region,
        grid=grid,
        building=building,
        has_committee=has_committee,
        is_mobile=is_mobile,
        established_on=established_on,
    )
    org.full_clean(exclude=["path"])
    org.save()
    return org


@transaction.atomic
def organization_move(*, organization: PartyOrganization, parent: PartyOrganization) -> None:
    """Put an organization (and its subtree) under another parent, rewriting the paths."""
    if parent.path.startswith(organization.path):
        raise ValidationError(_("不能把党组织移到它自己的下级之下"))
    old = organization.path
    organization.parent = parent
    organization.full_clean(exclude=["path"])
    organization.save()
    new = organization.path
    for child in PartyOrganization.objects.filter(path__startswith=old).exclude(pk=organization.pk):
        PartyOrganization.objects.filter(pk=child.pk).update(path=new + child.path[len(old) :])


@transaction.atomic
def member_admit(
    *,
    resident: Resident,
    organization: PartyOrganization,
    joined_on: datetime.date,
    status: str = PartyMember.Status.FULL,
    is_mobile: bool = False,
    occupation: str = "",
) -> PartyMember:
    if hasattr(resident, "party_member"):
        raise ValidationError(_("该居民已是党员"))
    member = PartyMember.objects.create(
        resident=resident,
        organization=organization,
        status=status,
        joined_on=joined_on,
        is_mobile=is_mobile,
        occupation=occupation,
    )
    Membership.objects.create(member=member, organization=organization, started_on=joined_on)
    resident.political_status = (
        Resident.PoliticalStatus.PARTY_MEMBER
        if status == PartyMember.Status.FULL
        else Resident.PoliticalStatus.PROBATIONARY
    )
    resident.save(update_fields=["political_status", "updated_at"])
    return member


@transaction.atomic
def member_transfer(
    *, member: PartyMember, to: PartyOrganization, on: datetime.date, note: str = ""
) -> PartyMember:
    """Move a member's organizational relationship; the history keeps both periods."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.organization_id == to.pk:
        raise ValidationError(_("党员已在该党组织"))
    current = member.history.filter(ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError(_("转出日期不能早于转入日期"))
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    Membership.objects.create(member=member, organization=to, started_on=on, note=note)
    member.organization = to
    member.save(update_fields=["organization"])
    return member


@transaction.atomic
def member_confirm_full(*, member: PartyMember, on: datetime.date) -> PartyMember:
    """A probationary member becomes a full member (转正)."""
    if member.status != PartyMember.Status.PROBATIONARY:
        raise ValidationError(_("只有预备党员可以转正"))
    member.status = PartyMember.Status.FULL
    member.save(update_fields=["status"])
    resident = member.resident
    resident.political_status = Resident.PoliticalStatus.PARTY_MEMBER
    resident.save(update_fields=["political_status", "updated_at"])
    return member


@transaction.atomic
def center_household_designate(
    *, household, member: PartyMember, group: PartyOrganization
) -> CenterHousehold:
    if group.kind != PartyOrganization.Kind.BUILDING_GROUP:
        raise ValidationError(_("党员中心户必须隶属于楼栋党小组"))
    if household.building_id and group.building_id and household.building_id != group.building_id:
        raise ValidationError(_("党员中心户所在楼栋与党小组不一致"))
    center = CenterHousehold(household=household, member=member, group=group, unit=household.unit)
    center.full_clean()
    center.save()
    return center
