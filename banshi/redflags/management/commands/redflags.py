"""`banshi redflags --region CODE_OR_NAME [--year YYYY] [--json]`: the red-flag figures of
a county, township or village for a year, and the year's 报备 report per township (per
flag: held, declared, revoked) with the lagging villages (后进村)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.core import figures
from banshi.core.periods import Period, PeriodError
from banshi.territory.arguments import region_argument

from ...models import Flag
from ...selectors import TownshipRow, year_report


def _row(r: TownshipRow) -> dict:
    return {
        "township": r.township.name,
        "villages": r.villages,
        "flags": {
            f: dict(zip(("held", "declared", "revoked"), r.flags[f], strict=True))
            for f in Flag.values
        },
        "lagging": [v.name for v in r.lagging],
    }


class Command(BaseCommand):
    help = "Print the five-red-flag figures of a region for a year, and the year's report."

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
        values = figures.compute(subject, period, groups=["redflags"])
        if not values:
            raise CommandError(
                _("%(name)s 不是县、乡镇或村，没有红旗村统计") % {"name": subject.name},
                returncode=2,
            )
        report = year_report(subject, period.start.year)
        if as_json:
            out = {
                "region": {"code": subject.code, "name": subject.name},
                "period": period.key,
                "figures": values,
                "report": [_row(r) for r in report.rows],
                "total": _row(report.total) | {"township": _("合计")},
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(name)s（%(code)s）· %(period)s")
            % {"name": subject.name, "code": subject.code, "period": period.key}
        )
        for key, value in values.items():
            figure = figures.get(key)
            self.stdout.write(f"  {figure.label}  {figures.display(figure, value)}")
        self.stdout.write(
            _("乡镇  村数  持有/申报/摘牌（%(flags)s）  后进村")
            % {"flags": "、".join(str(label) for _f, label in Flag.choices)}
        )
        for r in [*report.rows, report.total]:
            cells = "  ".join(f"{c[0]}/{c[1]}/{c[2]}" for c in r.cells)
            name = r.township.name if r.township != subject else _("合计")
            self.stdout.write(f"  {name}  {r.villages}  {cells}  {len(r.lagging)}")
