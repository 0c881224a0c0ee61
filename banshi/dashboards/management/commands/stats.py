"""`banshi stats --region CODE_OR_NAME [--json]`: the region's structure — territory, people,
the four-level organization, enterprises — read from the figure registry."""

from django.core.management.base import BaseCommand

from banshi.dashboards.selectors import structure_figures
from banshi.territory.arguments import region_argument

from ._output import write


class Command(BaseCommand):
    help = "Print the structure figures of a region (by 12-digit code or exact name)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", required=True, help="12-digit region code or exact region name"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, region: str, as_json: bool = False, **options):
        node = region_argument(region)
        values = structure_figures(node)
        write(self, node, values, as_json=as_json)
