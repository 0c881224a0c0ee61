import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.organizations.lint import structure_problems
from banshi.territory.models import Region
from banshi.territory.selectors import region_find


class Command(BaseCommand):
    help = "Print structure problems of the party organization as warnings (lint-org)."

    def add_arguments(self, parser):
        parser.add_argument("region", nargs="?", help="region code or exact name (default: all)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print a JSON list")

    def handle(self, *args, region=None, as_json=False, **options):
        node = None
        if region:
            try:
                node = region_find(region)
            except Region.DoesNotExist:
                raise CommandError(_("找不到区划：%(r)s") % {"r": region}, returncode=2) from None
            except Region.MultipleObjectsReturned:
                raise CommandError(
                    _("区划名称不唯一，请用代码：%(r)s") % {"r": region}, returncode=2
                ) from None
        problems = structure_problems(region=node)
        if as_json:
            rows = [{"code": p.code, "node": p.node, "message": p.message} for p in problems]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for p in problems:
            self.stdout.write(self.style.WARNING(_("警告") + f" [{p.code}] {p}"))
        self.stdout.write(_("共 %(n)d 条警告") % {"n": len(problems)})
