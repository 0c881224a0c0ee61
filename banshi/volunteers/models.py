"""志愿服务 per 《志愿服务记录与证明出具办法》 (民政部令第67号): teams (owned by a party
organization, an enterprise or a community/street), their registered volunteers (residents),
activities with a time, place and capacity, sign-ups, and the service records that the
sign-in and sign-out make. A record's hours come from its two times only and are never
edited: a correction is a record of its own (HoursCorrection), approved or refused by a
second person. A certificate (记录证明) is issued by the team that recorded the service,
with a public verification code. A team may be open to residents joining it themselves."""

import datetime
import secrets
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

HALF_HOUR = Decimal("0.5")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed
CODE_LENGTH = 12


def hours_between(start: datetime.datetime, end: datetime.datetime, *, cap: Decimal) -> Decimal:
    """Whole half hours from `start` to `end` (rounded down), at most `cap`."""
    seconds = Decimal(max(0, int((end - start).total_seconds())))
    halves = (seconds / Decimal(1800)).to_integral_value(rounding=ROUND_FLOOR)
    return min(halves * HALF_HOUR, cap)


class VolunteerTeam(models.Model):
    name = models.CharField(_("队伍名称"), max_length=100)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("所属党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
    )
    community = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所属社区（街道）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_volunteer_teams",
    )
    # The owner's region, always set: what the scope and the figures read.
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
    )
    seal = models.CharField(_("印章名称"), max_length=100, blank=True)
    # Residents of the team's community or street may join it themselves (志愿者自主报名).
    open_to_join = models.BooleanField(_("接受居民自主加入"), default=True)
    created_at = models.DateTimeField(_("成立时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["region__code", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organization__isnull=False, enterprise__isnull=True, community__isnull=True)
                    | Q(organization__isnull=True, enterprise__isnull=False, community__isnull=True)
                    | Q(organization__isnull=True, enterprise__isnull=True, community__isnull=False)
                ),
                name="volunteer_team_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self):
        return self.organization or self.enterprise or self.community

    @property
    def seal_text(self) -> str:
        return self.seal or str(self.owner)


class Volunteer(models.Model):
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("志愿服务队"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("志愿者"),
        on_delete=models.PROTECT,
        related_name="volunteering",
    )
    joined_on = models.DateField(_("注册日期"))
    active = models.BooleanField(_("在册"), default=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["team_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "resident"], name="volunteer_once_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.team}"


class VolunteerActivity(models.Model):
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("志愿服务队"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("活动名称"), max_length=100)
    place = models.CharField(_("服务地点"), max_length=200)
    content = models.TextField(_("服务内容"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募人数"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="volunteer_activity_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def length_hours(self) -> Decimal:
        return hours_between(self.starts_at, self.ends_at, cap=Decimal(10**6))


class VolunteerSignUp(models.Model):
    activity = models.ForeignKey(
        VolunteerActivity,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="signups"
    )
    signed_up_at = models.DateTimeField(_("报名时间"))

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["activity_id", "signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="volunteer_signup_once")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.activity_id}"


class ServiceRecord(models.Model):
    """One volunteer's service at one activity: signed in, then out; the hours follow from
    the two times and nothing else. Once signed out the record is closed for good."""

    class Source(models.TextChoices):
        CODE = "code", _("签到码")
        ORGANISER = "organiser", _("组织者登记")

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="records"
    )
    activity = models.ForeignKey(
        VolunteerActivity,
        verbose_name=_("活动"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    signed_in_at = models.DateTimeField(_("签到时间"))
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=6, decimal_places=1, default=Decimal(0)
    )
    client_id = models.UUIDField(_("签到记录编号"), null=True, blank=True, unique=True)
    out_client_id = models.UUIDField(_("签退记录编号"), null=True, blank=True, unique=True)
    source = models.CharField(_("签到方式"), max_length=16, choices=Source.choices)
    out_source = models.CharField(_("签退方式"), max_length=16, choices=Source.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["-signed_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "activity"], name="volunteer_record_once_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(signed_out_at__isnull=True)
                | Q(signed_out_at__gte=models.F("signed_in_at")),
                name="volunteer_record_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} · {self.activity_id} · {self.hours}"

    def compute_hours(self) -> Decimal:
        if self.signed_out_at is None:
            return Decimal(0)
        return hours_between(self.signed_in_at, self.signed_out_at, cap=self.activity.length_hours)

    def save(self, *args, **kwargs):
        # The invariant of 民政部令第67号 as we apply it: hours are what the two times say,
        # and a closed record is never written again (a correction is a HoursCorrection).
        if self.pk is not None:
            closed = type(self).objects.filter(pk=self.pk, signed_out_at__isnull=False).exists()
            if closed:
                raise ValidationError(_("服务时长已记录，不能修改；如需更正，请提交更正申请"))
        self.hours = self.compute_hours()
        super().save(*args, **kwargs)


class HoursCorrection(models.Model):
    """A correction of a record's hours: a new record with its reason, counted once a
    second person (not the requester, not the volunteer) approved it; a refusal (by such a
    second person, with its reason) decides it for good and it is never counted."""

    record = models.ForeignKey(
        ServiceRecord,
        verbose_name=_("服务记录"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    delta = models.DecimalField(_("更正时长（小时）"), max_digits=6, decimal_places=1)
    reason = models.CharField(_("更正理由"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("驳回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("驳回时间"), null=True, blank=True)
    refuse_reason = models.CharField(_("驳回理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("时长更正")
        verbose_name_plural = _("时长更正")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="volunteer_correction_second_person",
            ),
            models.CheckConstraint(
                condition=Q(refused_by__isnull=True) | ~Q(refused_by=models.F("requested_by")),
                name="volunteer_correction_refused_by_second_person",
            ),
            # Decided once: approved (counted) or refused (never counted), not both.
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(refused_at__isnull=True),
                name="volunteer_correction_approved_or_refused",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.delta}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @property
    def refused(self) -> bool:
        return self.refused_at is not None

    @property
    def decided(self) -> bool:
        return self.approved or self.refused


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


class VolunteerCertificate(models.Model):
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="certificates"
    )
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("出具单位"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(
        _("验证码"), max_length=CODE_LENGTH, unique=True, default=new_verification_code
    )
    issued_at = models.DateTimeField(_("出具时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hours = models.DecimalField(_("累计服务时长（小时）"), max_digits=8, decimal_places=1)
    records = models.ManyToManyField(
        ServiceRecord, verbose_name=_("包含的服务记录"), related_name="certificates"
    )

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_at", "pk"]

    def __str__(self) -> str:
        return self.code
