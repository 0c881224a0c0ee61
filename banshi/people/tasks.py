"""Background work of the people app (Django's tasks API through django-tasks): the roster
imports too large for a web request, run by `banshi worker` (see `roster.runs`)."""

from django.db import transaction
from django_tasks import task

from .models import RosterImportRun
from .roster.runs import folder, roster_run_create, roster_run_execute


def roster_import_queue(*, user, path: str, filename: str, skip_invalid: bool) -> RosterImportRun:
    """Record the run and queue its task: with the database backend the task row commits
    (or rolls back) together with the run."""
    run = None
    try:
        with transaction.atomic():
            run = roster_run_create(
                user=user, path=path, filename=filename, skip_invalid=skip_invalid
            )
            roster_import_task.enqueue(run_id=run.pk)
    except BaseException:
        if run is not None:  # recorded, then rolled back: its copy of the file goes too
            (folder() / run.stored_name).unlink(missing_ok=True)
        raise
    return run


@task()
def roster_import_task(*, run_id: int) -> str:
    """Import the queued `RosterImportRun`; the status it ended in. Safe to run twice: a run
    that has started is left alone."""
    return roster_run_execute(run_id=run_id)
