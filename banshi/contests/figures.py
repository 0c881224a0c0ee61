"""The registered figures of contests for a region and a period: the entrants of the
township semi-finals, of the county finals and of the city finals (by the entrant's branch,
in the period of the heat's date), and the heats whose results were published in the
period (by the heat's region)."""

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all
from banshi.territory import codes

from .models import ContestStage, Entry, Heat


def _entries(level):
    def records(s, p):
        return Entry.objects.filter(
            p.q("heat__scheduled_at"),
            heat__stage__level=level,
            organization__territory_code__startswith=s.prefix,
        )

    return records


def _published(s, p):
    return Heat.objects.filter(
        p.q("published_at"), status=Heat.Status.PUBLISHED, region__code__startswith=s.prefix
    )


FIGURES = (
    Figure(
        "contest_township_entrants",
        _("比武乡镇复赛参赛人数"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="contests",
        order=740,
        records=_entries(ContestStage.Level.TOWNSHIP),
        unit=_("人"),
        help=_("本区划党组织的村党组织书记参加乡镇复赛的人次（按比赛日期统计）"),
    ),
    Figure(
        "contest_county_finalists",
        _("晋级县级决赛人数"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="contests",
        order=741,
        records=_entries(ContestStage.Level.COUNTY),
        unit=_("人"),
        help=_("本区划参加县级决赛的村党组织书记人次"),
    ),
    Figure(
        "contest_city_finalists",
        _("晋级市级决赛人数"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="contests",
        order=742,
        records=_entries(ContestStage.Level.CITY),
        unit=_("人"),
        help=_("本区划参加市级决赛的村党组织书记人次"),
    ),
    Figure(
        "contest_heats_published",
        _("比武结果已公布赛组"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="contests",
        order=743,
        records=_published,
        unit=_("组"),
        help=_("在本区划举办、本期公布结果的赛组"),
    ),
)


def register() -> None:
    register_all(FIGURES)
