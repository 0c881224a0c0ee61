"""`banshi fieldwork --region CODE_OR_NAME [--json]`: the field-work figures of a region."""

import json

from django.core.management.base import BaseCommand

from banshi.fieldwork.selectors import region_fieldwork
from banshi.figures.management.commands.stats import find_region


class Command(BaseCommand):
    help = "Print the field-work figures (visit coverage, findings) of a region."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="12-digit code or exact name")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        region = find_region(options["region"])
        figures = region_fieldwork(region=region)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for key, value in figures.items():
            if not isinstance(value, list | dict):
                self.stdout.write(f"{key}: {value}")
        for kind, n in figures["findings_by_kind"].items():
            self.stdout.write(f"findings_by_kind.{kind}: {n}")
