"""The demands JSON API (mounted at /api/v1/demands/): list, create, retrieve, and the
workflow actions (those that move the state, and the progress note and the extension
request and its decision, which keep it). Same selectors (scope: out of it → 404) and
same services as the web. A POST with an `Idempotency-Key` header creates one demand
however often it is retried."""

import threading

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from banshi.access.scope import restrict
from banshi.territory.models import Building, Household

from . import rates, selectors, services
from .actions import MAX_ID, perform
from .models import Category, DeadlineExtension, Demand, DemandEvent
from .units import HandlingUnit, UnitError
from .workflow import ACTIONS, ActionForbidden, TransitionError

MAX_IDEMPOTENCY_KEY = 100


class EventSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DemandEvent
        fields = ["at", "kind", "kind_display", "from_state", "to_state", "user", "note"]


class DemandSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    # None outside every grid (a demand without a location, a hotline call).
    grid = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    assigned_unit = serializers.SerializerMethodField()
    assigned_unit_name = serializers.CharField(read_only=True)
    merged_into = serializers.SlugRelatedField(
        slug_field="tracking_code", read_only=True, allow_null=True
    )
    # "" until rated; a read-only model field would lose the blank choice.
    rating = serializers.ChoiceField(
        choices=Demand.Rating.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Demand
        fields = [
            "id",
            "tracking_code",
            "channel",
            "category",
            "category_name",
            "description",
            "urgency",
            "lat",
            "lng",
            "address",
            "grid",
            "territory_code",
            "state",
            "state_display",
            "assigned_unit",
            "assigned_unit_name",
            "needs_city_dispatch",
            "received_at",
            "dispatch_due",
            "dispatched_at",
            "sign_due",
            "signed_at",
            "resolve_due",
            "resolved_at",
            "rated_at",
            "closed_at",
            "resolution_note",
            "rating",
            "escalation_level",
            "dispatch_overdue",
            "sign_overdue",
            "resolve_overdue",
            "merged_into",
            "reporter_name_masked",
            "reporter_phone_masked",
        ]
        read_only_fields = fields

    def get_assigned_unit(self, demand) -> str:
        unit = HandlingUnit.of_demand(demand)
        return unit.key if unit else ""


_local = threading.local()


def represent(demand: Demand) -> dict:
    """`DemandSerializer(demand).data`, cheaper: building a ModelSerializer's fields costs
    more than rendering one row with them, so each thread keeps one serializer and renders
    every demand with it (as a list serializer renders all its rows with one child)."""
    serializer = getattr(_local, "demand_serializer", None)
    if serializer is None:
        serializer = _local.demand_serializer = DemandSerializer()
    return serializer.to_representation(demand)


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadlineExtension
        fields = ["id", "status", "requested_at", "reason", "old_due", "requested_due"]
        read_only_fields = fields


class DemandDetailSerializer(DemandSerializer):
    events = serializers.SerializerMethodField()
    pending_extension = serializers.SerializerMethodField()

    class Meta(DemandSerializer.Meta):
        fields = [*DemandSerializer.Meta.fields, "events", "pending_extension"]
        read_only_fields = fields

    def get_events(self, demand) -> list[dict]:
        return EventSerializer(selectors.timeline(demand), many=True).data

    @extend_schema_field(ExtensionSerializer(allow_null=True))
    def get_pending_extension(self, demand) -> dict | None:
        pending = selectors.pending_extension(demand=demand)
        return ExtensionSerializer(pending).data if pending else None


class TextField(serializers.CharField):
    """Text, and only text: DRF's CharField turns a JSON number into a string, where the
    schema (type string) says a number is refused."""

    default_error_messages = {"invalid": gettext_lazy("请填写文字")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {"oneOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 1}]}
)
class DemandRefField(serializers.CharField):
    """A demand's tracking code, or its id: as a number or as its digits."""


class DemandCreateSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.filter(active=True),
        error_messages={
            "does_not_exist": gettext_lazy("未知的诉求类别：{value}"),
            # DRF reads "" as null here.
            "null": gettext_lazy("请填写诉求类别"),
        },
    )
    description = TextField(max_length=2000)
    urgency = serializers.ChoiceField(choices=Demand.Urgency.choices, default="normal")
    # Their range is checked by the service, as for every entry point.
    lat = serializers.FloatField(required=False, allow_null=True)
    lng = serializers.FloatField(required=False, allow_null=True)
    address = TextField(max_length=200, required=False, allow_blank=True)
    household = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    building = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    reporter_name = TextField(max_length=64, required=False, allow_blank=True)
    reporter_phone = TextField(max_length=20, required=False, allow_blank=True)


def demand_create_input(data) -> dict:
    """`DemandCreateSerializer(data=data)` validated (the same 400 and messages), cheaper:
    each thread keeps one serializer and runs its validation on every body, where a new
    serializer would copy and bind its fields again for each request."""
    form = getattr(_local, "create_serializer", None)
    if form is None:
        form = _local.create_serializer = DemandCreateSerializer()
    try:
        return dict(form.run_validation(data))
    except serializers.ValidationError as exc:
        # Keyed as `is_valid` keys them (a body that is not an object: non_field_errors),
        # so the 400 answers in the schema's shape (field → messages).
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None


class ActionSerializer(serializers.Serializer):
    note = TextField(required=False, allow_blank=True, max_length=2000)
    unit = TextField(required=False, allow_blank=True, help_text="如 grid:150105001001001")
    departments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )
    rating = serializers.ChoiceField(choices=Demand.Rating.choices, required=False)
    to = serializers.ChoiceField(
        choices=[Demand.State.DISPATCHED, Demand.State.IN_PROGRESS], required=False
    )
    into = DemandRefField(required=False, help_text="主诉求的查询码或编号")
    due = serializers.DateField(
        required=False,
        help_text="延期申请（extend_request）：申请延至的日期，年-月-日",
        error_messages={"invalid": gettext_lazy("日期格式应为 年-月-日，如 2026-11-20")},
    )


