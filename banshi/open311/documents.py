"""The GeoReport v2 documents (as Python lists and dicts; `views` renders them as JSON or
XML). Keys with no value are left out, so that a document validates against both the
spec's JSON schemas (which allow null) and its swagger definitions (which do not).

What a request shows to anyone: its id, service, status (with the state as the note), the
unit handling it, its times and deadline, and where it is. Never the reporter's name,
phone, e-mail or account, and never the free text (description, notes), which may hold
them. For a request posted through Open311 the location is the one the client sent; for
one taken in on another channel (hotline, walk-in…), whose address may name a household,
the address is the grid or community and the point is rounded to about 100 m.
"""

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.demands.models import Category, Demand

from .selectors import CLOSED_STATES

ATTRIBUTES = [
    {
        "variable": True,
        "code": "urgency",
        "datatype": "singlevaluelist",
        "required": False,
        "order": 1,
        "description": gettext_lazy("紧急程度（默认一般）"),
        "values": [{"key": k, "name": v} for k, v in Demand.Urgency.choices],
    },
    {
        "variable": True,
        "code": "client_ref",
        "datatype": "string",
        "required": False,
        "order": 2,
        "datatype_description": gettext_lazy("客户端自己的编号，最多64个字符"),
        "description": gettext_lazy("与 device_id 一起使用：同一设备以同一编号重复提交只受理一次"),
    },
]


def _dt(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def compact(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if v is not None and v != ""}


def service_document(category: Category) -> dict:
    return compact(
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": _("%(name)s（默认承办：%(level)s）")
            % {"name": category.name, "level": category.get_handling_level_display()},
            "metadata": bool(ATTRIBUTES),
            "type": "realtime",
            "group": str(category.get_complexity_display()),
        }
    )


def service_definition_document(category: Category) -> dict:
    return {"service_code": category.code, "attributes": _plain(ATTRIBUTES)}


def _plain(value):
    """Lazy translations resolved in the active language."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def status_of(demand: Demand) -> str:
    return "closed" if demand.state in CLOSED_STATES else "open"


def _status_notes(demand: Demand) -> str:
    note = str(Demand.State(demand.state).label)
    if demand.state == Demand.State.MERGED and demand.merged_into_id:
        note = _("%(state)s（并入 %(id)s）") % {"state": note, "id": demand.merged_into_id}
    return note


def _area(demand: Demand) -> str:
    node = demand.grid or demand.community or demand.street
    return node.name if node is not None else ""


def request_document(demand: Demand) -> dict:
    try:
        extra = demand.open311
    except Demand.open311.RelatedObjectDoesNotExist:
        extra = None
    lat, lng = demand.lat, demand.lng
    if extra is not None:
        address = demand.address or _area(demand)
    else:
        address = _area(demand)
        if lat is not None:
            lat, lng = round(lat, 3), round(lng, 3)
    return compact(
        {
            "service_request_id": str(demand.pk),
            "status": status_of(demand),
            "status_notes": _status_notes(demand),
            "service_name": demand.category.name,
            "service_code": demand.category.code,
            "agency_responsible": demand.assigned_unit_name or None,
            "requested_datetime": _dt(demand.received_at),
            "updated_datetime": _dt(demand.updated_at),
            "expected_datetime": _dt(demand.resolve_due),
            "address": address or None,
            "lat": lat,
            "long": lng,
            "media_url": extra.media_url if extra is not None else None,
        }
    )


def service_notice(demand: Demand) -> str:
    parts = [_("已受理，查询码 %(code)s") % {"code": demand.tracking_code}]
    unit = demand.assigned_unit_name
    if unit:
        parts.append(_("承办单位：%(unit)s") % {"unit": unit})
    if demand.resolve_due:
        due = timezone.localtime(demand.resolve_due).strftime("%Y-%m-%d %H:%M")
        parts.append(_("预计办结：%(due)s") % {"due": due})
    return "；".join(parts)
