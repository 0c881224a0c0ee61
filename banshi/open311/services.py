"""Writes of the Open311 interface: API keys (create, revoke) and posting a service request,
which becomes a demand through `banshi.demands.services.demand_submit` on the open311
channel. A request is its client's (its API key's), not a person's: it is taken in with no
user, so a point outside every grid waits at the city's dispatch desk (the rule is in
`banshi.demands.services.intake`).

Idempotency: a retried POST creates one demand when it carries the same `Idempotency-Key`
header, or — without the header — the same `device_id` and `attribute[client_ref]`. Either is
scoped to the API key (two clients cannot collide) and passed to `demand_submit` as its
idempotency key, whose unique constraint settles concurrent retries.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.core import crypto
from banshi.demands.models import Category, Demand
from banshi.demands.services import demand_submit

from .models import Open311Key, Open311Request, key_hash

MAX_IDEMPOTENCY_KEY = 100
MAX_CLIENT_ID = 64
_CJK = re.compile(r"[\u3400-\u9fff]")


@transaction.atomic
def open311_key_create(*, name: str, key: str | None = None, now=None) -> tuple[Open311Key, str]:
    """A new API key named `name`. Returns the record and the key itself, which is shown
    once and stored only as a hash. `key` fixes the key (the demo's `demo-open311-key`);
    creating the same name with the same fixed key again returns the existing record."""
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise ValidationError(_("密钥名称应为1到64个字符"))
    key = key or secrets.token_urlsafe(24)
    if len(key) < 8:
        raise ValidationError(_("密钥至少8个字符"))
    existing = Open311Key.objects.filter(name=name).first()
    if existing is not None and existing.key_hash == key_hash(key) and existing.active:
        return existing, key  # the same fixed key again (a demo built twice)
    if existing is not None:
        raise ValidationError(_("已有同名密钥：%(name)s") % {"name": name})
    if Open311Key.objects.filter(key_hash=key_hash(key)).exists():
        raise ValidationError(_("该密钥已被使用"))
    record = Open311Key.objects.create(
        name=name, key_hash=key_hash(key), created_at=now or timezone.now()
    )
    return record, key


@transaction.atomic
def open311_key_revoke(*, name: str, now=None) -> Open311Key:
    record = Open311Key.objects.select_for_update().filter(name=name).first()
    if record is None:
        raise ValidationError(_("没有名为“%(name)s”的密钥") % {"name": name})
    if record.revoked_at is None:
        record.revoked_at = now or timezone.now()
        record.save(update_fields=["revoked_at"])
    return record


def _reporter_name(first_name: str, last_name: str) -> str:
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if _CJK.search(first + last):
        return last + first  # surname first, no space
    return " ".join(p for p in (first, last) if p)


def _idempotency_key(api_key: Open311Key, header: str, device_id: str, client_ref: str):
    if header:
        if len(header) > MAX_IDEMPOTENCY_KEY:
            raise ValidationError(
                _("Idempotency-Key 过长（最多%(n)d个字符）") % {"n": MAX_IDEMPOTENCY_KEY}
            )
        return f"open311:{api_key.pk}:h:{header}"
    if device_id and client_ref:
        return f"open311:{api_key.pk}:d:{device_id}:{client_ref}"
    return None


def _short(value: str, what: str, limit: int = MAX_CLIENT_ID) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError(_("%(what)s过长（最多%(n)d个字符）") % {"what": what, "n": limit})
    return value


@transaction.atomic
def open311_request_submit(
    *,
    api_key: Open311Key,
    category: Category,
    description: str,
    lat: float | None = None,
    lng: float | None = None,
    address: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    email: str = "",
    device_id: str = "",
    account_id: str = "",
    client_ref: str = "",
    media_url: str = "",
    urgency: str = Demand.Urgency.NORMAL,
    idempotency_key: str = "",
    now=None,
) -> tuple[Open311Request, bool]:
    """Take in a service request. Returns (its record, created?)."""
    at = now or timezone.now()
    if not api_key.active:
        raise ValidationError(_("接口密钥已吊销"))
    if (lat is None or lng is None) and not (address or "").strip():
        raise ValidationError(_("请提供位置：lat 和 long，或 address_string"))
    device_id = _short(device_id, "device_id")
    account_id = _short(account_id, "account_id")
    client_ref = _short(client_ref, "client_ref")
    media_url = _short(media_url, "media_url", 500)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise ValidationError(_("media_url 不是有效的网址")) from None
    email = _short(email, "email", 254)
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            raise ValidationError(_("电子邮箱格式不正确：%(e)s") % {"e": email}) from None
    key = _idempotency_key(api_key, (idempotency_key or "").strip(), device_id, client_ref)
    intake = demand_submit(
        category=category,
        description=description,
        channel=Demand.Channel.OPEN311,
        urgency=urgency,
        lat=lat,
        lng=lng,
        address=address,
        reporter_name=_reporter_name(first_name, last_name),
        reporter_phone=phone,
        idempotency_key=key,
        now=at,
    )
    if not intake.created:
        record = Open311Request.objects.filter(demand=intake.demand).first()
        if record is None:  # a key shared with another channel: not ours to answer
            raise ValidationError(_("该幂等键已用于其他请求"))
        return record, False
    record = Open311Request.objects.create(
        demand=intake.demand,
        api_key=api_key,
        device_id=device_id,
        account_id=account_id,
        client_ref=client_ref,
        media_url=media_url,
        reporter_email_enc=crypto.encrypt(email) if email else "",
        created_at=at,
    )
    return record, True
