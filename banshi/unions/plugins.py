"""What unions brings to the registries: how the scope reaches its records (all of them by
the federation's street: its staff and the district's see them; a community's do not), which
are audited, the figures, the records' lists, the menu and the worker's re-certification
reminder."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import jobs, navigation, records
from banshi.core.jobs import Job
from banshi.core.navigation import NavEntry

from . import figures
from .models import (
    AidCampaign,
    AidRecord,
    EnterpriseUnion,
    IncomeReview,
    NeedyWorker,
    PovertyLine,
    UnionFederation,
)
from .services.workers import recertification_reminder

REMINDER_EVERY = 86400.0  # daily: re-certification is due by the day


def register() -> None:
    scope.register(UnionFederation, territory="region__code")
    scope.register(PovertyLine, territory="region__code")
    for model in (EnterpriseUnion, NeedyWorker, AidCampaign):
        scope.register(model, territory="federation__region__code")
    scope.register(IncomeReview, territory="worker__federation__region__code")
    scope.register(AidRecord, territory="campaign__federation__region__code")
    audit(
        UnionFederation,
        EnterpriseUnion,
        PovertyLine,
        NeedyWorker,
        IncomeReview,
        AidCampaign,
        AidRecord,
    )
    navigation.register(
        NavEntry(
            "unions.index",
            _("工会帮扶"),
            "unions:index",
            order=79,
            roles=frozenset(
                {
                    RoleAssignment.Role.DISTRICT,
                    RoleAssignment.Role.STREET,
                    RoleAssignment.Role.SYSTEM_ADMIN,
                }
            ),
        )
    )
    jobs.register(
        Job(
            "unions.recertification_reminder",
            _("困难职工档案年度复核提醒"),
            recertification_reminder,
            every=REMINDER_EVERY,
        )
    )
    figures.register()
    records.register(EnterpriseUnion, "federation", "enterprise")
    records.register(NeedyWorker, "federation", "union__enterprise")
    records.register(AidRecord, "campaign__federation", "worker")
