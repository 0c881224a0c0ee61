"""`banshi fieldwork --region CODE_OR_NAME [--period YYYY-MM|YYYY] [--json]`: the registered
field-work figures of a region (over the last 91 days unless a period is given), with the
coverage of its grids, communities and streets."""

import json

from django.core.management.base import BaseCommand, CommandError

from banshi.core.periods import Period, PeriodError
from banshi.fieldwork.selectors import activity_period, region_fieldwork
from banshi.territory.arguments import region_argument


class Command(BaseCommand):
    help = "Print the field-work figures (visit coverage, findings) of a region."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="12-digit code or exact name")
        parser.add_argument("--period", help="YYYY-MM or YYYY (default: the last 91 days)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        region = region_argument(options["region"])
        try:
            period = Period.parse(options["period"]) if options["period"] else activity_period()
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from None
        figures = region_fieldwork(region=region, period=period)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for key, value in figures.items():
            if not isinstance(value, list | dict):
                self.stdout.write(f"{key}: {value}")
        for kind, n in figures["findings_by_kind"].items():
            self.stdout.write(f"findings_by_kind.{kind}: {n}")
