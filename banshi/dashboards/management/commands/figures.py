"""`banshi figures --region CODE_OR_NAME [--period YYYY-MM|YYYY] [--json]`: every registered
figure of a region (or grid), from every app, as one object."""

from django.core.management.base import BaseCommand, CommandError

from banshi.core import figures
from banshi.core.periods import Period, PeriodError
from banshi.territory.arguments import region_argument

from ._output import write


class Command(BaseCommand):
    help = "Print every registered figure of a region or grid (JSON: key → value)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code or name, or grid code")
        parser.add_argument("--period", help="YYYY-MM or YYYY (default: this month)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, region: str, period=None, as_json=False, **options):
        subject = region_argument(region, grids=True)
        try:
            chosen = Period.parse(period) if period else Period.current_month()
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from None
        values = figures.compute(subject, chosen)
        write(self, subject, values, as_json=as_json, period=chosen)
