"""What the villages' services share: the village's party branch, the checks that a
region is a village the writer may see and that the writer is the county's organization
department, and dates."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.organizations.models import PartyOrganization
from banshi.territory import codes
from banshi.territory.models import Region


def village_branch(village: Region) -> PartyOrganization | None:
    """The village's own party branch (the first one serving the village itself)."""
    return (
        PartyOrganization.objects.filter(
            region=village, kind__in=PartyOrganization.BRANCH_KINDS, grid__isnull=True
        )
        .order_by("pk")
        .first()
    )


def village_branches(villages) -> dict[int, PartyOrganization]:
    """`village_branch` of several villages in one query: village pk → its branch."""
    out: dict[int, PartyOrganization] = {}
    orgs = PartyOrganization.objects.filter(
        region__in=villages, kind__in=PartyOrganization.BRANCH_KINDS, grid__isnull=True
    )
    for org in orgs.order_by("-pk"):
        out[org.region_id] = org  # the first one (lowest pk) last, so it wins
    return out


def check_villages(villages, user) -> dict[int, PartyOrganization | None]:
    """`check_village` of several villages: village pk → branch."""
    villages = list({v.pk: v for v in villages}.values())
    for v in villages:
        if not isinstance(v, Region) or v.level != codes.COMMUNITY:
            raise ValidationError({"village": _("村不存在")})
    branches = village_branches(villages)
    for v in villages:
        if not sees_village(user, v, branches.get(v.pk)):
            raise ValidationError({"village": _("村不存在")})
    return {v.pk: branches.get(v.pk) for v in villages}


def sees_village(user, village: Region, branch: PartyOrganization | None) -> bool:
    """The township, the county or the village's own secretary (their branch's subtree)."""
    if user is None:
        return True
    scope = scope_for(user)
    if scope.covers_code(village.code):
        return True
    return branch is not None and any(branch.path.startswith(p) for p in scope.org_paths)


def check_village(village, user) -> PartyOrganization | None:
    """The village's branch; a ValidationError for a region that is no village or one the
    writer may not see (in the words used for one that does not exist)."""
    if not isinstance(village, Region) or village.level != codes.COMMUNITY:
        raise ValidationError({"village": _("村不存在")})
    branch = village_branch(village)
    if not sees_village(user, village, branch):
        raise ValidationError({"village": _("村不存在")})
    return branch


def check_county(user, region: Region) -> None:
    """Only the county's organization department (a district role over the region) or a
    system administrator decides and edits."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything:
        return
    if RoleAssignment.Role.DISTRICT in scope.roles and scope.covers_code(region.code):
        return
    raise PermissionDenied(_("只有县委组织部可以办理此项"))


def as_day(value, *, what: str, future: bool = False) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationError(_("请填写有效的%(what)s") % {"what": what}) from None
    if not future and value > timezone.localdate():
        raise ValidationError(_("%(what)s不能晚于今天") % {"what": what})
    if value.year < 1950:
        raise ValidationError(_("%(what)s无效") % {"what": what})
    return value


def short_text(value, *, what: str, limit: int = 200, required: bool = False) -> str:
    value = (value or "").strip()
    if "\x00" in value:  # PostgreSQL cannot store it: a message, not a database error
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value
