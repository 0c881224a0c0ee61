"""Photo validation. Pillow is not installed, so an image is recognised by its magic bytes
(JPEG, PNG, WebP); stored under a random name, never the uploader's file name."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_BYTES = 8 * 1024 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def sniff(head: bytes) -> str | None:
    if head[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def validated_photo(upload) -> tuple[ContentFile, str, int]:
    """(file to save, content type, size); ValidationError with a Chinese message for an
    empty, oversized or non-image file."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("照片过大：%(mb).1fMB，不能超过8MB") % {"mb": size / 1024 / 1024})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("照片过大，不能超过8MB"))
    if not data:
        raise ValidationError(_("照片文件为空"))
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(_("不是有效的图片文件（只接受 JPEG、PNG、WebP）"))
    name = f"{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"
    return ContentFile(data, name=name), content_type, len(data)
