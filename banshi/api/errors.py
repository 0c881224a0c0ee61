"""How the API answers when something is wrong: always JSON, always a Chinese message, the
shapes the schema documents (schema.py) — `{"detail": "…"}`, or field → messages for a
request that did not validate."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.views import exception_handler as drf_exception_handler


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("请求体过大")
    default_code = "payload_too_large"


def exception_handler(exc, context):
    """DRF's handler, plus Django's own refusals of a request body, which DRF would leave
    to Django's HTML error pages."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        # Too many form fields or files, a malformed multipart body: the request's fault.
        exc = ParseError(_("请求体无法解析"))
    return drf_exception_handler(exc, context)


def _endpoint_with_slash(path: str) -> bool:
    try:
        return resolve(path + "/").func is not not_found
    except Resolver404:
        return False


@csrf_exempt  # it changes nothing, and a refused POST must answer JSON too
def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no endpoint: the interface's 404, not the site's
    HTML page. This route matches every such address, so CommonMiddleware no longer adds
    the missing slash: done here, for reads (a redirected POST would lose its body)."""
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/") and _endpoint_with_slash(path):
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        detail = _("接口不存在：地址应以“/”结尾")
    else:
        detail = _("接口不存在")
    return JsonResponse(
        {"detail": detail},
        status=status.HTTP_404_NOT_FOUND,
        json_dumps_params={"ensure_ascii": False},
    )
