"""What hangs off a demand: photos, the append-only timeline, whistle calls (吹哨报到),
overdue marks, extension requests (延期申请) and notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .demand import Demand
from .taxonomy import Stage


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("append-only records are never deleted")

    def update(self, **kwargs):
        raise PermissionError("append-only records are never changed")


class DemandPhoto(models.Model):
    class Kind(models.TextChoices):
        INTAKE = "intake", _("诉求照片")
        RESOLUTION = "resolution", _("办理照片")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="photos"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.INTAKE)
    file = models.FileField(_("文件"), upload_to="demands/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DemandEvent(models.Model):
    """One entry on a demand's timeline. Append-only: never changed, never deleted."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("受理")
        DISPATCHED = "dispatched", _("派单")
        SIGNED = "signed", _("签收")
        STARTED = "started", _("开始办理")
        RESOLVED = "resolved", _("办结")
        RATED = "rated", _("评价")
        CLOSED = "closed", _("结案")
        RETURNED = "returned", _("退单")
        REASSIGNED = "reassigned", _("改派")
        ESCALATED = "escalated", _("吹哨")
        WHISTLE_SIGNED = "whistle_signed", _("报到")
        WHISTLE_OVERDUE = "whistle_overdue", _("报到超时")
        REOPENED = "reopened", _("重办")
        MERGED = "merged", _("合并")
        MERGED_IN = "merged_in", _("并入重复诉求")
        OVERDUE = "overdue", _("超时督办")
        PHOTO = "photo", _("上传照片")
        PROGRESS = "progress", _("进展说明")
        EXTENSION_REQUESTED = "extension_requested", _("申请延期")
        EXTENSION_APPROVED = "extension_approved", _("批准延期")
        EXTENSION_REFUSED = "extension_refused", _("不予延期")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    from_state = models.CharField(
        _("原状态"), max_length=16, choices=Demand.State.choices, blank=True
    )
    to_state = models.CharField(
        _("新状态"), max_length=16, choices=Demand.State.choices, blank=True
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["demand", "at"], name="demand_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("demand events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("demand events are append-only")


class WhistleCall(models.Model):
    """吹哨报到: the street calls a department in; the department must report (sign)
    within 30 minutes."""

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="whistle_calls"
    )
    department = models.ForeignKey(
        "access.Department",
        verbose_name=_("报到部门"),
        on_delete=models.PROTECT,
        related_name="whistle_calls",
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吹哨人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    called_at = models.DateTimeField(_("吹哨时间"))
    sign_due = models.DateTimeField(_("报到时限"))
    signed_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报到人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overdue = models.BooleanField(_("报到超时"), default=False)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("吹哨报到")
        verbose_name_plural = _("吹哨报到")
        ordering = ["called_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "department"],
                condition=Q(signed_at__isnull=True),
                name="whistle_call_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand.tracking_code} → {self.department}"


class OverdueMark(models.Model):
    """A stage found overdue by the sweep. The unique constraint makes the mark, and the
    escalation that comes with it, happen once per stage and handling round."""

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="overdue_marks"
    )
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices)
    cycle = models.PositiveSmallIntegerField(_("办理轮次"), default=0)
    at = models.DateTimeField(_("标记时间"))
    due = models.DateTimeField(_("时限"))
    unit_code = models.CharField(_("承办单位"), max_length=32, blank=True)
    escalated_to = models.CharField(_("督办单位"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("超时记录")
        verbose_name_plural = _("超时记录")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "stage", "cycle"], name="overdue_mark_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand.tracking_code} {self.get_stage_display()}"


class DeadlineExtension(models.Model):
    """延期申请: the handling unit asks for a later resolution deadline, with its reason;
    the dispatcher approves or refuses it. A record of its own, not fields on the demand:
    a demand may see several requests over its life and each decision is kept. The
    demand's state does not change; an approval moves `Demand.resolve_due`, the one
    deadline the sweep and the rates read. At most one request per demand is pending
    (the partial unique constraint), so two requests at once cannot both wait."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="extensions"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # The unit that asked (its key): the decision goes back to it.
    unit_key = models.CharField(_("申请单位"), max_length=40, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"))
    reason = models.CharField(_("延期理由"), max_length=500)
    old_due = models.DateTimeField(_("原办结时限"))
    requested_due = models.DateTimeField(_("申请的办结时限"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand"],
                condition=Q(status="pending"),
                name="deadline_extension_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand.tracking_code} {self.get_status_display()}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        DISPATCHED = "dispatched", _("新派单")
        OVERDUE = "overdue", _("超时提醒")
        ESCALATED = "escalated", _("督办")
        WHISTLE = "whistle", _("吹哨报到")
        RETURNED = "returned", _("退单")
        RESOLVED = "resolved", _("已办结")
        REOPENED = "reopened", _("重办")
        EXTENSION_REQUESTED = "ext_requested", _("延期申请")
        EXTENSION_APPROVED = "ext_approved", _("延期已批准")
        EXTENSION_REFUSED = "ext_refused", _("延期未批准")

    demand = models.ForeignKey(
        Demand, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    # The unit addressed (its key, e.g. "community:150105001001" or "department:3"), and
    # one row per user who holds a role at that unit.
    unit_key = models.CharField(_("接收单位"), max_length=40, blank=True, db_index=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="demand_notifications",
    )
    note = models.CharField(_("内容"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"))
    read = models.BooleanField(_("已读"), default=False)

    class Meta:
        verbose_name = _("诉求通知")
        verbose_name_plural = _("诉求通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient_user", "read"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.demand.tracking_code}"
