"""`banshi services --region CODE_OR_NAME [--year YYYY] [--json]`: what the service apps
report for a region and a year — the registered figures of the groups that serve people
(volunteers, praise and brands, union aid, practical-matter projects, party work in
enterprises and among riders; a rate as its fraction in JSON, a percentage in the text)
and the detail sections those apps register (`banshi.core.sections`): a brand's carriers by
kind, a project's deliverables."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.core import figures, sections
from banshi.core.periods import Period, PeriodError
from banshi.territory.arguments import region_argument

SERVICE_GROUPS = ("volunteers", "praise", "unions", "projects", "enterprises")


class Command(BaseCommand):
    help = "Print the service apps' figures and detail sections of a region for a year."

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
        values = figures.compute(subject, period, groups=SERVICE_GROUPS)
        details = {s.key: (s, s.rows(subject, period) or []) for s in sections.all_sections()}
        if as_json:
            out = {
                "region": {"code": subject.code, "name": subject.name},
                "period": period.key,
                "figures": values,
                "sections": {key: rows for key, (_s, rows) in details.items()},
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            _("%(name)s（%(code)s）· %(period)s")
            % {"name": subject.name, "code": subject.code, "period": period.key}
        )
        for key, value in values.items():
            figure = figures.get(key)
            self.stdout.write(f"  {figure.label}  {figures.display(figure, value)}")
        for section, rows in details.values():
            if not rows:
                continue
            self.stdout.write(str(section.label))
            for row in rows:
                self.stdout.write("  " + " · ".join(f"{k}：{v}" for k, v in row.items()))
