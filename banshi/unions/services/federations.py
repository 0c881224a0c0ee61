"""A street's union federation and the enterprises on its roll: the street's Banshi
enterprises join the roll by themselves (`federation_roll_sync`), others are named; a
union's founding is recorded on its roll row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.enterprises.models import Enterprise
from banshi.territory import codes
from banshi.territory.models import Region

from ..models import EnterpriseUnion, UnionFederation
from .common import check_writer, count, day, text


@transaction.atomic
def federation_create(*, region: Region, name: str, user=None) -> UnionFederation:
    if not isinstance(region, Region) or region.level != codes.STREET:
        raise ValidationError(_("工会联合会应设在街道（乡镇）"))
    federation = UnionFederation(region=region)
    check_writer(user, federation)
    if UnionFederation.objects.filter(region=region).exists():
        raise ValidationError(_("该街道已有工会联合会"))
    federation.name = text(name, what=_("名称"), limit=100, required=True)
    federation.save()
    federation_roll_sync(federation=federation, user=user)
    return federation


@transaction.atomic
def federation_roll_sync(*, federation: UnionFederation, user=None) -> int:
    """Put every Banshi enterprise of the street on the roll (without a union until one is
    recorded); the number added."""
    check_writer(user, federation)
    listed = set(
        EnterpriseUnion.objects.filter(federation=federation, enterprise__isnull=False).values_list(
            "enterprise_id", flat=True
        )
    )
    missing = Enterprise.objects.filter(grid__code__startswith=federation.region.prefix).exclude(
        pk__in=listed
    )
    rows = [EnterpriseUnion(federation=federation, enterprise=e) for e in missing]
    EnterpriseUnion.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def union_record(
    *,
    federation: UnionFederation,
    enterprise: Enterprise | None = None,
    enterprise_name: str = "",
    founded_on: datetime.date | str | None = None,
    members=0,
    user=None,
) -> EnterpriseUnion:
    """An enterprise's union (or its place on the roll, `founded_on` None): a Banshi
    enterprise of the street, or a named one Banshi does not list."""
    check_writer(user, federation)
    name = text(enterprise_name, what=_("企业名称"), limit=100)
    if (enterprise is None) == (not name):
        raise ValidationError(_("请选择辖区企业或填写企业名称（二选一）"))
    if enterprise is not None and not enterprise.grid.code.startswith(federation.region.prefix):
        raise ValidationError(_("该企业不在本街道"))
    if (
        name
        and Enterprise.objects.filter(
            name=name, grid__code__startswith=federation.region.prefix
        ).exists()
    ):
        raise ValidationError(_("该企业已在辖区企业名录中，请直接选择"))
    founded = None if founded_on in (None, "") else day(founded_on, what=_("建会日期"))
    members = count(members or 0, what=_("会员人数"))
    if enterprise is not None:
        union, _created = EnterpriseUnion.objects.get_or_create(
            federation=federation, enterprise=enterprise
        )
    else:
        union, _created = EnterpriseUnion.objects.get_or_create(
            federation=federation, enterprise_name=name
        )
    union.founded_on = founded
    union.members = members
    union.save()
    return union
