"""Encryption at rest for personal information, and keyed hashes for exact lookup.

ID numbers and phones are stored as AES-GCM ciphertext plus an HMAC-SHA256 "blind index"
so that equality lookups and de-duplication work without decrypting. The key comes from
BANSHI_DATA_KEY (settings derive one from SECRET_KEY with DEBUG on, and refuse to start
without one otherwise).
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PREFIX = "v1:"


@lru_cache(maxsize=1)
def _keys() -> tuple[AESGCM, bytes]:
    raw = settings.BANSHI_DATA_KEY
    if not raw:
        raise ImproperlyConfigured("BANSHI_DATA_KEY is empty: personal data cannot be encrypted")
    master = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    if len(master) < 32:
        master = hashlib.sha256(master).digest()
    enc_key = hmac.new(master, b"encrypt", hashlib.sha256).digest()
    idx_key = hmac.new(master, b"index", hashlib.sha256).digest()
    return AESGCM(enc_key), idx_key


def reset_keys() -> None:
    """Forget the cached keys (tests that change the key setting)."""
    _keys.cache_clear()


def encrypt(value: str) -> str:
    if not value:
        return ""
    aes, _ = _keys()
    nonce = os.urandom(12)
    return _PREFIX + base64.b64encode(nonce + aes.encrypt(nonce, value.encode(), None)).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    aes, _ = _keys()
    blob = base64.b64decode(token.removeprefix(_PREFIX))
    return aes.decrypt(blob[:12], blob[12:], None).decode()


def blind_index(value: str) -> str:
    """Keyed hash for exact lookup; empty for an empty value."""
    if not value:
        return ""
    _, key = _keys()
    return hmac.new(key, value.upper().encode(), hashlib.sha256).hexdigest()[:40]


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:]


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) >= 11:
        return value[:3] + "****" + value[7:]
    return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:]
