"""`banshi villages --region CODE_OR_NAME [--year YYYY] [--json]`: the figures of the
village apps (committees and pools, red flags, rectification, contests, cadre assessment)
for a county, township or village for a year (a rate as its fraction with its numerator and
denominator, in JSON; as a percentage in the text) and the gap report of the reserve
pools: the villages under 3 and over 5, and the pool's age profile."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.core import figures
from banshi.core.figures import Part
from banshi.core.periods import Period, PeriodError
from banshi.territory.arguments import region_argument

from ...figures import VILLAGE_GROUPS
from ...selectors import gap_report


def figure_rows(subject, period: Period) -> list[dict]:
    rows = []
    for key, value in figures.compute(subject, period, groups=VILLAGE_GROUPS).items():
        figure = figures.get(key)
        row = {"key": key, "label": str(figure.label), "value": value}
        if figure.is_rate:
            row["numerator"] = figure.part_records(subject, period, Part.NUMERATOR).count()
            row["denominator"] = figure.part_records(subject, period, Part.DENOMINATOR).count()
        rows.append(row)
    return rows


class Command(BaseCommand):
    help = "Print the villages figures of a region for a year, and the reserve pools' gaps."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code or name")
        parser.add_argument("--year", type=int, help="YYYY (default: this year)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, region: str, year=None, as_json=False, **options):
        subject = region_argument(region)
        try:
            period = Period.year(year or timezone.localdate().year)
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from None
        rows = figure_rows(subject, period)
        if not rows:
            raise CommandError(
                _("%(name)s 不是县、乡镇或村，没有村级组织统计") % {"name": subject.name},
                returncode=2,
            )
        report = gap_report(subject, timezone.localdate())
        if as_json:
            out = {
                "region": {"code": subject.code, "name": subject.name},
                "period": period.key,
                "figures": {r["key"]: r["value"] for r in rows},
                "rates": {
                    r["key"]: {"numerator": r["numerator"], "denominator": r["denominator"]}
                    for r in rows
                    if "numerator" in r
                },
                "gap_report": report.as_dict(),
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(name)s（%(code)s）· %(period)s")
            % {"name": subject.name, "code": subject.code, "period": period.key}
        )
        for r in rows:
            figure = figures.get(r["key"])
            shown = figures.display(figure, r["value"])
            if "numerator" in r:
                shown += f"（{r['numerator']}/{r['denominator']}）"
            self.stdout.write(f"  {r['label']}  {shown}")
        gap = report.as_dict()
        self.stdout.write(
            _("后备人选：村 %(v)d 个，在库 %(n)d 名，3至5名的村 %(f)d 个")
            % {"v": gap["villages"], "n": gap["reserve_cadres"], "f": gap["villages_full"]}
        )
        self.stdout.write(
            _("  不足3名：%(names)s") % {"names": _("、").join(gap["villages_under_3"]) or "—"}
        )
        self.stdout.write(
            _("  超过5名：%(names)s") % {"names": _("、").join(gap["villages_over_5"]) or "—"}
        )
        age = gap["age_profile"]
        self.stdout.write(
            _("  年龄：35岁以下 %(a)d，35至45岁 %(b)d，45岁以上 %(c)d，平均 %(m)s 岁")
            % {
                "a": age["under_35"],
                "b": age["from_35_to_45"],
                "c": age["over_45"],
                "m": age["mean_age"] if age["mean_age"] is not None else "—",
            }
        )
