"""The index the duplicate search at intake reads its pool on (`duplicates._pool_rows`):
category, then latitude (the 200 m band around the point), then longitude; on PostgreSQL
it carries the received time and state too, so rows outside the week or merged are left
without reading the table. Made in SQL (PostgreSQL's INCLUDE has no portable spelling),
so the models' state is unchanged."""

from django.db import migrations

NAME = "demand_near_idx"


def create(apps, schema_editor):
    include = (
        " INCLUDE (received_at, state)" if schema_editor.connection.vendor == "postgresql" else ""
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON demands_demand (category_id, lat, lng){include}"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("demands", "0007_rate_rollup"),
    ]

    operations = [migrations.RunPython(create, drop)]
