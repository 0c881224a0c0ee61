"""What red-flag villages bring to the registries: how the scope reaches its records (by
the village's territory code, and by the village's branch for its secretary; a scheme by
its county), which are audited, and the figures. No menu entry: the villages' pages link
to the red-flag pages."""

from banshi.access import scope
from banshi.access.audit_signals import audit

from . import figures, tiles
from .models import Declaration, Evidence, FlagReview, Indicator, Objection, Opinion, Scheme


def register() -> None:
    scope.register(Scheme, territory="county__code")
    scope.register(Indicator, territory="scheme__county__code")
    scope.register(Declaration, territory="village__code", org_path="branch__path")
    for model in (Evidence, Opinion, Objection, FlagReview):
        scope.register(
            model, territory="declaration__village__code", org_path="declaration__branch__path"
        )
    audit(Scheme, Indicator, Declaration, Opinion, Objection, FlagReview)
    figures.register()
    tiles.register()
