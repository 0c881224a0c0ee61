"""What work reports bring to the registries: how the scope reaches a report (by the
checking region), which models are audited, and the menu entry."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.core import navigation
from banshi.core.navigation import NavEntry

from .models import FigureReview, SubjectPhrase, WorkReport
from .services import CHECKER_ROLES


def register() -> None:
    scope.register(WorkReport, territory="region__code")
    audit(WorkReport, FigureReview, SubjectPhrase)
    navigation.register(
        NavEntry(
            "workreports.index",
            _("报送核对"),
            "workreports:index",
            order=95,
            roles=CHECKER_ROLES,
        )
    )
