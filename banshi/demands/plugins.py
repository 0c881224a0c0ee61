"""What demands plugs into the platform: how the scope reaches demands and what hangs off
them, the deadline sweep that `banshi worker` runs every minute, and the menu entries (the
queue for staff, their own demands for residents, the progress lookup for visitors)."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.models import RoleAssignment
from banshi.core import jobs, metrics, navigation, records
from banshi.core.jobs import Job
from banshi.core.navigation import NavEntry

from . import figures, reportfacts, tiles
from .models import (
    DeadlineExtension,
    Demand,
    DemandEvent,
    DemandPhoto,
    Notification,
    OverdueMark,
    WhistleCall,
)
from .sweep import deadline_sweep, overdue_counts

SWEEP_EVERY = 60.0  # seconds; deadlines are set in hours


def sweep_deadlines(now=None) -> dict:
    """The deadline sweep as a job: its counts, flat."""
    report = deadline_sweep(now=now)
    return {
        **{f"marked_{stage}": n for stage, n in report.marked.items()},
        "escalated": report.escalated,
        "whistle_overdue": report.whistle_overdue,
    }


def register() -> None:
    # A demand is seen where it is and by the unit it is assigned to: a street may dispatch a
    # demand from outside every grid to a community, which must then see (and sign) it.
    scope.register(
        Demand,
        territory=("territory_code", "assigned_code"),
        department="assigned_department_id",
        resident="reporter_resident_id",
    )
    for model in (DeadlineExtension, DemandEvent, DemandPhoto, Notification, OverdueMark):
        scope.register(
            model,
            territory=("demand__territory_code", "demand__assigned_code"),
            department="demand__assigned_department_id",
            resident="demand__reporter_resident_id",
        )
    scope.register(WhistleCall, territory="demand__territory_code", department="department_id")

    metrics.register_gauge(
        metrics.Gauge(
            "banshi_demands_overdue",
            "Open demands past the deadline of their stage",
            overdue_counts,
            label="stage",
        )
    )
    jobs.register(
        Job("demands.deadline_sweep", _("诉求超时检查"), sweep_deadlines, every=SWEEP_EVERY)
    )

    resident = frozenset({RoleAssignment.Role.RESIDENT})
    navigation.register(
        NavEntry(
            "demands.queue",
            _("接诉即办"),
            "demands:queue",
            order=10,
            roles=RoleAssignment.STAFF_ROLES,
        )
    )
    navigation.register(
        NavEntry("demands.mine", _("我的诉求"), "demands:list", order=10, roles=resident)
    )
    navigation.register(
        NavEntry("demands.new", _("提交诉求"), "demands:new", order=11, roles=resident)
    )
    navigation.register(
        NavEntry("demands.track", _("诉求进度查询"), "demands:track_form", order=10, anonymous=True)
    )
    figures.register()
    reportfacts.register()
    tiles.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(
        Demand, "category", "grid", "assigned_region", "assigned_grid", "assigned_department"
    )
