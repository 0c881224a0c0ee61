"""The writes of contests: setting a contest up (setup.py) and scoring, closing,
publishing and advancing its heats (scoring.py)."""

from .scoring import heat_close, heat_publish, heat_sheets_enter, sheet_submit
from .setup import (
    can_manage,
    check_manager,
    contest_create,
    contest_open,
    contest_update,
    entry_add,
    heat_add,
    judge_assign,
    stage_add,
)

__all__ = [
    "can_manage",
    "check_manager",
    "contest_create",
    "contest_update",
    "contest_open",
    "entry_add",
    "heat_add",
    "heat_close",
    "heat_publish",
    "heat_sheets_enter",
    "judge_assign",
    "sheet_submit",
    "stage_add",
]
