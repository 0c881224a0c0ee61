"""The writes of five-red-flag villages: the county's scheme, the review chain."""

from .chain import (
    declaration_award,
    declaration_decide,
    declaration_first_review,
    declaration_notice,
    declaration_submit,
    flag_review,
    objection_raise,
    objection_settle,
)
from .scheme import indicators_set, scheme_create

__all__ = [
    "declaration_award",
    "declaration_decide",
    "declaration_first_review",
    "declaration_notice",
    "declaration_submit",
    "flag_review",
    "indicators_set",
    "objection_raise",
    "objection_settle",
    "scheme_create",
]
