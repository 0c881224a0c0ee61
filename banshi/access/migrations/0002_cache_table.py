"""The database cache's table (CACHES without BANSHI_REDIS_URL): throttles count in it.

Made whatever CACHES says today, so that switching from Redis back to the database needs no
`createcachetable`; Django's own command builds it (and skips it when it exists)."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "banshi_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
