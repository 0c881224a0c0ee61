"""The volunteers' writes, by feature: teams, volunteers, activities and sign-ups
(`teams`), sign-in and sign-out (`attendance`), corrections (requested, approved or refused)
and certificates (`records`)."""

from .attendance import organiser_sign_in, organiser_sign_out, sign_in, sign_out
from .records import (
    certificate_issue,
    correction_approve,
    correction_refuse,
    correction_request,
)
from .teams import activity_create, sign_up, team_create, volunteer_join, volunteer_register

__all__ = [
    "activity_create",
    "certificate_issue",
    "correction_approve",
    "correction_refuse",
    "correction_request",
    "organiser_sign_in",
    "organiser_sign_out",
    "sign_in",
    "sign_out",
    "sign_up",
    "team_create",
    "volunteer_join",
    "volunteer_register",
]
