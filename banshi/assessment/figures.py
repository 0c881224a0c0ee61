"""The registered figures of the cadre assessment for a county, a township or a village:
the secretaries assessed (results of the decided schemes of
the period's year) and those vetoed
(一票否决)."""

import datetime
from functools import partial

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all
from banshi.territory import codes

from .models import AssessmentResult

LEVELS = frozenset({codes.DISTRICT, codes.STREET, codes.COMMUNITY})
_count = partial(Figure, kind=FigureKind.COUNT, levels=LEVELS, group="assessment")


def _assessed(s, p):
    """The results of the decided schemes of the years the period touches."""
    last_year = (p.end - datetime.timedelta(microseconds=1)).year
    return AssessmentResult.objects.filter(
        scheme__decided_on__isnull=False,
        scheme__year__gte=p.start.year,
        scheme__year__lte=last_year,
        branch__territory_code__startswith=s.prefix,
    )


def _vetoed(s, p):
    return _assessed(s, p).filter(vetoed=True)


FIGURES = (
    _count(
        key="secretaries_assessed",
        label=_("参加考核的村党组织书记"),
        order=910,
        records=_assessed,
        help=_("本期确定考核结果的村党组织书记"),
    ),
    _count(
        key="secretaries_vetoed",
        label=_("被一票否决的村党组织书记"),
        order=911,
        records=_vetoed,
        help=_("本期确定的考核结果中被一票否决的村党组织书记"),
    ),
)


def register() -> None:
    register_all(FIGURES)
