"""The writes of villages, one module per feature: the villagers' committee
(`committees`), the joint review and its adjustments (`review`), the reserve pool
(`reserve`), training (`training`) and observation tours (`tours`). Every service is one
transaction with keyword-only arguments; `user=None` is the demo builder or a command,
acting as the system."""

from .committees import villager_committee_elect, villager_seat_fill, villager_seat_vacate
from .reserve import reserve_add, reserve_add_many, reserve_set_status
from .review import (
    adjustment_dismiss,
    adjustment_fill,
    review_decide,
    review_opinion_record,
    review_round_open,
)
from .tours import tour_create, tour_participant_add, tour_stop_add, tour_summarize
from .training import attendance_record, attendance_record_many, course_create, session_add

__all__ = [
    "adjustment_dismiss",
    "adjustment_fill",
    "attendance_record",
    "attendance_record_many",
    "course_create",
    "reserve_add",
    "reserve_add_many",
    "reserve_set_status",
    "review_decide",
    "review_opinion_record",
    "review_round_open",
    "session_add",
    "tour_create",
    "tour_participant_add",
    "tour_stop_add",
    "tour_summarize",
    "villager_committee_elect",
    "villager_seat_fill",
    "villager_seat_vacate",
]
