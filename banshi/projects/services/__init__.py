"""The writes of practical-matter projects, one module per feature: the project and its
work (`work`), residents' feedback (`feedback`), the merging of compounds (`compounds`)."""

from .compounds import compounds_merge
from .feedback import feedback_give, may_rate
from .work import (
    photo_upload,
    progress_report,
    project_create,
    project_move,
    spending_record,
)

__all__ = [
    "compounds_merge",
    "feedback_give",
    "may_rate",
    "photo_upload",
    "progress_report",
    "project_create",
    "project_move",
    "spending_record",
]
