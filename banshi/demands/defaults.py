"""The default taxonomy and deadline rules. The data migration 0002 seeded the same rows;
`ensure_defaults` puts them back after a database flush (the demo build empties every
table) without touching rows an administrator has changed."""

from decimal import Decimal

from django.db import transaction

from .models import Category, DeadlineRule

# code, name, handling level, complexity
CATEGORIES = [
    ("heating", "供暖", "community", "utility"),
    ("water", "供水", "community", "utility"),
    ("power", "供电", "community", "utility"),
    ("gas", "燃气", "community", "utility"),
    ("property", "物业管理", "community", "general"),
    ("sanitation", "环境卫生", "grid", "general"),
    ("parking", "停车管理", "community", "complex"),
    ("noise", "噪音扰民", "grid", "general"),
    ("municipal", "市政设施", "street", "complex"),
    ("greenery", "园林绿化", "street", "general"),
    ("public_order", "社会治安", "street", "general"),
    ("neighbour", "邻里纠纷", "grid", "general"),
    ("elderly", "养老服务", "community", "general"),
    ("employment", "就业服务", "community", "general"),
    ("other", "其他", "street", "general"),
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
