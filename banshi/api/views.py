"""API views: thin, every queryset through the scoped selectors (out of scope → 404)."""

import re

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from banshi.access.authentication import token_expired
from banshi.access.middleware_2fa import two_factor_required
from banshi.access.permissions import can_see_tags
from banshi.access.services import totp_verify
from banshi.access.throttling import AnonRateThrottle, TokenRateThrottle
from banshi.people.selectors import resident_list
from banshi.territory.codes import prefix_of, validate_region_code
from banshi.territory.selectors import grid_list, region_list

from . import serializers as s

# The codes validate_region_code accepts, as a pattern ("" is no filter): two province
# digits, a city, then a district, street and village part, each only below the one above.
REGION_CODE_PATTERN = (
    r"^(|[0-9]{2}(0[1-9]|[1-9][0-9])"
    r"(00000000|(0[1-9]|[1-9][0-9])(000000|(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})[0-9]{3})))$"
)


def _locked_out_response() -> Response:
    return Response(
        {"detail": _("登录失败次数过多，账户已锁定15分钟")},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


class TokenView(APIView):
    """Exchange a username and password (and a TOTP code where two-factor is required) for
    the user's API token. Failures count towards the account and address lockout."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, TokenRateThrottle]

    @extend_schema(
        request=s.TokenRequestSerializer,
        responses={200: s.TokenSerializer},
        summary="获取API令牌",
    )
    def post(self, request):
        form = s.TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # axes reads and flags the Django request, not DRF's wrapper.
        http_request = request._request
        user = authenticate(
            request=http_request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if getattr(http_request, "axes_locked_out", False):
            # Answered here in JSON; keep AxesMiddleware from replacing it with the HTML page.
            http_request.axes_locked_out = False
            return _locked_out_response()
        if user is None:
            return Response({"detail": _("用户名或密码错误")}, status=status.HTTP_400_BAD_REQUEST)
        if two_factor_required(user):
            code = form.validated_data.get("otp_token", "")
            if not code:
                raise ValidationError({"otp_token": [_("该账户要求两步验证，请填写验证码")]})
            if totp_verify(user=user, token=code) is None:
                raise ValidationError({"otp_token": [_("两步验证码错误或已过期")]})
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token.created):
            # A token past its lifetime is replaced, not handed out again.
            token.delete()
            token = Token.objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        return Response({"token": token.key})


class TokenRevokeView(APIView):
    """End the caller's API token at once (a lost phone, a finished script). The account
    has one token; signed in with a session instead, the same token is ended."""

    @extend_schema(request=None, responses={204: None}, summary="注销本人的API令牌")
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="行政区划列表（本人范围内）"),
    retrieve=extend_schema(summary="行政区划及其各项数字"),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{12}"

    def get_queryset(self):
        return region_list(user=self.request.user).select_related("parent")

    def get_serializer_class(self):
        return s.RegionDetailSerializer if self.action == "retrieve" else s.RegionSerializer


@extend_schema_view(
    list=extend_schema(
        summary="网格列表（含边界GeoJSON）",
        parameters=[
            OpenApiParameter(
                "region",
                OpenApiTypes.STR,
                pattern=REGION_CODE_PATTERN,
                description="12位区划代码：只列该区划内的网格",
            )
        ],
    ),
    retrieve=extend_schema(summary="网格"),
)
class GridViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.GridSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{15}"

    def get_queryset(self):
        qs = grid_list(user=self.request.user)
        code = self.request.query_params.get("region", "")
        if code and self.action == "list":
            try:
                validate_region_code(code)
            except DjangoValidationError as exc:
                raise ValidationError({"region": exc.messages}) from None
            # What the schema promises, exactly: ASCII digits, no padding.
            if not re.fullmatch(REGION_CODE_PATTERN, code):
                raise ValidationError(
                    {"region": [_("区划代码必须是12位数字：%(code)s") % {"code": code}]}
                )
            # By code prefix, not by looking the region up: the scope already limits the
            # grids, and a region outside it simply yields none.
            qs = qs.filter(code__startswith=prefix_of(code))
        return qs


@extend_schema_view(
    list=extend_schema(
        summary="居民列表（本人范围内）",
        parameters=[
            OpenApiParameter(
                "search", OpenApiTypes.STR, description="姓名汉字、全拼或首字母（前缀匹配）"
            )
        ],
    ),
    retrieve=extend_schema(summary="居民（身份证号、电话为脱敏值）"),
)
class ResidentViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        search = self.request.query_params.get("search", "") if self.action == "list" else ""
        qs = resident_list(user=self.request.user, search=search)
        if self.action == "retrieve":
            qs = qs.prefetch_related("tags")
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.ResidentDetailSerializer
        return s.ResidentSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_tags"] = can_see_tags(self.request.user)
        return context
