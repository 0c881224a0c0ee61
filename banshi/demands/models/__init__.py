"""Residents' demands (接诉即办): the taxonomy and deadline rules (`taxonomy`), the demand with
its stored deadlines and assigned unit (`demand`), and what hangs off it — the append-only
timeline, photos, notifications, whistle calls (吹哨报到), overdue marks and extension
requests (延期申请) (`records`).

A demand's `state` changes only through `banshi.demands.services`, which consult the state
machine in `banshi.demands.workflow`.
"""

from .demand import TRACKING_ALPHABET, TRACKING_LENGTH, Demand, new_tracking_code
from .records import (
    AppendOnlyQuerySet,
    DeadlineExtension,
    DemandEvent,
    DemandPhoto,
    Notification,
    OverdueMark,
    WhistleCall,
)
from .rollup import RateRollup
from .taxonomy import Category, DeadlineRule, Level, Stage, Urgency

__all__ = [
    "TRACKING_ALPHABET",
    "TRACKING_LENGTH",
    "AppendOnlyQuerySet",
    "Category",
    "DeadlineExtension",
    "DeadlineRule",
    "Demand",
    "DemandEvent",
    "DemandPhoto",
    "Level",
    "Notification",
    "OverdueMark",
    "RateRollup",
    "Stage",
    "Urgency",
    "WhistleCall",
    "new_tracking_code",
]
