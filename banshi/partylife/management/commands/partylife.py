"""`banshi partylife --region CODE_OR_NAME [--month YYYY-MM] [--json]`: every registered
party-life figure of a region or grid for a month (rates as fractions in JSON, percentages in
the text), and the branches there with obligations of the year overdue by the month's end,
most overdue first."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.core import figures
from banshi.core.periods import Period, PeriodError
from banshi.partylife import obligations
from banshi.territory.arguments import region_argument


class Command(BaseCommand):
    help = "Print the party-life figures of a region for a month, and the branches behind."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code or name, or grid code")
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, region: str, month=None, as_json=False, **options):
        subject = region_argument(region, grids=True)
        try:
            period = Period.parse(month, allow_year=False) if month else Period.current_month()
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from None
        values = figures.compute(subject, period, groups=["partylife"])
        as_of = period.as_of()
        behind = obligations.behind(subject.prefix, period.start.year, now=as_of)
        if as_json:
            out = {
                "region": {"code": subject.code, "name": subject.name},
                "period": period.key,
                "figures": values,
                "branches_behind": [
                    {"id": org.pk, "name": org.name, "overdue": n} for org, n in behind
                ],
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
        self.stdout.write(_("组织生活有逾期的支部：%(n)d 个") % {"n": len(behind)})
        for org, n in behind:
            self.stdout.write(_("  %(org)s  逾期 %(n)d 项") % {"org": org.name, "n": n})
