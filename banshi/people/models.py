"""Residents and roles over places.

ID numbers and phones are never stored in clear: `*_enc` holds AES-GCM ciphertext,
`*_hash` a keyed hash for exact lookup and de-duplication, `*_masked` the display form.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from banshi.core import crypto

from .ethnicities import ETHNICITY_CHOICES


class Resident(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Relation(models.TextChoices):
        HEAD = "head", _("户主")
        SPOUSE = "spouse", _("配偶")
        CHILD = "child", _("子女")
        PARENT = "parent", _("父母")
        GRANDCHILD = "grandchild", _("孙子女")
        GRANDPARENT = "grandparent", _("祖父母")
        SIBLING = "sibling", _("兄弟姐妹")
        CHILD_IN_LAW = "child_in_law", _("儿媳/女婿")
        OTHER = "other", _("其他")

    class PoliticalStatus(models.TextChoices):
        PARTY_MEMBER = "party_member", _("中共党员")
        PROBATIONARY = "probationary", _("中共预备党员")
        LEAGUE_MEMBER = "league_member", _("共青团员")
        DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
        INDEPENDENT = "independent", _("无党派人士")
        MASSES = "masses", _("群众")

    name = models.CharField(_("姓名"), max_length=64)
    name_pinyin = models.CharField(_("姓名全拼"), max_length=128, db_index=True, editable=False)
    name_initials = models.CharField(_("姓名首字母"), max_length=32, db_index=True, editable=False)
    id_number_enc = models.TextField(_("公民身份号码（密文）"), editable=False)
    id_number_hash = models.CharField(max_length=40, unique=True, editable=False)
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18, editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    phone_enc = models.TextField(_("联系电话（密文）"), blank=True, editable=False)
    phone_hash = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    household = models.ForeignKey(
        "territory.Household",
        verbose_name=_("户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    # The household's grid, kept beside it so that scoping a resident needs no extra join.
    grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    relation_to_head = models.CharField(
        _("与户主关系"), max_length=16, choices=Relation.choices, blank=True
    )
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITY_CHOICES, default="01")
    political_status = models.CharField(
        _("政治面貌"),
        max_length=20,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["id"]
        indexes = [models.Index(fields=["name"], name="resident_name_idx")]
        permissions = [("reveal_personal_info", _("可查看完整身份证号和电话（须说明理由）"))]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """The clear ID number. Callers must audit the reveal (access.services)."""
        return crypto.decrypt(self.id_number_enc)

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc)

    @property
    def age(self) -> int:
        today = datetime.date.today()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


class ResidentTag(models.Model):
    """Membership of a group that gets targeted services."""

    class Tag(models.TextChoices):
        ELDERLY_ALONE = "elderly_alone", _("独居老人")
        DISABLED = "disabled", _("残疾人")
        LOW_INCOME = "low_income", _("低保户")
        NEEDY_WORKER = "needy_worker", _("困难职工")
        VETERAN = "veteran", _("退役军人")
        LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
        SERIOUS_ILLNESS = "serious_illness", _("大病患者")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("标签"), max_length=24, choices=Tag.choices)

    class Meta:
        verbose_name = _("居民标签")
        verbose_name_plural = _("居民标签")
        constraints = [
            models.UniqueConstraint(fields=["resident", "tag"], name="resident_tag_unique")
        ]

    def __str__(self) -> str:
        return self.get_tag_display()


class PlaceRole(models.Model):
    """A person's role over a place for a period (open-ended while `ended_on` is empty)."""

    class Role(models.TextChoices):
        GRID_WORKER = "grid_worker", _("网格员")
        GRID_CHIEF = "grid_chief", _("网格长")
        BUILDING_HEAD = "building_head", _("楼栋长")
        UNIT_HEAD = "unit_head", _("单元长")
        INSTRUCTOR = "instructor", _("党建指导员")

    resident = models.ForeignKey(
        Resident, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="roles"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("党建指导员等按区划任职的角色"),
    )
    grid = models.ForeignKey(
        "territory.Grid", verbose_name=_("网格"), null=True, blank=True, on_delete=models.PROTECT
    )
    building = models.ForeignKey(
        "territory.Building",
        verbose_name=_("楼栋"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        "territory.Unit", verbose_name=_("单元"), null=True, blank=True, on_delete=models.PROTECT
    )
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("岗位任职")
        verbose_name_plural = _("岗位任职")
        indexes = [models.Index(fields=["role", "ended_on"], name="placerole_role_idx")]

    def __str__(self) -> str:
        return f"{self.resident} · {self.get_role_display()}"

    def clean(self) -> None:
        place = {
            self.Role.GRID_WORKER: "grid",
            self.Role.GRID_CHIEF: "grid",
            self.Role.BUILDING_HEAD: "building",
            self.Role.UNIT_HEAD: "unit",
            self.Role.INSTRUCTOR: "region",
        }[self.role]
        if getattr(self, f"{place}_id") is None:
            raise ValidationError({place: _("该角色必须指定任职地点")})
        if self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("终止日期不能早于起始日期")})
        # Keep the grid beside the building/unit so that scoping needs one lookup.
        if self.unit_id:
            self.building_id = self.unit.building_id
        if self.building_id:
            self.grid_id = self.building.grid_id


class RosterImportRun(models.Model):
    """A roster import too large for a web request, run by `banshi worker`: who started it,
    the scope they held then, how far it got and what came of it. Only its starter (or a
    superuser) sees it. The counts are final once it has ended; while it runs they are read
    from the progress file the task writes (`roster.runs`), since the import's one
    transaction keeps its own writes, this record's included, out of other connections'
    sight until it commits."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    # The allowed moves: a run goes forward once, and fails from wherever it is.
    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.DONE, Status.FAILED},
        Status.DONE: set(),
        Status.FAILED: set(),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The territory prefixes the starter's scope covered at the upload ("*": everything).
    scope = models.TextField(_("管辖范围"))
    filename = models.CharField(_("文件名"), max_length=255)
    stored_name = models.CharField(_("存储文件名"), max_length=80)
    skip_invalid = models.BooleanField(_("跳过有错误的行"), default=False)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    rows_read = models.PositiveIntegerField(_("已读行数"), default=0)
    rows_valid = models.PositiveIntegerField(_("正确行数"), default=0)
    rows_invalid = models.PositiveIntegerField(_("错误行数"), default=0)
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    report_name = models.CharField(_("错误报告文件名"), max_length=80, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("花名册后台导入")
        verbose_name_plural = _("花名册后台导入")
        indexes = [models.Index(fields=["user", "-created_at"], name="rosterrun_user_idx")]

    def __str__(self) -> str:
        return f"{self.filename} · {self.get_status_display()}"

    @property
    def ended(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]
