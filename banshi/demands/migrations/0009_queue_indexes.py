"""Three indexes for the queues at a city's size (PostgreSQL; SQLite holds a street):

- `demand_supervisor_idx`: open demands by supervising unit — every handler's queue asks for
  what it supervises, which no index served (the whole city's open demands were read);
- `demand_reporter_state_idx`: a user's own demands by state — every queue also holds the
  user's resolved demands waiting for their rating, which was the user's demands ANDed with
  all resolved demands of the city;
- `demand_stage_due_idx`: open demands by the deadline of their current stage, the very
  expression `selectors.with_current_due` computes, carrying the columns it reads so that
  counting what is late or due today reads the index alone.
"""

from django.db import migrations

OPEN = "('received', 'dispatched', 'signed', 'in_progress', 'returned', 'escalated')"
STAGE_DUE = (
    "(CASE WHEN (state IN ('received', 'returned')) THEN dispatch_due"
    " WHEN (state = 'dispatched') THEN sign_due"
    " WHEN (state IN ('signed', 'in_progress', 'escalated')) THEN resolve_due ELSE NULL END)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS demand_supervisor_idx ON demands_demand "
        f"(supervisor_code, state) WHERE state IN {OPEN} AND supervisor_code <> ''"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS demand_reporter_state_idx ON demands_demand "
        "(reporter_user_id, state) WHERE reporter_user_id IS NOT NULL"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS demand_stage_due_idx ON demands_demand ({STAGE_DUE}) "
        f"INCLUDE (state, dispatch_due, sign_due, resolve_due) WHERE state IN {OPEN}"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS demand_supervisor_idx")
        schema_editor.execute("DROP INDEX IF EXISTS demand_reporter_state_idx")
        schema_editor.execute("DROP INDEX IF EXISTS demand_stage_due_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("demands", "0008_duplicate_search_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
