"""What the API shows of each record. Only masked identity data ever leaves the server."""

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from banshi.dashboards.selectors import structure_figures
from banshi.people.models import Resident
from banshi.territory.models import Grid, Region

# The characters Django allows in a username: any other name belongs to no account. Refused
# before authentication, so that a control character never reaches the lockout records
# (axes fails on one with a 500 at the second attempt).
USERNAME = UnicodeUsernameValidator(message=_("用户名只能包含字母、数字和 @ . + - _"))


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[USERNAME],
        error_messages={"required": _("请填写用户名"), "blank": _("请填写用户名")},
    )
    password = serializers.CharField(
        label=_("密码"),
        max_length=256,
        trim_whitespace=False,
        style={"input_type": "password"},
        error_messages={"required": _("请填写密码"), "blank": _("请填写密码")},
    )
    otp_token = serializers.CharField(
        label=_("两步验证码"),
        max_length=10,
        required=False,
        allow_blank=True,
        help_text=_("账户要求两步验证时必填：验证器上的6位数字"),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class RegionSerializer(serializers.ModelSerializer):
    # The city at the top has none.
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    # Plain strings, not enums: Region and Grid both have a "kind" with different choices.
    kind = serializers.CharField(read_only=True, help_text="city/district/county/banner/…")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "kind_display", "level", "parent"]


class RegionDetailSerializer(RegionSerializer):
    figures = serializers.SerializerMethodField()

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "figures"]

    # `float`, not `float | int`: a count is a JSON number too, and "one of number and
    # integer" is false of every integer.
    def get_figures(self, region) -> dict[str, float | None]:
        """The region's structure figures (the same as `banshi stats`; rates as fractions)."""
        return structure_figures(region)


class GridSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    boundary = serializers.JSONField(read_only=True, help_text=_("GeoJSON 多边形，经纬度顺序"))
    kind = serializers.CharField(read_only=True, help_text="comprehensive/dedicated")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Grid
        fields = ["code", "name", "kind", "kind_display", "community", "community_name", "boundary"]


class ResidentSerializer(serializers.ModelSerializer):
    age = serializers.IntegerField(read_only=True)
    grid = serializers.SlugRelatedField(slug_field="code", read_only=True)
    household_address = serializers.CharField(
        source="household.address", read_only=True, default=""
    )

    class Meta:
        model = Resident
        fields = [
            "id",
            "name",
            "sex",
            "age",
            "id_number_masked",
            "phone_masked",
            "grid",
            "household",
            "household_address",
        ]


class ResidentDetailSerializer(ResidentSerializer):
    tags = serializers.SerializerMethodField(help_text=_("仅对网格员、社区、街道、区县角色显示"))

    class Meta(ResidentSerializer.Meta):
        fields = [
            *ResidentSerializer.Meta.fields,
            "ethnicity",
            "political_status",
            "relation_to_head",
            "tags",
        ]

    def get_tags(self, resident) -> list[str] | None:
        if not self.context.get("show_tags"):
            return None
        return sorted(t.tag for t in resident.tags.all())
