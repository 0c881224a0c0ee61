"""Writes of demands, one module per feature: `intake` (demand_submit), `steps` (the
workflow steps and the progress note), `extension` (延期申请), `whistle` (吹哨报到), `merge`,
`notifications` and `hotline` (the 12345 import), on the machinery they share in `_base`.

Each service is one transaction with keyword-only arguments. `user=None` means the system
(auto-dispatch at intake, the deadline sweep, imports run on the server); for a person, the
state machine's `authorize` decides. A state change is a conditional UPDATE on the state the
service checked (`_base._move`), so of two concurrent attempts exactly one succeeds on SQLite
and PostgreSQL alike.
"""

from ..units import UnitError
from ._intake_input import IdempotencyMismatch
from .extension import extension_approve, extension_refuse, extension_request
from .hotline import hotline_import
from .intake import Intake, demand_submit, is_rider
from .merge import demand_merge
from .notifications import notifications_mark_read, notifications_read_for_demand
from .steps import (
    demand_close,
    demand_dispatch,
    demand_progress_note,
    demand_rate,
    demand_reassign,
    demand_reopen,
    demand_resolve,
    demand_return,
    demand_sign,
    demand_start,
)
from .whistle import demand_escalate, whistle_sign

__all__ = [
    "IdempotencyMismatch",
    "Intake",
    "UnitError",
    "demand_submit",
    "is_rider",
    "demand_dispatch",
    "demand_reassign",
    "demand_sign",
    "demand_start",
    "demand_resolve",
    "demand_return",
    "demand_rate",
    "demand_close",
    "demand_reopen",
    "demand_progress_note",
    "extension_request",
    "extension_approve",
    "extension_refuse",
    "demand_escalate",
    "whistle_sign",
    "demand_merge",
    "notifications_mark_read",
    "notifications_read_for_demand",
    "hotline_import",
]
