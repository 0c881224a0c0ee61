"""The records of party organization life (党组织生活): annual plans and their monthly
themes, activities with their attendance, leave and make-ups, heart-to-heart talks, and
democratic appraisal rounds."""

from .activity import Activity, ActivityPhoto, Attendance, LeaveRequest, MakeUp, Talk, Venue
from .appraisal import AppraisalGrade, AppraisalRound
from .plan import AnnualPlan, PlanMonth

__all__ = [
    "Activity",
    "ActivityPhoto",
    "AnnualPlan",
    "AppraisalGrade",
    "AppraisalRound",
    "Attendance",
    "LeaveRequest",
    "MakeUp",
    "PlanMonth",
    "Talk",
    "Venue",
]
