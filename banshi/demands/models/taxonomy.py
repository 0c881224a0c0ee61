"""The taxonomy of demands (categories and the level that handles each), urgencies, the
stages a deadline applies to, and the deadline rules."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The levels a unit can sit at. Territorial units are identified by their code prefix."""

    GRID = "grid", _("网格")
    COMMUNITY = "community", _("社区")
    STREET = "street", _("街道")
    DISTRICT = "district", _("区县")
    CITY = "city", _("市级")
    DEPARTMENT = "department", _("职能部门")


class Category(models.Model):
    class Complexity(models.TextChoices):
        GENERAL = "general", _("一般")
        COMPLEX = "complex", _("复杂")
        UTILITY = "utility", _("水电气暖")

    HANDLING_LEVELS = [
        (Level.GRID, Level.GRID.label),
        (Level.COMMUNITY, Level.COMMUNITY.label),
        (Level.STREET, Level.STREET.label),
        (Level.DEPARTMENT, Level.DEPARTMENT.label),
    ]

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    handling_level = models.CharField(
        _("默认承办层级"), max_length=16, choices=HANDLING_LEVELS, default=Level.COMMUNITY
    )
    default_department = models.ForeignKey(
        "access.Department",
        verbose_name=_("默认承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("承办层级为职能部门时派往该部门"),
    )
    complexity = models.CharField(
        _("复杂程度"), max_length=16, choices=Complexity.choices, default=Complexity.GENERAL
    )
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["sort_order", "code"]

    @property
    def label(self) -> str:
        """The name in the reader's language: a default category's name is in the catalogue
        (`defaults.py` marks it); one an administrator added shows as it was typed."""
        return gettext(self.name)

    def __str__(self) -> str:
        return self.label


class Stage(models.TextChoices):
    DISPATCH = "dispatch", _("派单")
    SIGN = "sign", _("签收")
    RESOLVE = "resolve", _("办结")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    EMERGENCY = "emergency", _("特急")


class DeadlineRule(models.Model):
    """Hours allowed for a stage. The most specific rule wins: category and urgency, then
    urgency alone, then category alone, then the default (neither)."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示所有类别"),
    )
    urgency = models.CharField(
        _("紧急程度"),
        max_length=16,
        choices=Urgency.choices,
        blank=True,
        help_text=_("留空表示所有紧急程度"),
    )
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices)
    hours = models.DecimalField(_("时限（小时）"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("办理时限规则")
        verbose_name_plural = _("办理时限规则")
        ordering = ["stage", "category_id", "urgency"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency", "stage"],
                condition=Q(category__isnull=False),
                name="deadline_rule_unique",
            ),
            models.UniqueConstraint(
                fields=["urgency", "stage"],
                condition=Q(category__isnull=True),
                name="deadline_rule_default_unique",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="deadline_rule_hours_positive"),
        ]

    def __str__(self) -> str:
        who = self.category.label if self.category_id else _("所有类别")
        urgency = self.get_urgency_display() if self.urgency else _("所有紧急程度")
        return f"{who} · {urgency} · {self.get_stage_display()} {self.hours}h"
