"""What villages brings to the registries: how the scope reaches its records (by the
village's territory code, and by the village's party branch for its secretary; a county's
joint review and courses by the county), which are audited, the figures, the menu, the
home-page tile and the standard a work report may set for villages."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation
from banshi.core import reportfacts as report_facts
from banshi.core.navigation import NavEntry

from . import figures, reportfacts, tiles
from .models import (
    Adjustment,
    Course,
    CourseAttendance,
    ObservationTour,
    ReserveCadre,
    ReviewOpinion,
    ReviewRound,
    ReviewSubject,
    Session,
    TourParticipant,
    TourStop,
    VillagerCommitteeSeat,
)


def register() -> None:
    for model in (VillagerCommitteeSeat, ReviewSubject, Adjustment, ReserveCadre, CourseAttendance):
        scope.register(model, territory="village__code", org_path="branch__path")
    scope.register(
        ReviewOpinion, territory="subject__village__code", org_path="subject__branch__path"
    )
    scope.register(ReviewRound, territory="county__code")
    scope.register(Course, territory="region__code")
    scope.register(ObservationTour, territory="county__code")
    scope.register(TourStop, territory="tour__county__code")
    scope.register(TourParticipant, territory="tour__county__code")
    scope.register(Session, territory="course__region__code")
    audit(
        VillagerCommitteeSeat,
        ReviewRound,
        ReviewSubject,
        ReviewOpinion,
        Adjustment,
        ReserveCadre,
        Course,
        Session,
        CourseAttendance,
        ObservationTour,
        TourStop,
        TourParticipant,
    )
    navigation.register(
        NavEntry(
            "villages.index",
            _("村“两委”"),
            "villages:index",
            order=74,
            # The county, its townships and its villages (a community's staff is a village's).
            roles=frozenset(
                {
                    RoleAssignment.Role.DISTRICT,
                    RoleAssignment.Role.STREET,
                    RoleAssignment.Role.COMMUNITY,
                    RoleAssignment.Role.SYSTEM_ADMIN,
                }
            ),
        )
    )
    figures.register()
    report_facts.register_standard(reportfacts.RESERVE_PER_VILLAGE)
    tiles.register()
