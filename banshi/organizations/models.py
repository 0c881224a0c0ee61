"""Party organizations form a tree with a materialized path (`/1/7/42/`), so a subtree is
one `path__startswith` query. Each organization names the territory node it serves."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyOrganization(models.Model):
    class Kind(models.TextChoices):
        WORKING_COMMITTEE = "working_committee", _("党工委")
        PARTY_COMMITTEE = "party_committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")
        GRID_BRANCH = "grid_branch", _("网格党支部")
        BUILDING_GROUP = "building_group", _("楼栋党小组")

    # What may sit under what: the four-level system and the ordinary hierarchy.
    ALLOWED_PARENTS = {
        Kind.WORKING_COMMITTEE: {None, Kind.PARTY_COMMITTEE, Kind.WORKING_COMMITTEE},
        Kind.PARTY_COMMITTEE: {None, Kind.WORKING_COMMITTEE, Kind.PARTY_COMMITTEE},
        Kind.GENERAL_BRANCH: {None, Kind.WORKING_COMMITTEE, Kind.PARTY_COMMITTEE},
        Kind.BRANCH: {None, Kind.WORKING_COMMITTEE, Kind.PARTY_COMMITTEE, Kind.GENERAL_BRANCH},
        Kind.GRID_BRANCH: {Kind.PARTY_COMMITTEE, Kind.GENERAL_BRANCH, Kind.BRANCH},
        Kind.BUILDING_GROUP: {Kind.GRID_BRANCH, Kind.BRANCH},
    }
    BRANCH_KINDS = {Kind.BRANCH, Kind.GRID_BRANCH}

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("服务区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organizations",
    )
    grid = models.ForeignKey(
        "territory.Grid",
        verbose_name=_("服务网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organizations",
    )
    building = models.ForeignKey(
        "territory.Building",
        verbose_name=_("服务楼栋"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organizations",
    )
    # Code of the territory node served, for scoping by territory prefix.
    territory_code = models.CharField(max_length=15, db_index=True, editable=False, blank=True)
    is_mobile = models.BooleanField(_("流动党员党组织"), default=False)
    has_committee = models.BooleanField(_("设支部委员会"), default=False)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind not in self.ALLOWED_PARENTS[self.kind]:
            raise ValidationError({"parent": _("该类型党组织不能设在此上级之下")})
        if self.kind == self.Kind.GRID_BRANCH and not self.grid_id:
            raise ValidationError({"grid": _("网格党支部必须指定网格")})
        if self.kind == self.Kind.BUILDING_GROUP and not self.building_id:
            raise ValidationError({"building": _("楼栋党小组必须指定楼栋")})

    def _territory_code(self) -> str:
        if self.building_id:
            return self.building.grid.code
        if self.grid_id:
            return self.grid.code
        if self.region_id:
            return self.region.prefix
        return ""

    def save(self, *args, **kwargs):
        self.territory_code = self._territory_code()
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class PartyMember(models.Model):
    class Status(models.TextChoices):
        FULL = "full", _("正式党员")
        PROBATIONARY = "probationary", _("预备党员")

    resident = models.OneToOneField(
        "people.Resident",
        verbose_name=_("居民"),
        on_delete=models.PROTECT,
        related_name="party_member",
    )
    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    status = models.CharField(
        _("党员类别"), max_length=16, choices=Status.choices, default=Status.FULL
    )
    joined_on = models.DateField(_("入党日期"))
    is_mobile = models.BooleanField(_("流动党员"), default=False)
    occupation = models.CharField(_("职业"), max_length=32, blank=True)
    last_contact_on = models.DateField(_("最近联系日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organization_id", "id"]

    def __str__(self) -> str:
        return str(self.resident)


class CommitteeSeat(models.Model):
    """A seat on an organization's committee (支部委员会, 党委, 党总支) for a term: who holds
    which post from when to when. A branch too small for a committee (under seven full
    members) still has its secretary, and may have a deputy. The open seats are the
    committee: a committee meeting expects them, and the secretary's seat says who the
    secretary was on any day, so a vacancy is a gap between secretary seats."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("书记")
        DEPUTY = "deputy", _("副书记")
        ORGANIZATION = "organization", _("组织委员")
        PROPAGANDA = "propaganda", _("宣传委员")
        DISCIPLINE = "discipline", _("纪检委员")
        YOUTH = "youth", _("青年委员")
        WOMEN = "women", _("妇女委员")
        MEMBER = "member", _("委员")

    # Posts a branch without a committee may still fill.
    WITHOUT_COMMITTEE = {Post.SECRETARY, Post.DEPUTY}
    # 《中国共产党支部工作条例（试行）》: a committee of 3 to 5, in general no more than 7.
    MAX_SEATS = 7

    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    post = models.CharField(_("职务"), max_length=16, choices=Post.choices)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("委员会成员")
        verbose_name_plural = _("委员会成员")
        ordering = ["organization_id", "ended_on", "post", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=models.Q(ended_on__isnull=True),
                name="organizations_seat_one_open_per_member",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(ended_on__isnull=True, post="secretary"),
                name="organizations_seat_one_secretary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_post_display()} · {self.member}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("离任日期不能早于任职日期")})

    def open_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


class Membership(models.Model):
    """A period of a member in an organization; the open one is the current."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="history")
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="membership_periods"
    )
    started_on = models.DateField(_("转入日期"))
    ended_on = models.DateField(_("转出日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("组织关系记录")
        verbose_name_plural = _("组织关系记录")
        ordering = ["member_id", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} · {self.organization} · {self.started_on}–{self.ended_on or ''}"


class CenterHousehold(models.Model):
    """党员中心户: a household with a party member at its center, the fourth level."""

    household = models.OneToOneField(
        "territory.Household", verbose_name=_("户"), on_delete=models.PROTECT, related_name="center"
    )
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="center_households",
    )
    group = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("所属楼栋党小组"),
        on_delete=models.PROTECT,
        related_name="center_households",
    )
    unit = models.ForeignKey(
        "territory.Unit", verbose_name=_("单元"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("党员中心户")
        verbose_name_plural = _("党员中心户")

    def __str__(self) -> str:
        return f"{self.household} · {self.member}"

    def clean(self) -> None:
        # The fourth level hangs under the third: a building group serving the same building.
        if not self.group_id:
            return
        group = self.group
        if group.kind != PartyOrganization.Kind.BUILDING_GROUP:
            raise ValidationError({"group": _("党员中心户必须隶属于楼栋党小组")})
        if not self.household_id:
            return
        building_id = self.household.building_id
        if building_id and group.building_id and building_id != group.building_id:
            raise ValidationError({"household": _("党员中心户所在楼栋与党小组不一致")})


class Applicant(models.Model):
    """A resident on the way to membership (发展党员): applied (入党申请人), named an activist
    (入党积极分子), named a candidate for membership (发展对象), then admitted as a
    probationary member — or dropped. The dates keep the steps; the weak-organization
    screening reads when a branch last named a candidate."""

    class Stage(models.TextChoices):
        APPLIED = "applied", _("入党申请人")
        ACTIVIST = "activist", _("入党积极分子")
        CANDIDATE = "candidate", _("发展对象")
        ADMITTED = "admitted", _("已接收为预备党员")
        DROPPED = "dropped", _("已终止")

    # The order of the steps, each with the date field that records it.
    STEPS = (
        (Stage.APPLIED, "applied_on"),
        (Stage.ACTIVIST, "activist_on"),
        (Stage.CANDIDATE, "candidate_on"),
        (Stage.ADMITTED, "admitted_on"),
    )

    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="applicants",
    )
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("居民"), on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(_("递交申请日期"))
    activist_on = models.DateField(_("确定积极分子日期"), null=True, blank=True)
    candidate_on = models.DateField(_("确定发展对象日期"), null=True, blank=True)
    admitted_on = models.DateField(_("接收预备党员日期"), null=True, blank=True)
    dropped_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("发展党员记录")
        verbose_name_plural = _("发展党员记录")
        ordering = ["organization_id", "-applied_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(admitted_on__isnull=True, dropped_on__isnull=True),
                name="organizations_applicant_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.resident} · {self.get_stage_display()}"

    @property
    def stage(self) -> str:
        if self.dropped_on:
            return self.Stage.DROPPED
        stage = self.Stage.APPLIED
        for step, field in self.STEPS:
            if getattr(self, field):
                stage = step
        return stage

    def get_stage_display(self) -> str:
        return self.Stage(self.stage).label

    def clean(self) -> None:
        days = [getattr(self, f) for _s, f in self.STEPS]
        seen = [d for d in days if d]
        # A later step needs the earlier ones, on or after their dates.
        if days[: len(seen)] != seen or seen != sorted(seen):
            raise ValidationError(_("发展步骤须依次进行，日期不能早于上一步"))
        if self.dropped_on and self.dropped_on < seen[-1]:
            raise ValidationError(_("终止日期不能早于上一步的日期"))
        if self.dropped_on and self.admitted_on:
            raise ValidationError(_("已接收为预备党员的记录不能终止"))
