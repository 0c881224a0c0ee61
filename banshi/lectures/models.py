"""Lecture teams (宣讲队), their members and the talks (宣讲) they give: where (the venue
kind and the place, the region it lies in), when, to whom and to how many. A talk may be
given by a non-party unit (托克托县人武部), so a team's party organization is optional."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A sane upper bound for one talk's audience: a stadium rally is not a lecture.
MAX_AUDIENCE = 5000


class LectureTeam(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("所属党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lecture_teams",
    )
    host_unit = models.CharField(_("所属单位"), max_length=100, blank=True)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        related_name="lecture_teams",
    )

    class Meta:
        verbose_name = _("宣讲队")
        verbose_name_plural = _("宣讲队")
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


class LectureTeamMember(models.Model):
    team = models.ForeignKey(
        LectureTeam, verbose_name=_("宣讲队"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=64)
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("居民"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lecture_teams",
    )
    role = models.CharField(_("角色"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("宣讲队员")
        verbose_name_plural = _("宣讲队员")
        ordering = ["team_id", "id"]

    def __str__(self) -> str:
        return self.name


class Lecture(models.Model):
    class VenueKind(models.TextChoices):
        MORAL_HALL = "moral_hall", _("道德讲堂")
        HALL = "hall", _("讲堂")
        FIELD = "field", _("田间地头")
        ORCHARD = "orchard", _("葡萄架下/果园")
        SCHOOL = "school", _("学校")
        COMMUNITY = "community", _("社区")
        ENTERPRISE = "enterprise", _("企业")
        OTHER = "other", _("其他")

    class AudienceKind(models.TextChoices):
        VILLAGERS = "villagers", _("村民")
        STUDENTS = "students", _("学生")
        WORKERS = "workers", _("职工")
        RESIDENTS = "residents", _("居民")
        MEMBERS = "members", _("党员")
        OTHER = "other", _("其他")

    team = models.ForeignKey(
        LectureTeam,
        verbose_name=_("宣讲队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lectures",
    )
    speaker_name = models.CharField(_("宣讲人"), max_length=64)
    host_unit = models.CharField(_("主办单位"), max_length=100, blank=True)
    topic = models.CharField(_("主题"), max_length=200)
    venue_kind = models.CharField(_("场所类型"), max_length=16, choices=VenueKind.choices)
    place = models.CharField(_("地点"), max_length=200)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        related_name="lectures",
    )
    held_on = models.DateField(_("宣讲日期"), db_index=True)
    audience_size = models.PositiveIntegerField(_("听众人数"))
    audience_kind = models.CharField(_("听众类别"), max_length=16, choices=AudienceKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("宣讲")
        verbose_name_plural = _("宣讲")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} · {self.topic}"
