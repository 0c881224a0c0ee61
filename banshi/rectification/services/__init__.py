"""The writes of rectification: the campaign and its screening (`screening`), the plans
and their follow-up (`plans`), and the worker's sweep. Every service is one transaction
with keyword-only arguments; `user=None` is the demo builder or a command (the system)."""

from .plans import (
    plan_accept,
    plan_create,
    plan_recheck,
    plan_relapse,
    plan_sign_off,
    progress_report,
    sweep_overdue,
    task_add,
    task_done,
)
from .screening import campaign_open, finding_record, screen, screening_decide

__all__ = [
    "campaign_open",
    "finding_record",
    "plan_accept",
    "plan_create",
    "plan_recheck",
    "plan_relapse",
    "plan_sign_off",
    "progress_report",
    "screen",
    "screening_decide",
    "sweep_overdue",
    "task_add",
    "task_done",
]
