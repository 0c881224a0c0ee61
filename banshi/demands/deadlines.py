"""Deadlines: hours per stage from the rule table, most specific rule first, with built-in
defaults when the table has no rule at all."""

import datetime
import time
from decimal import Decimal

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Category, DeadlineRule, Stage, Urgency

# Used only when the table holds no matching rule (the data migration seeds the same).
DEFAULT_HOURS = {Stage.DISPATCH: Decimal(2), Stage.SIGN: Decimal(2)}
RESOLVE_HOURS_BY_COMPLEXITY = {
    Category.Complexity.GENERAL: Decimal(7 * 24),
    Category.Complexity.COMPLEX: Decimal(15 * 24),
    Category.Complexity.UTILITY: Decimal(24),
}
EMERGENCY_HOURS = {Stage.SIGN: Decimal("0.5"), Stage.RESOLVE: Decimal(2)}
# Signing after an escalation (and a department's report after a whistle) is due in 30 min.
ESCALATION_SIGN_MINUTES = 30


_cache: dict = {"rules": None, "loaded": 0.0}
CACHE_SECONDS = 60  # an edit in another process applies within a minute


def _rules() -> dict:
    """{(stage, category id or None, urgency or ""): hours}, cached per process; a change
    saved in this process clears it at once (signals below)."""
    if _cache["rules"] is None or time.monotonic() - _cache["loaded"] > CACHE_SECONDS:
        _cache["rules"] = {
            (stage, category_id, urgency): hours
            for stage, category_id, urgency, hours in DeadlineRule.objects.values_list(
                "stage", "category_id", "urgency", "hours"
            )
        }
        _cache["loaded"] = time.monotonic()
    return _cache["rules"]


@receiver([post_save, post_delete], sender=DeadlineRule)
@receiver([post_save, post_delete], sender=Category)
def clear_cache(**kwargs) -> None:
    _cache["rules"] = None


def rule_hours(*, category: Category, urgency: str, stage: str) -> Decimal:
    rules = _rules()
    for cat, urg in ((category.pk, urgency), (None, urgency), (category.pk, ""), (None, "")):
        if (stage, cat, urg) in rules:
            return rules[(stage, cat, urg)]
    if urgency == Urgency.EMERGENCY and stage in EMERGENCY_HOURS:
        return EMERGENCY_HOURS[stage]
    if stage == Stage.RESOLVE:
        return RESOLVE_HOURS_BY_COMPLEXITY[category.complexity]
    return DEFAULT_HOURS[stage]


def due(
    start: datetime.datetime, *, category: Category, urgency: str, stage: str
) -> datetime.datetime:
    hours = rule_hours(category=category, urgency=urgency, stage=stage)
    return start + datetime.timedelta(seconds=int(hours * 3600))


def sign_due(
    start: datetime.datetime, *, category: Category, urgency: str, escalated: bool
) -> datetime.datetime:
    normal = due(start, category=category, urgency=urgency, stage=Stage.SIGN)
    if escalated:
        return min(normal, start + datetime.timedelta(minutes=ESCALATION_SIGN_MINUTES))
    return normal


# 延期申请: the furthest a resolution deadline may be moved at one request, in working days
# (Monday to Friday; the platform keeps no holiday calendar).
MAX_EXTENSION_WORKING_DAYS = 10


def latest_extension(day: datetime.date) -> datetime.date:
    """The last date a deadline falling on `day` (local) may be extended to."""
    added = 0
    while added < MAX_EXTENSION_WORKING_DAYS:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day
