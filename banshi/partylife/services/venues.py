"""Edits of the venue registry (活动场所): a venue's name, kind, place and coordinates change
by the same rules as registering one (`activity.venue_create`), and only a manager of the
organization that registered it may change them. A venue no organization registered (the
demo's red-education bases) is the system administrator's."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for, visible
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from ..models import Venue
from ._common import check_manager, choice, saved, text

# Passed for a field the caller leaves as it is.
KEEP = object()


def coordinates(lat, lng) -> tuple[float | None, float | None]:
    """Latitude and longitude from a form or JSON: empty is none, anything else a number
    (the model checks that both or neither are given, and their ranges)."""
    try:
        lat = None if lat in (None, "") else float(lat)
        lng = None if lng in (None, "") else float(lng)
    except (TypeError, ValueError):
        raise ValidationError({"lat": _("经纬度无效")}) from None
    return lat, lng


def region_allowed(region: Region | None, *, organization: PartyOrganization | None, user) -> bool:
    """A venue lies in the user's territory, or in that of the organization registering it
    (a branch secretary's scope holds no region, their branch serves one)."""
    if region is None or user is None or visible(region, user):
        return True
    if organization is None:
        return False
    if organization.grid_id and organization.grid.community_id == region.pk:
        return True
    code = organization.territory_code
    return bool(code) and len(code) <= len(region.code) and region.prefix.startswith(code)


def check_venue_manager(user, venue: Venue) -> None:
    """The user may change `venue`: a manager of its organization; the system administrator
    for one without. None is trusted code (the demo, a command)."""
    if user is None:
        return
    if venue.organization_id is None:
        if not scope_for(user).everything:
            raise PermissionDenied(_("未登记党组织的场所只有系统管理员可以修改"))
        return
    check_manager(user, venue.organization)


@transaction.atomic
def venue_update(
    *,
    venue: Venue,
    name=KEEP,
    kind=KEEP,
    region=KEEP,
    organization=KEEP,
    lat=KEEP,
    lng=KEEP,
    address=KEEP,
    user=None,
) -> Venue:
    venue = (
        Venue.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=venue.pk)
    )
    check_venue_manager(user, venue)
    if organization is not KEEP and organization != venue.organization:
        if organization is not None:
            check_manager(user, organization)
        elif user is not None and not scope_for(user).everything:
            raise ValidationError({"organization": _("请选择登记党组织")})
        venue.organization = organization
    if any(isinstance(v, str) and "\x00" in v for v in (name, kind, address)):
        # PostgreSQL cannot store a NUL character: a message, not a database error.
        raise ValidationError(_("输入包含无效字符"))
    if name is not KEEP:
        venue.name = text(name, what=_("场所名称"), limit=100, required=True)
    if kind is not KEEP:
        venue.kind = choice(kind, Venue.Kind, what=_("场所类型"))
    if region is not KEEP and region != venue.region:
        if not region_allowed(region, organization=venue.organization, user=user):
            raise ValidationError({"region": _("所在区划不在您的管辖范围内")})
        venue.region = region
    if lat is not KEEP or lng is not KEEP:
        venue.lat, venue.lng = coordinates(
            venue.lat if lat is KEEP else lat, venue.lng if lng is KEEP else lng
        )
    if address is not KEEP:
        venue.address = text(address, what=_("地址"), limit=200)
    return saved(venue)
