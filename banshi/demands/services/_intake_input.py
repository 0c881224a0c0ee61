"""The first step of an intake: its input checked and normalised (`_normalise`), and the
keys that find a retry of it (`_Keys`). Reads only; the rest is in `intake`."""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from banshi.core import crypto
from banshi.core.text import clean_text
from banshi.people.identity import IdentityError, normalize_phone

from ..models import Category, Demand, Urgency

MAX_DESCRIPTION = 2000
MAX_ADDRESS = 200
MAX_EXTERNAL_ID = 64
MAX_IDEMPOTENCY_KEY = 200


class IdempotencyMismatch(ValidationError):
    """An idempotency key used again with another request (the API answers 422)."""


@dataclass(frozen=True)
class _Keys:
    """What finds a retry of an intake: its idempotency key, or its external id (a work
    order's number) on its channel."""

    channel: str
    external_id: str
    idempotency_key: str | None

    @classmethod
    def of(cls, *, channel, external_id, idempotency_key) -> "_Keys":
        external_id = (external_id or "").strip()
        idempotency_key = (idempotency_key or "").strip() or None
        if idempotency_key and len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
            raise ValidationError(_("幂等键过长（最多200个字符）"))
        if len(external_id) > MAX_EXTERNAL_ID:
            raise ValidationError(_("外部工单编号过长（最多64个字符）"))
        return cls(channel, external_id, idempotency_key)

    def __bool__(self) -> bool:
        return bool(self.idempotency_key or self.external_id)

    def existing(self) -> Demand | None:
        if not self:
            return None
        # One light query for the usual case (nothing found); the row only when there is one.
        key, external_id = self.idempotency_key, self.external_id
        match = Q(idempotency_key=key) if key else Q()
        if external_id:
            by_external = Q(channel=self.channel, external_id=external_id)
            match = (match | by_external) if key else by_external
        found = list(Demand.objects.filter(match).order_by().values_list("pk", "idempotency_key"))
        if not found:
            return None
        pk = next((pk for pk, k in found if key and k == key), found[0][0])
        return Demand.objects.filter(pk=pk).first()


@dataclass(frozen=True)
class _Given:
    """The intake's input, checked and normalised."""

    category: Category
    channel: str
    description: str
    urgency: str
    lat: float | None
    lng: float | None
    address: str
    building: object
    household: object
    reporter: dict  # the contact fields, encrypted and masked
    fingerprint: str  # of the request as normalised, to tell a retry from a reuse of its key


def _normalise(
    *,
    category,
    description,
    channel,
    urgency,
    lat,
    lng,
    address,
    building,
    household,
    reporter_name,
    reporter_phone,
) -> _Given:
    """ValidationError (or ValueError for coordinates that are not numbers) for bad input."""
    description = clean_text(description or "", multiline=True).strip()
    address = clean_text(address or "").strip()
    reporter_name = clean_text(reporter_name or "").strip()
    lat = float(lat) if lat not in (None, "") else None
    lng = float(lng) if lng not in (None, "") else None
    if not isinstance(category, Category) or not category.active:
        raise ValidationError(_("诉求类别无效或已停用"))
    if channel not in Demand.Channel.values:
        raise ValidationError(_("未知的受理渠道：%(c)s") % {"c": channel})
    if urgency not in Urgency.values:
        raise ValidationError(_("未知的紧急程度：%(u)s") % {"u": urgency})
    if not description:
        raise ValidationError(_("请填写诉求内容"))
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(_("诉求内容不能超过%(n)d个字") % {"n": MAX_DESCRIPTION})
    if len(address) > MAX_ADDRESS:
        raise ValidationError(_("地址不能超过%(n)d个字") % {"n": MAX_ADDRESS})
    _check_location(lat, lng)
    if household is not None and building is not None and household.building_id != building.pk:
        raise ValidationError(_("所选的户不在所选楼栋内"))
    return _Given(
        category=category,
        channel=channel,
        description=description,
        urgency=urgency,
        lat=lat,
        lng=lng,
        address=address,
        building=building,
        household=household,
        reporter=_reporter_fields(reporter_name, reporter_phone),
        fingerprint=_fingerprint(
            category.pk,
            channel,
            description,
            urgency,
            lat,
            lng,
            address,
            getattr(building, "pk", None),
            getattr(household, "pk", None),
            reporter_name,
            (reporter_phone or "").strip(),
        ),
    )


def _fingerprint(*values) -> str:
    """SHA-256 of the normalised request: the same request retried has the same one."""
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_location(lat: float | None, lng: float | None) -> None:
    """The one check of a location's range, for every entry point. A coordinate out of range
    is that field's error (the API answers it under `lat` or `lng`)."""
    if (lat is None) != (lng is None):
        raise ValidationError(_("经度和纬度必须同时填写"))
    if lat is None:
        return
    message = _("经纬度超出范围：%(lng)s, %(lat)s") % {"lng": lng, "lat": lat}
    if not -90 <= lat <= 90:
        raise ValidationError({"lat": [message]})
    if not -180 <= lng <= 180:
        raise ValidationError({"lng": [message]})


def _reporter_fields(name: str, phone: str) -> dict:
    name = (name or "").strip()
    if len(name) > 64:
        raise ValidationError(_("联系人姓名过长（最多64个字）"))
    try:
        phone = normalize_phone(phone)
    except IdentityError as exc:
        raise ValidationError(_("联系电话无效：%(err)s") % {"err": exc}) from exc
    return {
        "reporter_name_enc": crypto.encrypt(name),
        "reporter_name_masked": (name[0] + "*" * (len(name) - 1)) if name else "",
        "reporter_phone_enc": crypto.encrypt(phone),
        "reporter_phone_hash": crypto.blind_index(phone),
        "reporter_phone_masked": crypto.mask_phone(phone),
    }
