"""The praise app's section of `banshi services` (`banshi.core.sections`): each unit of the
region that owns a brand or was praised in the year, with its praise by kind, its brands'
carriers by kind and its volunteer teams (`selectors.unit_summary`)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banshi.core.sections import Section
from banshi.organizations.models import PartyOrganization

from .selectors import unit_summary


def _rows(region, period) -> list[dict]:
    year = period.start.year
    units = (
        PartyOrganization.objects.filter(territory_code__startswith=region.prefix)
        .filter(Q(brands__isnull=False) | Q(praise_records__received_on__year=year))
        .distinct()
        .order_by("path")
    )
    return [unit_summary(unit, year) for unit in units]


SECTION = Section("praise.units", _("表扬与党建品牌"), _rows, order=20)
