"""What rectification brings to the registries: how the scope reaches its records (by the
village's territory code, and by the village's branch for its secretary; a campaign by its
county), which are audited, the figures, and the worker's sweep of overdue tasks. No menu
entry: the villages page links the campaigns."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.core import jobs
from banshi.core.jobs import Job

from . import figures
from .models import Campaign, Plan, ProgressReport, Screening, ScreeningFinding, Task
from .services import sweep_overdue

SWEEP_EVERY = 3600.0  # hourly: deadlines are days


def register() -> None:
    scope.register(Campaign, territory="county__code")
    scope.register(Screening, territory="village__code", org_path="organization__path")
    for model in (ScreeningFinding, Plan):
        scope.register(
            model, territory="screening__village__code", org_path="screening__organization__path"
        )
    for model in (Task, ProgressReport):
        scope.register(
            model,
            territory="plan__screening__village__code",
            org_path="plan__screening__organization__path",
        )
    audit(Campaign, Screening, ScreeningFinding, Plan, Task, ProgressReport)
    jobs.register(
        Job("rectification.overdue_sweep", _("整顿任务超期检查"), sweep_overdue, every=SWEEP_EVERY)
    )
    figures.register()
