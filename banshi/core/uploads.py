"""The one checker of uploaded files. A file's kind is told by its first bytes, never by its
name or the content type the browser claims (Pillow is not installed, and a page calling
itself a JPEG must not be served back as one); it is stored under a random name, never the
uploader's. Each app passes its own limits: the size of one file and how many at once.

Depends on Django only (core is the bottom layer)."""

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Enough for every signature below (WebP's is at bytes 8-11).
HEAD_BYTES = 16
MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str
    matches: Callable[[bytes], bool]  # given the file's first HEAD_BYTES


@dataclass(frozen=True)
class Kinds:
    """The kinds an upload may be, with the words the messages use for them."""

    kinds: tuple[Kind, ...]
    noun: str  # what a file of these kinds is: 图片
    measure: str  # the measure word to count them: 张

    def of(self, head: bytes) -> Kind | None:
        return next((k for k in self.kinds if k.matches(head)), None)

    @property
    def labels(self) -> str:
        return "、".join(k.label for k in self.kinds)


JPEG = Kind("image/jpeg", "jpg", "JPEG", lambda h: h[:3] == b"\xff\xd8\xff")
PNG = Kind("image/png", "png", "PNG", lambda h: h[:8] == b"\x89PNG\r\n\x1a\n")
WEBP = Kind("image/webp", "webp", "WebP", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP")
IMAGES = Kinds((JPEG, PNG, WEBP), noun=gettext_lazy("图片"), measure=gettext_lazy("张"))

ZIP_MAGIC = b"PK\x03\x04"
XLSX = Kind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    "XLSX",
    lambda h: h[:4] == ZIP_MAGIC,
)
# Text has no signature: a CSV is a file that is not a zip and holds no NUL byte up front.
CSV = Kind("text/csv", "csv", "CSV", lambda h: h[:4] != ZIP_MAGIC and b"\x00" not in h)
TABLES = Kinds((XLSX, CSV), noun=gettext_lazy("表格"), measure=gettext_lazy("个"))


class Checked(NamedTuple):
    content: ContentFile  # under a random name, ready for a FileField
    content_type: str
    size: int


def _size(n: int) -> str:
    if n >= MB and n % MB == 0:
        return f"{n // MB}MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024}KB"
    return f"{n}B"


def _too_big(what: str, max_bytes: int, size: int | None = None) -> ValidationError:
    if size is None:
        return ValidationError(
            _("%(what)s过大，不能超过%(limit)s") % {"what": what, "limit": _size(max_bytes)}
        )
    return ValidationError(
        _("%(what)s过大（%(mb).1fMB），不能超过%(limit)s")
        % {"what": what, "mb": size / MB, "limit": _size(max_bytes)}
    )


def checked_upload(upload, *, max_bytes: int, kinds: Kinds = IMAGES, what: str = "") -> Checked:
    """The upload as (file to save, content type, size); ValidationError, whose message
    states the limit, for an empty or oversized file or one of another kind. `what` names
    the file in the messages (照片)."""
    what = what or _("文件")
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_big(what, max_bytes, size)
    if hasattr(upload, "seek"):
        upload.seek(0)
    # One byte more than allowed tells an oversized file without reading all of it.
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(what, max_bytes)
    if not data:
        raise ValidationError(_("%(what)s文件为空") % {"what": what})
    kind = kinds.of(data[:HEAD_BYTES])
    if kind is None:
        raise ValidationError(
            _("%(what)s格式不支持：不是有效的%(noun)s文件（只接受 %(labels)s）")
            % {"what": what, "noun": kinds.noun, "labels": kinds.labels}
        )
    name = f"{secrets.token_hex(16)}.{kind.extension}"
    return Checked(ContentFile(data, name=name), kind.content_type, len(data))


def checked_uploads(
    uploads: Iterable, *, max_count: int, max_bytes: int, kinds: Kinds = IMAGES, what: str = ""
) -> Iterator[Checked]:
    """Each upload checked as `checked_upload` does, lazily (so that only one file is held
    in memory at a time); the count is checked at once, before any file is read."""
    uploads = list(uploads or [])
    if len(uploads) > max_count:
        raise ValidationError(
            _("%(what)s最多%(n)d%(measure)s")
            % {"what": what or _("文件"), "n": max_count, "measure": kinds.measure}
        )
    return (checked_upload(u, max_bytes=max_bytes, kinds=kinds, what=what) for u in uploads)
