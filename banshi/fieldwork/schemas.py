"""The declared shape of every sync payload the phone sends (DRF serializers used only to
validate). A payload that does not fit is refused whole, before anything is stored, with
a Chinese message per field: the phone's outbox keeps a refused record for the worker to
correct instead of retrying it. Unknown keys are refused by name, so a typo or an
injected key (`user`) is never silently ignored."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Finding, VisitNeed

MAX_ID = 2**63 - 1  # ids are positive 64-bit integers
MAX_NOTE = 2000
MAX_ROUTE_POINTS = 5000
MAX_FINDINGS = 200
MAX_PHOTOS = 9

REQUIRED = _("请填写此项")
MESSAGES = {
    "required": REQUIRED,
    "null": REQUIRED,
    "blank": REQUIRED,
    "invalid": _("格式无效"),
    "max_length": _("不能超过{max_length}个字"),
    "min_value": _("不能小于{min_value}"),
    "max_value": _("不能大于{max_value}"),
    "max_string_length": _("数值过大"),
    "invalid_choice": _("“{input}”不是有效的选项"),
    "not_a_list": _("应为列表"),
    "empty": REQUIRED,
    "date": _("应为日期，不能带时间"),
    "make_aware": _("时间无效"),
    "overflow": _("时间超出范围"),
}
ID = {"min_value": 1, "max_value": MAX_ID}


def _messages(extra=None):
    messages = dict(MESSAGES)
    messages.update(extra or {})
    return messages


def _kw(**kw):
    kw.setdefault("error_messages", MESSAGES)
    return kw


class UUIDText(serializers.UUIDField):
    """A UUID written as text (DRF would also take an integer and make one of it)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


def uuid_field(**kw):
    return UUIDText(**_kw(error_messages=_messages({"invalid": _("记录编号无效")}), **kw))


def datetime_field(**kw):
    invalid = _("不是有效的时间（如2026-11-02T09:00）")
    return serializers.DateTimeField(**_kw(error_messages=_messages({"invalid": invalid}), **kw))


def text_field(max_length: int, **kw):
    kw.setdefault("required", False)
    kw.setdefault("allow_blank", True)
    kw.setdefault("allow_null", True)
    return serializers.CharField(max_length=max_length, trim_whitespace=True, **_kw(**kw))


def coordinate(limit: int, **kw):
    return serializers.FloatField(min_value=-limit, max_value=limit, **_kw(**kw))


