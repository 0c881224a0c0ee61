"""Open311 GeoReport v2: the API keys of the clients allowed to post requests, and what a
request posted through Open311 carries beyond the demand itself (its token, the client's
device and account ids, the media URL, the reporter's e-mail, encrypted).

The demand is the service request: `service_request_id` is the demand's id.
"""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from banshi.core import crypto


def key_hash(key: str) -> str:
    """SHA-256 of an API key. Keys are random (or, for the demo, public), so a plain hash
    is enough and survives a change of SECRET_KEY."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_hex(10)


class Open311Key(models.Model):
    name = models.CharField(_("名称"), max_length=64, unique=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 接口密钥")
        verbose_name_plural = _("Open311 接口密钥")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Open311Request(models.Model):
    demand = models.OneToOneField(
        "demands.Demand",
        verbose_name=_("诉求"),
        on_delete=models.PROTECT,
        related_name="open311",
    )
    token = models.CharField(_("令牌"), max_length=32, unique=True, default=new_token)
    api_key = models.ForeignKey(
        Open311Key, verbose_name=_("接口密钥"), on_delete=models.PROTECT, related_name="requests"
    )
    device_id = models.CharField(_("设备标识"), max_length=64, blank=True)
    account_id = models.CharField(_("账户标识"), max_length=64, blank=True)
    client_ref = models.CharField(_("客户端编号"), max_length=64, blank=True)
    media_url = models.URLField(_("媒体链接"), max_length=500, blank=True)
    reporter_email_enc = models.TextField(_("电子邮箱（密文）"), blank=True, editable=False)
    created_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("Open311 请求")
        verbose_name_plural = _("Open311 请求")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.token} → {self.demand_id}"

    @property
    def reporter_email(self) -> str:
        return crypto.decrypt(self.reporter_email_enc)
