"""The projects' section of `banshi services` (`banshi.core.sections`): each practical-matter
project in the region touching the year, with its deliverables' targets and measured values
and its overall progress."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banshi.core.sections import Section

from . import progress
from .models import Project


def _rows(region, period) -> list[dict]:
    start, end = period.start.date(), period.end.date()
    projects = (
        Project.objects.filter(region__code__startswith=region.prefix, starts_on__lt=end)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=start))
        .prefetch_related("deliverables")
        .order_by("region__code", "pk")
    )
    rows = []
    for p in projects:
        parts = list(p.deliverables.all())
        done = progress.overall((progress.share(d.measured, d.target), d.weight) for d in parts)
        rows.append(
            {
                "project": p.title,
                "status": p.get_status_display(),
                "progress": float(done),
                "deliverables": [
                    {
                        "name": d.name,
                        "unit": d.unit,
                        "target": float(d.target),
                        "measured": float(d.measured),
                    }
                    for d in parts
                ],
            }
        )
    return rows


SECTION = Section("projects.deliverables", _("实事项目成果"), _rows, order=40)
