"""The Open311 GeoReport v2 endpoints (mounted at /open311/v2/), in XML and JSON.

Public: no login. Reading needs nothing; posting a request needs an `api_key`. Each endpoint
is limited per address (see `ratelimit`), answers a wrong method with 405, an unknown
`jurisdiction_id` with 404, and every error in the spec's format: a list of
{code, description} (`<errors><error>…</error></errors>` in XML).
"""

import datetime
import functools
import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from banshi.demands.actions import client_id
from banshi.demands.models import Category, Demand
from banshi.demands.services import IdempotencyMismatch

from . import documents, selectors, services, xml
from .models import Open311Request
from .ratelimit import over_limit

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_IDS = 100
_ATTRIBUTE = re.compile(r"^attribute\[(\w{1,32})\]$")


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _render(fmt: str, root: str, data, status: int = 200, **headers) -> HttpResponse:
    if fmt == "xml":
        body = xml.render(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _error(fmt: str, status: int, description: str, **headers) -> HttpResponse:
    errors = [{"code": status, "description": str(description)}]
    return _render(fmt, "errors", errors, status=status, **headers)


def _jurisdiction_ok(request) -> bool:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    return not given or given == getattr(settings, "BANSHI_OPEN311_JURISDICTION", "hohhot")


def _body_too_big(request) -> str:
    """Why the body is refused unread (its declared length is over the limit), or "".
    GeoReport v2 posts a few form fields (a photo is a media_url): a large body is refused
    before a byte of it is read or spooled to disk."""
    limit = settings.BANSHI_OPEN311_MAX_BODY
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _("Content-Length 无效")
    if length > limit:
        return _("请求内容 %(n)s 字节，超过上限 %(limit)s 字节") % {
            "n": f"{length:,}",
            "limit": f"{limit:,}",
        }
    return ""


def endpoint(*methods: str):
    """Method check, rate limit, jurisdiction check and errors in the spec's format."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, *args, format, **kwargs):
            if request.method not in allowed:
                return _error(
                    format,
                    405,
                    _("不支持的请求方法：%(m)s") % {"m": request.method},
                    Allow=", ".join(sorted(allowed)),
                )
            too_big = _body_too_big(request)
            if too_big:
                return _error(format, 413, too_big)
            wait = over_limit(request)
            if wait:
                return _error(format, 429, _("请求过于频繁，请稍后再试"), Retry_After=str(wait))
            try:
                if not _jurisdiction_ok(request):
                    return _error(format, 404, _("未知的 jurisdiction_id"))
                return view(request, *args, format=format, **kwargs)
            except Open311Error as exc:
                return _error(format, exc.status, exc.description)
            except RequestDataTooBig:
                return _error(format, 413, _("请求内容过大"))
            except (MultiPartParserError, UnicodeDecodeError):
                return _error(format, 400, _("请求内容格式错误，无法解析"))

        return inner

    return wrap


# --- services ---------------------------------------------------------------------------


@endpoint("GET")
def service_list(request, *, format):
    docs = [documents.service_document(c) for c in selectors.service_list()]
    return _render(format, "services", docs)


def _service(code: str) -> Category:
    try:
        return selectors.service_get(code)
    except Category.DoesNotExist:
        raise Open311Error(404, _("未知的服务类型：%(code)s") % {"code": code[:64]}) from None


@endpoint("GET")
def service_definition(request, service_code, *, format):
    doc = documents.service_definition_document(_service(service_code))
    return _render(format, "service_definition", doc)


# --- requests ---------------------------------------------------------------------------


def _when(value: str, what: str, *, end: bool = False) -> datetime.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(
                    day, datetime.time.max if end else datetime.time.min
                )
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(
            400, _("%(what)s 不是 W3C 日期时间格式：%(v)s") % {"what": what, "v": value[:40]}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _window(request):
    start = _when(request.GET.get("start_date"), "start_date")
    end = _when(request.GET.get("end_date"), "end_date", end=True)
    if start is None and end is None:
        return selectors.default_window()
    if start is None:
        start = end - selectors.MAX_WINDOW
    if end is None:
        end = start + selectors.MAX_WINDOW
    if start > end:
        raise Open311Error(400, _("start_date 不能晚于 end_date"))
    if end - start > selectors.MAX_WINDOW:
        raise Open311Error(400, _("start_date 与 end_date 相隔不能超过90天"))
    return start, end


def _ids(raw: str) -> list[int]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    ids = [client_id(p) for p in parts]
    if not ids or len(ids) > MAX_IDS or None in ids:
        raise Open311Error(
            400,
            _("service_request_id 应为以逗号分隔的正整数编号（最多%(n)d个）") % {"n": MAX_IDS},
        )
    return ids


def _request_list(request, format):
    p = request.GET
    if p.get("service_request_id"):
        demands = selectors.request_list(ids=_ids(p["service_request_id"]))
    else:
        categories = None
        if p.get("service_code"):
            categories = [_service(c.strip()) for c in p["service_code"].split(",") if c.strip()]
        statuses = None
        if p.get("status"):
            statuses = {s.strip() for s in p["status"].split(",") if s.strip()}
            if not statuses <= {"open", "closed"}:
                raise Open311Error(400, _("status 只能是 open 或 closed"))
        start, end = _window(request)
        demands = selectors.request_list(
            categories=categories, start=start, end=end, statuses=statuses
        )
    docs = [documents.request_document(d) for d in demands]
    return _render(format, "service_requests", docs)


def _param(request, name: str) -> str:
    if name in request.POST:
        return request.POST[name]
    return request.GET.get(name, "")


def _float(request, name: str) -> float | None:
    raw = _param(request, name).strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise Open311Error(400, _("%(name)s 不是有效的数字：%(v)s") % {"name": name, "v": raw[:40]})
    return value


def _attributes(request) -> dict[str, str]:
    found = {}
    for source in (request.GET, request.POST):
        for key in source:
            m = _ATTRIBUTE.match(key)
            if m:
                found[m.group(1)] = source[key]
    return found


def _request_create(request, format):
    api_key = selectors.key_find(_param(request, "api_key"))
    if api_key is None:
        raise Open311Error(403, _("缺少或无效的 api_key"))
    code = _param(request, "service_code").strip()
    if not code:
        raise Open311Error(400, _("请提供 service_code"))
    category = _service(code)
    lat, lng = _float(request, "lat"), _float(request, "long")
    if (lat is None) != (lng is None):
        raise Open311Error(400, _("lat 和 long 必须同时提供"))
    address = _param(request, "address_string").strip() or _param(request, "address_id").strip()
    attributes = _attributes(request)
    urgency = attributes.get("urgency", "").strip() or Demand.Urgency.NORMAL
    if urgency not in Demand.Urgency.values:
        raise Open311Error(400, _("attribute[urgency] 的取值无效：%(v)s") % {"v": urgency[:32]})
    try:
        record, _created = services.open311_request_submit(
            api_key=api_key,
            category=category,
            description=_param(request, "description"),
            lat=lat,
            lng=lng,
            address=address,
            first_name=_param(request, "first_name"),
            last_name=_param(request, "last_name"),
            phone=_param(request, "phone"),
            email=_param(request, "email"),
            device_id=_param(request, "device_id"),
            account_id=_param(request, "account_id"),
            client_ref=attributes.get("client_ref", ""),
            media_url=_param(request, "media_url"),
            urgency=urgency,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
    except IdempotencyMismatch as exc:
        raise Open311Error(422, "；".join(exc.messages)) from None
    except ValidationError as exc:
        raise Open311Error(400, "；".join(exc.messages)) from None
    demand = record.demand
    doc = {
        "service_request_id": str(demand.pk),
        "token": record.token,
        "service_notice": documents.service_notice(demand),
        "account_id": record.account_id or None,
    }
    return _render(format, "service_requests", [documents.compact(doc)])


@endpoint("GET", "POST")
def requests(request, *, format):
    if request.method == "POST":
        return _request_create(request, format)
    return _request_list(request, format)


@endpoint("GET")
def request_detail(request, service_request_id, *, format):
    try:
        demand = selectors.request_get(service_request_id)
    except Demand.DoesNotExist:
        raise Open311Error(
            404, _("未知的服务请求：%(id)s") % {"id": service_request_id[:32]}
        ) from None
    return _render(format, "service_requests", [documents.request_document(demand)])


@endpoint("GET")
def token_detail(request, token, *, format):
    try:
        record = selectors.token_get(token)
    except Open311Request.DoesNotExist:
        raise Open311Error(404, _("未知的令牌：%(t)s") % {"t": token[:32]}) from None
    doc = {"service_request_id": str(record.demand_id), "token": record.token}
    return _render(format, "service_requests", [doc])
