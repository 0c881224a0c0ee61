"""Learning materials (学习材料): compiled once by a party organization, pushed to chosen
branches with a note tailored to each, and one receipt per member of a branch at push time,
which records when the member opened it. Coverage only: no time spent, no points."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LearningMaterial(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    file = models.FileField(_("附件"), upload_to="materials/%Y/%m/", blank=True)
    file_type = models.CharField(max_length=64, blank=True, editable=False)
    publisher = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("发布党组织"),
        on_delete=models.PROTECT,
        related_name="learning_materials",
    )
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    month = models.DateField(_("学习月份"), help_text=_("所属月份的第一天"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("学习材料")
        verbose_name_plural = _("学习材料")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class MaterialPush(models.Model):
    material = models.ForeignKey(
        LearningMaterial,
        verbose_name=_("学习材料"),
        on_delete=models.CASCADE,
        related_name="pushes",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("推送党支部"),
        on_delete=models.PROTECT,
        related_name="material_pushes",
    )
    tailored_note = models.TextField(_("针对本支部的说明"), blank=True)
    pushed_at = models.DateTimeField(_("推送时间"), db_index=True)
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("学习材料推送")
        verbose_name_plural = _("学习材料推送")
        ordering = ["material_id", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["material", "organization"], name="material_push_once")
        ]

    def __str__(self) -> str:
        return f"{self.material} → {self.organization}"


class MaterialReceipt(models.Model):
    push = models.ForeignKey(
        MaterialPush, verbose_name=_("推送"), on_delete=models.CASCADE, related_name="receipts"
    )
    member = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="material_receipts",
    )
    delivered_at = models.DateTimeField(_("送达时间"))
    opened_at = models.DateTimeField(_("打开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习材料回执")
        verbose_name_plural = _("学习材料回执")
        ordering = ["push_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["push", "member"], name="material_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.push} · {self.member}"