class StrictSerializer(serializers.Serializer):
    """A serializer that refuses keys it does not declare, and a body that is no object."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {serializers.api_settings.NON_FIELD_ERRORS_KEY: [_("格式无效，应为对象")]}
            )
        errors = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = dict(exc.detail)
            value = None
        for key in sorted(set(data) - set(self.fields), key=str):
            errors[str(key)] = [_("未知字段：%(key)s") % {"key": key}]
        if errors:
            raise serializers.ValidationError(errors)
        return value


class NeedSchema(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=VisitNeed.Kind.choices,
        error_messages=_messages({"invalid_choice": _("未知的需求类型：{input}")}),
    )
    note = text_field(500)
    to_demand = serializers.BooleanField(required=False, default=False)

    def to_internal_value(self, data):
        if isinstance(data, str):  # a need may be sent as its kind alone
            data = {"kind": data}
        return super().to_internal_value(data)


class VisitSchema(StrictSerializer):
    client_id = uuid_field()
    household_id = serializers.IntegerField(
        **ID, error_messages=_messages({"invalid": _("户编号无效")})
    )
    grid_code = text_field(32)
    household_label = text_field(200)
    visited_at = datetime_field()
    met = text_field(100)
    situation = text_field(MAX_NOTE)
    needs = serializers.ListField(
        child=NeedSchema(), required=False, allow_null=True, max_length=len(VisitNeed.Kind)
    )
    follow_up_on = serializers.DateField(
        required=False,
        allow_null=True,
        error_messages=_messages({"invalid": _("不是有效的日期（如2026-11-02）")}),
    )


class PointSchema(StrictSerializer):
    lat = coordinate(90)
    lng = coordinate(180)
    at = text_field(40)


class FindingSchema(StrictSerializer):
    client_id = uuid_field()
    kind = serializers.ChoiceField(
        choices=Finding.Kind.choices,
        error_messages=_messages({"invalid_choice": _("未知的发现类型：{input}")}),
    )
    note = serializers.CharField(max_length=MAX_NOTE, error_messages=MESSAGES)
    lat = coordinate(90, required=False, allow_null=True)
    lng = coordinate(180, required=False, allow_null=True)
    found_at = datetime_field(required=False, allow_null=True)
    photos = serializers.ListField(
        child=uuid_field(), required=False, allow_null=True, max_length=MAX_PHOTOS
    )
    to_demand = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if (attrs.get("lat") is None) != (attrs.get("lng") is None):
            raise serializers.ValidationError({"lat": [_("经纬度应同时填写")]})
        return attrs


class PatrolSchema(StrictSerializer):
    client_id = uuid_field()
    grid_code = text_field(32)
    started_at = datetime_field()
    ended_at = datetime_field(required=False, allow_null=True)
    route = serializers.ListField(
        child=PointSchema(), required=False, allow_null=True, max_length=MAX_ROUTE_POINTS
    )
    note = text_field(MAX_NOTE)
    findings = serializers.ListField(
        child=FindingSchema(), required=False, allow_null=True, max_length=MAX_FINDINGS
    )


class PhotoSchema(StrictSerializer):
    """The form fields of a photo upload (the file itself is checked by photos.py)."""

    client_id = uuid_field()
    grid_code = text_field(32)
    csrfmiddlewaretoken = text_field(200)  # a form may carry the token as a field


LABELS = {
    "client_id": _("记录编号"),
    "household_id": _("户"),
    "grid_code": _("网格"),
    "household_label": _("户名称"),
    "visited_at": _("走访时间"),
    "met": _("接待人"),
    "situation": _("家庭情况"),
    "needs": _("需求"),
    "follow_up_on": _("回访日期"),
    "kind": _("类型"),
    "note": _("说明"),
    "to_demand": _("转为诉求"),
    "started_at": _("开始时间"),
    "ended_at": _("结束时间"),
    "route": _("巡查轨迹"),
    "findings": _("巡查发现"),
    "lat": _("纬度"),
    "lng": _("经度"),
    "at": _("时间"),
    "found_at": _("发现时间"),
    "photos": _("照片"),
}


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as {"findings[0].note": ["说明：请填写此项"], …}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == serializers.api_settings.NON_FIELD_ERRORS_KEY:
                name = prefix or "__all__"
            for k, v in flatten(value, name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list) and detail and all(isinstance(d, str) for d in detail):
        out[prefix or "__all__"] = [_labelled(prefix, str(d)) for d in detail]
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            if value:
                out.update(flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix or "__all__"] = [_labelled(prefix, str(detail))]
    return out


def _labelled(path: str, message: str) -> str:
    """ "巡查轨迹第1项经度：请填写此项" for route.0.lng, so the worker knows where."""
    if message.startswith(str(_("未知字段"))):
        return message
    parts = []
    for part in path.replace("[", ".").replace("]", "").split("."):
        if part.isdigit():
            parts.append(str(_("第%(n)d项") % {"n": int(part) + 1}))
        elif part in LABELS:
            parts.append(str(LABELS[part]))
    return f"{''.join(parts)}：{message}" if parts else message


class SchemaError(Exception):
    """A payload that does not fit its schema; `fields` holds the messages by field."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("；".join(m for ms in fields.values() for m in ms))
        self.fields = fields


def validated(schema: type[StrictSerializer], data) -> dict:
    s = schema(data=data)
    if not s.is_valid():
        raise SchemaError(flatten(s.errors))
    return s.validated_data
