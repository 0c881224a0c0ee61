"""The praise app's writes: a unit's party-building brand and its carriers, a praise
recorded by hand (a letter, a banner, in person), and a 12345 表扬 work order taken from the
hotline import (`hotline_take`, registered as the hotline's kind "表扬")."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import restrict, scope_for, visible
from banshi.core.text import clean_text
from banshi.demands.models import Demand
from banshi.organizations.models import PartyOrganization
from banshi.people.models import Resident
from banshi.territory.models import Region
from banshi.volunteers.models import VolunteerTeam

from .models import Brand, Carrier, PraiseRecord

HOTLINE_KIND = "表扬"
# The hotline's columns a 表扬 row is read from.
CONTENT, UNIT, PRAISED, LINKED = "诉求内容", "被表扬单位", "被表扬对象", "关联工单"


def _text(value, *, what: str, limit: int, required: bool = False, multiline=False) -> str:
    value = clean_text(str(value or ""), multiline=multiline).strip()
    if "\x00" in value:
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def _texts(values, *, what: str, limit: int) -> list[str]:
    out = [_text(v, what=what, limit=limit) for v in values or ()]
    return [v for v in out if v]


def check_recorder(user) -> None:
    """Staff who work on the territory's records (not a resident, not a department's
    handler) record praise and set up brands; None is the system (an import, the demo)."""
    if user is None:
        return
    scope = scope_for(user)
    if scope.everything or scope.roles & RoleAssignment.TERRITORY_ROLES:
        return
    raise PermissionDenied(_("只有工作人员可以登记表扬"))


def _check_unit(user, unit) -> None:
    if not isinstance(unit, PartyOrganization):
        raise ValidationError(_("请选择被表扬单位"))
    check_recorder(user)
    if user is not None and not visible(unit, user):
        raise PermissionDenied(_("该单位不在您的管辖范围内"))


def unit_region(unit: PartyOrganization) -> Region | None:
    """The region a unit's praise counts in: its own, or its grid's (or building's) community."""
    if unit.region_id:
        return unit.region
    if unit.grid_id:
        return unit.grid.community
    if unit.building_id:
        return unit.building.grid.community
    return None


@transaction.atomic
def brand_create(*, owner, name: str, goals=(), linkage=(), description="", user=None) -> Brand:
    _check_unit(user, owner)
    name = _text(name, what=_("品牌名称"), limit=100, required=True)
    if Brand.objects.filter(owner=owner, name=name).exists():
        raise ValidationError(_("该党组织已有同名品牌"))
    return Brand.objects.create(
        owner=owner,
        name=name,
        goals=_texts(goals, what=_("目标"), limit=100),
        linkage=_texts(linkage, what=_("联动层级"), limit=50),
        description=_text(description, what=_("简介"), limit=2000, multiline=True),
    )


@transaction.atomic
def carrier_create(
    *,
    brand: Brand,
    kind: str,
    name: str,
    number: str = "",
    level: str = "",
    person: Resident | None = None,
    team: VolunteerTeam | None = None,
    named_on: datetime.date | None = None,
    user=None,
) -> Carrier:
    _check_unit(user, brand.owner)
    if kind not in Carrier.Kind.values:
        raise ValidationError(_("载体类型无效"))
    if level and level not in Carrier.Level.values:
        raise ValidationError(_("级别无效"))
    if team is not None and user is not None and not visible(team, user):
        raise PermissionDenied(_("该志愿服务队不在您的管辖范围内"))
    carrier = Carrier(
        brand=brand,
        kind=kind,
        name=_text(name, what=_("名称"), limit=100, required=True),
        number=_text(number, what=_("线路号/车号"), limit=32),
        level=level,
        person=person,
        team=team,
        named_on=named_on,
    )
    try:
        carrier.clean()
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    if Carrier.objects.filter(brand=brand, kind=kind, name=carrier.name).exists():
        raise ValidationError(_("该品牌已有同名载体"))
    carrier.save()
    return carrier


@transaction.atomic
def praise_record(
    *,
    kind: str,
    received_on,
    unit,
    content: str,
    source: str = "",
    person: Resident | None = None,
    person_name: str = "",
    carrier: Carrier | None = None,
    demand: Demand | None = None,
    external_id: str = "",
    user=None,
    now=None,
) -> PraiseRecord:
    """A praise of `unit` (and of the person or carrier it names). PermissionDenied for a
    user who may not record it; ValidationError for bad input."""
    _check_unit(user, unit)
    now = now or timezone.now()
    if kind not in PraiseRecord.Kind.values:
        raise ValidationError(_("表扬方式无效"))
    if not isinstance(received_on, datetime.date) or isinstance(received_on, datetime.datetime):
        raise ValidationError(_("请填写有效的收到日期"))
    if received_on > timezone.localdate(now):
        raise ValidationError(_("收到日期不能晚于今天"))
    if received_on.year < 2000:
        raise ValidationError(_("请填写有效的收到日期"))
    region = unit_region(unit)
    if region is None:
        raise ValidationError(_("被表扬单位没有所属区划"))
    if carrier is not None and carrier.brand.owner_id != unit.pk:
        raise ValidationError(_("该载体不属于被表扬单位"))
    external_id = _text(external_id, what=_("热线工单编号"), limit=64)
    if external_id and PraiseRecord.objects.filter(kind=kind, external_id=external_id).exists():
        raise ValidationError(_("该工单编号已登记"))
    return PraiseRecord.objects.create(
        kind=kind,
        received_on=received_on,
        source=_text(source, what=_("来源"), limit=200),
        content=_text(content, what=_("表扬内容"), limit=4000, required=True, multiline=True),
        unit=unit,
        region=region,
        person=person,
        person_name=_text(person_name or (person.name if person else ""), what=_("姓名"), limit=64),
        carrier=carrier,
        demand=demand,
        external_id=external_id,
        recorded_at=now,
        recorded_by=user,
    )


def _hotline_unit(name: str, user) -> PartyOrganization:
    if not name:
        raise ValidationError(_("请填写被表扬单位"))
    units = PartyOrganization.objects.filter(name=name)
    if user is not None:
        units = restrict(units, user)
    found = list(units[:2])
    if not found:
        raise ValidationError(_("找不到被表扬单位：“%(v)s”") % {"v": name})
    if len(found) > 1:
        raise ValidationError(_("被表扬单位“%(v)s”不唯一") % {"v": name})
    return found[0]


def _carrier_named(unit: PartyOrganization, text: str) -> Carrier | None:
    """The unit's carrier the row names ("66路": a route's name or number), if any."""
    if not text:
        return None
    carriers = Carrier.objects.filter(brand__owner=unit).select_related("brand")
    return (carriers.filter(name=text).first()) or (
        carriers.filter(number=text).exclude(number="").first()
    )


def hotline_take(*, external_id, received_at, cells, user, now) -> bool:
    """A 12345 表扬 work order (the hotline import's kind "表扬"): True when recorded, False
    when that work order was taken before; ValidationError for a row refused."""
    if PraiseRecord.objects.filter(
        kind=PraiseRecord.Kind.HOTLINE, external_id=external_id
    ).exists():
        return False
    unit = _hotline_unit(cells.get(UNIT, "").strip(), user)
    praised = _text(cells.get(PRAISED), what=PRAISED, limit=100)
    carrier = _carrier_named(unit, praised)
    demand = None
    linked = (cells.get(LINKED) or "").strip()
    if linked:
        demands = Demand.objects.filter(channel=Demand.Channel.HOTLINE, external_id=linked)
        demand = (restrict(demands, user) if user is not None else demands).first()
    praise_record(
        kind=PraiseRecord.Kind.HOTLINE,
        received_on=timezone.localdate(received_at),
        unit=unit,
        content=cells.get(CONTENT, ""),
        source=_("12345热线"),
        person_name="" if carrier else praised[:64],
        carrier=carrier,
        demand=demand,
        external_id=external_id,
        user=user,
        now=now,
    )
    return True
