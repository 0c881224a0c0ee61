"""The writes of party life, one module per feature; each function is one transaction with
keyword-only arguments and refuses a bad input with a Chinese ValidationError."""

from .activity import (
    activity_cancel,
    activity_hold,
    activity_photo_add,
    activity_plan,
    activity_record,
    expected_members,
    venue_create,
)
from .appraisal import appraisal_close, appraisal_grade_set, appraisal_open
from .attendance import (
    attendance_check_in,
    attendance_mark,
    leave_decide,
    leave_request,
    makeup_record,
    talk_record,
)
from .plan import plan_amend, plan_create, plan_publish, plan_update
from .venues import venue_update

__all__ = [
    "activity_cancel",
    "activity_hold",
    "activity_photo_add",
    "activity_plan",
    "activity_record",
    "appraisal_close",
    "appraisal_grade_set",
    "appraisal_open",
    "attendance_check_in",
    "attendance_mark",
    "expected_members",
    "leave_decide",
    "leave_request",
    "makeup_record",
    "plan_amend",
    "plan_create",
    "plan_publish",
    "plan_update",
    "talk_record",
    "venue_create",
    "venue_update",
]