def _messages(exc: DjangoValidationError) -> list[str]:
    return list(exc.messages)


def _errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's error as the API answers it: under the field it names (a coordinate out
    of range under `lat`), otherwise under `detail`."""
    if not hasattr(exc, "error_dict"):
        return {"detail": _messages(exc)}
    return {
        ("detail" if name == NON_FIELD_ERRORS else name): messages
        for name, messages in exc.message_dict.items()
    }


# What each filter accepts, as the selectors check it; "" is no filter.
_UNIT_PATTERN = (
    r"^(|department:[0-9]{1,18}|grid:[0-9]{15}|community:[0-9]{12}|street:[0-9]{9}"
    r"|district:[0-9]{6})$"
)
_MONTH_PATTERN = r"^(|(19[0-9]{2}|[2-9][0-9]{3})-(0[1-9]|1[0-2]))$"
FILTERS = [
    OpenApiParameter(
        "state", OpenApiTypes.STR, enum=["", *Demand.State.values], description="状态"
    ),
    OpenApiParameter("category", OpenApiTypes.STR, description="类别代码"),
    OpenApiParameter(
        "unit",
        OpenApiTypes.STR,
        pattern=_UNIT_PATTERN,
        description="承办单位，如 community:150105001001、department:3",
    ),
    OpenApiParameter(
        "period", OpenApiTypes.STR, pattern=_MONTH_PATTERN, description="月份 YYYY-MM"
    ),
    OpenApiParameter(
        "figure",
        OpenApiTypes.STR,
        enum=["", *rates.FIGURES],
        description="三率指标（须同时指定月份）：" + "、".join(rates.FIGURES),
    ),
]


class IdempotencyConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    state = serializers.ChoiceField(choices=Demand.State.choices, help_text="诉求当前的状态")


class DemandListCreate(generics.ListAPIView):
    """A list view, so that the schema documents the paginated answer it gives."""

    serializer_class = DemandSerializer

    def get_queryset(self):
        p = self.request.query_params
        state = p.get("state") or None
        if state is not None and state not in Demand.State.values:
            raise ValidationError({"state": [_("未知的状态：%(s)s") % {"s": state}]})
        try:
            return selectors.demand_list(
                user=self.request.user,
                state=state,
                category=p.get("category") or None,
                unit=p.get("unit") or None,
                period=p.get("period") or None,
                figure=p.get("figure") or None,
            )
        except UnitError as exc:
            raise ValidationError({"detail": str(exc)}) from None

    @extend_schema(summary="诉求列表（本人范围内）", parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        summary="提交诉求（Idempotency-Key 请求头：重试只受理一次）",
        request=DemandCreateSerializer,
        responses={
            201: DemandSerializer,
            200: OpenApiResponse(DemandSerializer, description="以同一幂等键重试：原诉求"),
            422: OpenApiResponse(
                IdempotencyConflictSerializer, description="幂等键已用于内容不同的请求"
            ),
        },
        parameters=[
            OpenApiParameter(
                "Idempotency-Key", OpenApiTypes.STR, "header", description="最多100个字符"
            )
        ],
        examples=[
            OpenApiExample(
                "噪音扰民",
                value={"category": "noise", "description": "广场舞音响太吵", "urgency": "normal"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        d = demand_create_input(request.data)
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if len(key) > MAX_IDEMPOTENCY_KEY:
            raise ValidationError({"Idempotency-Key": [_("幂等键过长（最多100个字符）")]})
        household = _scoped(Household, d.pop("household", None), request.user, "household")
        building = _scoped(Building, d.pop("building", None), request.user, "building")
        try:
            intake = services.demand_submit(
                channel=Demand.Channel.API,  # the way in; the service records the user's channel
                user=request.user,
                household=household,
                building=building,
                idempotency_key=f"api:{request.user.pk}:{key}" if key else None,
                **d,
            )
        except services.IdempotencyMismatch as exc:
            return Response(
                {"detail": "；".join(_messages(exc))}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
            )
        except DjangoValidationError as exc:
            raise ValidationError(_errors(exc)) from None
        body = represent(intake.demand)
        body["duplicates"] = [c.pk for c in intake.duplicates]
        code = status.HTTP_201_CREATED if intake.created else status.HTTP_200_OK
        return Response(body, status=code)


def _scoped(model, pk, user, field):
    if pk is None:
        return None
    found = restrict(model.objects.all(), user).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("不存在或不在您的范围内")]})
    return found


class DemandDetail(APIView):
    @extend_schema(summary="诉求（含办理记录）", responses=DemandDetailSerializer)
    def get(self, request, pk):
        return Response(DemandDetailSerializer(_get(request, pk)).data)


def _get(request, pk) -> Demand:
    try:
        return selectors.demand_get(user=request.user, pk=pk)
    except Demand.DoesNotExist:
        raise NotFound(_("诉求不存在")) from None


class DemandAction(APIView):
    """dispatch / sign / start / resolve / rate / close / return / reassign / escalate /
    reopen / merge, and progress / extend_request / extend_approve / extend_refuse (which
    keep the state). 409 when the state does not allow it, 403 when the user may not."""

    @extend_schema(
        summary="办理操作",
        operation_id="demands_action",
        request=ActionSerializer,
        responses={
            200: DemandSerializer,
            409: OpenApiResponse(ConflictSerializer, description="诉求当前的状态不允许此操作"),
        },
        parameters=[
            OpenApiParameter(
                "action", OpenApiTypes.STR, "path", enum=sorted(ACTIONS), required=True
            )
        ],
    )
    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise NotFound(_("未知的办理操作"))
        demand = _get(request, pk)
        form = ActionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            perform(action, demand=demand, user=request.user, data=form.validated_data)
        except ActionForbidden as exc:
            raise PermissionDenied(str(exc)) from None
        except TransitionError as exc:
            return Response(
                {"detail": "；".join(_messages(exc)), "state": demand.state},
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as exc:
            raise ValidationError({"detail": _messages(exc)}) from None
        demand.refresh_from_db()
        return Response(represent(demand))
