"""The default taxonomy and deadline rules. The data migration 0002 seeded the same rows;
`ensure_defaults` puts them back after a database flush (the demo build empties every
table) without touching rows an administrator has changed."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_noop

from .models import Category, DeadlineRule

# code, name, handling level, complexity. The names are stored in Chinese and marked for the
# catalogue, so a page shows a default category in the reader's language (`Category.label`).
CATEGORIES = [
    ("heating", gettext_noop("供暖"), "community", "utility"),
    ("water", gettext_noop("供水"), "community", "utility"),
    ("power", gettext_noop("供电"), "community", "utility"),
    ("gas", gettext_noop("燃气"), "community", "utility"),
    ("property", gettext_noop("物业管理"), "community", "general"),
    ("sanitation", gettext_noop("环境卫生"), "grid", "general"),
    ("parking", gettext_noop("停车管理"), "community", "complex"),
    ("noise", gettext_noop("噪音扰民"), "grid", "general"),
    ("municipal", gettext_noop("市政设施"), "street", "complex"),
    ("greenery", gettext_noop("园林绿化"), "street", "general"),
    ("public_order", gettext_noop("社会治安"), "street", "general"),
    ("neighbour", gettext_noop("邻里纠纷"), "grid", "general"),
    ("elderly", gettext_noop("养老服务"), "community", "general"),
    ("employment", gettext_noop("就业服务"), "community", "general"),
    ("other", gettext_noop("其他"), "street", "general"),
]
RESOLVE_HOURS = {"utility": Decimal(24), "complex": Decimal(15 * 24)}
DEFAULT_RULES = [  # urgency ("" = any), stage, hours
    ("", "dispatch", Decimal(2)),
    ("", "sign", Decimal(2)),
    ("", "resolve", Decimal(7 * 24)),
    ("emergency", "sign", Decimal("0.5")),
    ("emergency", "resolve", Decimal(2)),
]


@transaction.atomic
def ensure_defaults() -> int:
    """Create the default categories and rules that are missing; returns how many."""

    created = 0
    for order, (code, name, level, complexity) in enumerate(CATEGORIES, start=1):
        category, new = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "handling_level": level,
                "complexity": complexity,
                "sort_order": order * 10,
            },
        )
        created += new
        if new and complexity in RESOLVE_HOURS:
            DeadlineRule.objects.create(
                category=category, urgency="", stage="resolve", hours=RESOLVE_HOURS[complexity]
            )
            created += 1
    for urgency, stage, hours in DEFAULT_RULES:
        _rule, new = DeadlineRule.objects.get_or_create(
            category=None, urgency=urgency, stage=stage, defaults={"hours": hours}
        )
        created += new
    return created
