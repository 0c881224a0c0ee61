"""The default demand taxonomy and deadline rules (both editable in the admin)."""

from decimal import Decimal

from django.db import migrations

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


def seed(apps, schema_editor):
    Category = apps.get_model("demands", "Category")
    DeadlineRule = apps.get_model("demands", "DeadlineRule")
    for order, (code, name, level, complexity) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "handling_level": level,
                "complexity": complexity,
                "sort_order": order * 10,
            },
        )
        if complexity in RESOLVE_HOURS:
            DeadlineRule.objects.get_or_create(
                category=category,
                urgency="",
                stage="resolve",
                defaults={"hours": RESOLVE_HOURS[complexity]},
            )
    defaults = [
        ("", "dispatch", Decimal(2)),
        ("", "sign", Decimal(2)),
        ("", "resolve", Decimal(7 * 24)),
        ("emergency", "sign", Decimal("0.5")),
        ("emergency", "resolve", Decimal(2)),
    ]
    for urgency, stage, hours in defaults:
        DeadlineRule.objects.get_or_create(
            category=None, urgency=urgency, stage=stage, defaults={"hours": hours}
        )


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
