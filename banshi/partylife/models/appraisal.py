"""Democratic appraisal of members (民主评议党员): a yearly round per organization and one
grade per full member. The one-third cap on 优秀 and the exclusion of probationary members
are enforced by the services, which see the whole round."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppraisalRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("评议中")
        CLOSED = "closed", _("已结束")

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="appraisal_rounds",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    held_on = models.DateField(_("评议日期"))
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year", "organization_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="partylife_appraisal_round_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"

    def clean(self) -> None:
        if not 2000 <= (self.year or 0) <= 2100:
            raise ValidationError({"year": _("年度应在2000至2100之间")})
        if self.held_on and abs(self.held_on.year - self.year) > 1:
            raise ValidationError({"held_on": _("评议日期与年度不符")})


class AppraisalGrade(models.Model):
    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        BASIC = "basic", _("基本合格")
        UNQUALIFIED = "unqualified", _("不合格")

    # At most this share of the graded members may be excellent.
    EXCELLENT_MAX_SHARE = (1, 3)

    round = models.ForeignKey(
        AppraisalRound, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="grades"
    )
    member = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="appraisal_grades",
    )
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = _("评议等次")
        verbose_name_plural = _("评议等次")
        ordering = ["round_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="partylife_grade_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_grade_display()}"

    def clean(self) -> None:
        if not self.member_id:
            return
        if self.member.status == self.member.Status.PROBATIONARY:
            raise ValidationError({"member": _("预备党员不参加民主评议定等")})
        if self.round_id and self.member.organization_id != self.round.organization_id:
            raise ValidationError({"member": _("该党员不属于本党组织")})
