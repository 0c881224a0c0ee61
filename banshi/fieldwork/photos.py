"""Field photos (a patrol's findings): JPEG, PNG or WebP, at most 8 MB, checked by
`banshi.core.uploads`."""

from django.utils.translation import gettext as _

from banshi.core.uploads import IMAGES, Checked, checked_upload

MAX_BYTES = 8 * 1024 * 1024


def validated_photo(upload) -> Checked:
    """(file to save, content type, size); ValidationError with a Chinese message for an
    empty, oversized or non-image file."""
    return checked_upload(upload, max_bytes=MAX_BYTES, kinds=IMAGES, what=_("照片"))
