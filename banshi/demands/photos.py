"""Photos of a demand (at intake and with its resolution): JPEG, PNG or WebP, at most 10 MB
each and 9 at once, checked by `banshi.core.uploads`."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from banshi.core.uploads import IMAGES, Checked, checked_uploads

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 9


def validated_images(uploads: Iterable) -> Iterator[Checked]:
    """(file to save, content type, size) of each uploaded photo, one at a time;
    ValidationError for more than MAX_PHOTOS, or a photo that is empty, larger than
    MAX_BYTES or not an image."""
    return checked_uploads(
        uploads, max_count=MAX_PHOTOS, max_bytes=MAX_BYTES, kinds=IMAGES, what=_("照片")
    )
