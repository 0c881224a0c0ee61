"""Activities of every kind a party organization holds (主题党日, 三会一课, 组织生活会, …),
where they are held (a venue registry with the red-education bases), who was expected and
who came (attendance, checked in on the phone with a rotating code or by the organiser),
leave requests, the make-ups (补学) that close an absence, and heart-to-heart talks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plan import _str_list


class Venue(models.Model):
    class Kind(models.TextChoices):
        RED_BASE = "red_base", _("红色教育基地")
        MEETING_ROOM = "meeting_room", _("会议室")
        FIELD = "field", _("田间地头")
        SCHOOL = "school", _("学校")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所在区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_venues",
    )
    # Who registered it; a venue is visible to that organization's subtree and region.
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("登记党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venues",
    )
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("活动场所")
        verbose_name_plural = _("活动场所")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.name or "").strip():
            raise ValidationError({"name": _("请填写场所名称")})
        if (self.lat is None) != (self.lng is None):
            raise ValidationError({"lat": _("经纬度须同时填写")})
        if self.lat is not None and not (-90 <= self.lat <= 90 and -180 <= self.lng <= 180):
            raise ValidationError({"lat": _("经纬度超出范围")})


class Activity(models.Model):
    class Kind(models.TextChoices):
        THEME_DAY = "theme_day", _("主题党日")
        COMMITTEE = "committee", _("支委会")
        GROUP_MEETING = "group_meeting", _("党小组会")
        GENERAL_MEETING = "general_meeting", _("支部党员大会")
        PARTY_LECTURE = "party_lecture", _("党课")
        LIFE_MEETING = "life_meeting", _("组织生活会")
        APPRAISAL = "appraisal", _("民主评议党员")
        STUDY_DAY = "study_day", _("党务工作者学习日")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    TRANSITIONS = {
        Status.PLANNED: {Status.HELD, Status.CANCELLED},
        Status.HELD: set(),
        Status.CANCELLED: set(),
    }

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("主办党组织"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    co_organizations = models.ManyToManyField(
        "organizations.PartyOrganization",
        verbose_name=_("联合党组织"),
        blank=True,
        related_name="joint_activities",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    plan_month = models.ForeignKey(
        "partylife.PlanMonth",
        verbose_name=_("计划月份"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    items_planned = models.JSONField(_("计划内容"), default=list, blank=True)
    items_done = models.JSONField(_("完成内容"), default=list, blank=True)
    format = models.CharField(_("形式"), max_length=50, blank=True)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("场所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    planned_at = models.DateTimeField(_("计划时间"), db_index=True)
    held_at = models.DateTimeField(_("召开时间"), null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    lecturer = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("授课人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lectures_given",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("组织生活活动")
        verbose_name_plural = _("组织生活活动")
        ordering = ["-planned_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "held_at"], name="partylife_act_org_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.title or "").strip():
            raise ValidationError({"title": _("请填写活动名称")})
        _str_list(self.items_planned, "items_planned")
        _str_list(self.items_done, "items_done")
        if self.status == self.Status.HELD and not self.held_at:
            raise ValidationError({"held_at": _("已召开的活动须填写召开时间")})
        if self.held_at and self.ended_at and self.ended_at < self.held_at:
            raise ValidationError({"ended_at": _("结束时间不能早于召开时间")})
        if self.plan_month_id and self.organization_id:
            issuer = self.plan_month.plan.organization
            if not self.organization.path.startswith(issuer.path):
                raise ValidationError({"plan_month": _("该年度计划不覆盖本党组织")})
        if self.lecturer_id and self.kind != self.Kind.PARTY_LECTURE:
            raise ValidationError({"lecturer": _("只有党课才填写授课人")})

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def duration_minutes(self) -> int | None:
        if self.held_at and self.ended_at:
            return int((self.ended_at - self.held_at).total_seconds() // 60)
        return None


class Attendance(models.Model):
    """One expected member of one activity. `client_id` is the UUID the member's phone gave
    the check-in, so a check-in sent twice from an offline outbox is stored once."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("应到")
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    class Method(models.TextChoices):
        NONE = "", _("未签到")
        CODE = "code", _("手机签到")
        ORGANISER = "organiser", _("组织者登记")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(
        _("出勤"), max_length=12, choices=Status.choices, default=Status.EXPECTED, db_index=True
    )
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    method = models.CharField(
        _("签到方式"), max_length=12, choices=Method.choices, default=Method.NONE, blank=True
    )
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("出勤记录")
        verbose_name_plural = _("出勤记录")
        ordering = ["activity_id", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="partylife_attendance_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member} · {self.get_status_display()}"

    def clean(self) -> None:
        present = self.status == self.Status.PRESENT
        if self.checked_in_at and not present:
            raise ValidationError({"status": _("已签到的记录只能是出席")})
        if self.method and not present:
            raise ValidationError({"method": _("只有出席才有签到方式")})
        if self.method == self.Method.CODE and not self.checked_in_at:
            raise ValidationError({"checked_in_at": _("手机签到须有签到时间")})

    @property
    def needs_makeup(self) -> bool:
        """An absence or a leave opens a make-up item until a make-up closes it."""
        return self.status in (self.Status.ABSENT, self.Status.LEAVE) and not hasattr(
            self, "makeup"
        )


class LeaveRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不批准")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REFUSED},
        Status.APPROVED: set(),
        Status.REFUSED: set(),
    }

    attendance = models.OneToOneField(
        Attendance, verbose_name=_("出勤记录"), on_delete=models.CASCADE, related_name="leave"
    )
    reason = models.CharField(_("请假事由"), max_length=300)
    status = models.CharField(
        _("审批"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.attendance.member} · {self.get_status_display()}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("请填写请假事由")})
        if self.status != self.Status.PENDING and not self.decided_at:
            raise ValidationError({"decided_at": _("审批须有审批时间")})

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class MakeUp(models.Model):
    """补学: a later record that closes an absence or an approved leave."""

    attendance = models.OneToOneField(
        Attendance, verbose_name=_("出勤记录"), on_delete=models.CASCADE, related_name="makeup"
    )
    done_at = models.DateTimeField(_("补学时间"))
    note = models.CharField(_("补学内容"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("补学记录")
        verbose_name_plural = _("补学记录")
        ordering = ["-done_at", "-id"]

    def __str__(self) -> str:
        return f"{self.attendance.member} · {self.done_at:%Y-%m-%d}"

    def clean(self) -> None:
        if not (self.note or "").strip():
            raise ValidationError({"note": _("请填写补学内容")})
        if not self.attendance_id:
            return
        attendance = self.attendance
        if attendance.status not in (Attendance.Status.ABSENT, Attendance.Status.LEAVE):
            raise ValidationError({"attendance": _("只有缺席或请假才需要补学")})
        held_at = attendance.activity.held_at
        if held_at and self.done_at and self.done_at < held_at:
            raise ValidationError({"done_at": _("补学时间不能早于活动召开时间")})


class Talk(models.Model):
    """谈心谈话 with one member."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="talks",
    )
    member = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("谈话对象"),
        on_delete=models.PROTECT,
        related_name="talks",
    )
    held_on = models.DateField(_("谈话日期"), db_index=True)
    by_name = models.CharField(_("谈话人"), max_length=50)
    note = models.TextField(_("谈话要点"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("谈心谈话")
        verbose_name_plural = _("谈心谈话")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member} · {self.held_on}"

    def clean(self) -> None:
        if not (self.by_name or "").strip():
            raise ValidationError({"by_name": _("请填写谈话人")})


class ActivityPhoto(models.Model):
    """A photo of a held activity (the record a branch keeps with its minutes and sign-in
    sheet), checked by `core.uploads` and stored under a random name."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), upload_to="partylife/%Y/%m/")
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity_id", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.activity} #{self.pk}"
