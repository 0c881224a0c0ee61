"""The bodies the API reads. DRF reads the request stream itself, past Django's
DATA_UPLOAD_MAX_MEMORY_SIZE check on `request.body`, so the same limit is enforced here:
a larger body answers 413 before it is read."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .errors import PayloadTooLarge


def _refuse_oversized(parser_context) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    request = (parser_context or {}).get("request")
    if limit is None or request is None:
        return
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise PayloadTooLarge()


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversized(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            # DRF's message is English and quotes the decoder (or the unknown charset).
            raise ParseError(_("请求体不是有效的JSON")) from None


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversized(parser_context)
        return super().parse(stream, media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversized(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("表单数据无法解析")) from None
