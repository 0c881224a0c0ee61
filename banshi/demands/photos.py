"""Photo uploads. Pillow is not installed, so an image is recognised by its magic bytes
(JPEG, PNG, WebP) and limited to 10 MB; it is stored under a random name, never the
uploader's file name."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def sniff(head: bytes) -> str | None:
    """The image type of a file from its first bytes, or None."""
    if head[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def validated_image(upload) -> tuple[ContentFile, str, int]:
    """(file to save, content type, size) of an uploaded image; ValidationError if it is
    not a JPEG/PNG/WebP image or larger than 10 MB."""
    size = getattr(upload, "size", None)
    if size is None:
        data = upload.read()
        size = len(data)
    else:
        if size > MAX_BYTES:
            raise ValidationError(
                _("照片不能超过10MB（当前%(mb).1fMB）") % {"mb": size / 1024 / 1024}
            )
        upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("照片不能超过10MB"))
    if not data:
        raise ValidationError(_("照片文件为空"))
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(_("照片格式不支持，只接受 JPEG、PNG 或 WebP 图片"))
    name = f"{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"
    return ContentFile(data, name=name), content_type, len(data)
