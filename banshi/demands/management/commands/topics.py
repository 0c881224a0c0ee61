import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.demands.rates import current_period
from banshi.demands.topics import topic_of_month
from banshi.demands.units import UnitError
from banshi.territory.models import Region
from banshi.territory.selectors import region_find

ARROWS = {"up": "↑", "down": "↓", "flat": "→", "new": "★"}


class Command(BaseCommand):
    help = "Topic of the month: the most frequent categories and words, against last month."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="region code or exact name (default: all)")
        parser.add_argument("--period", help="month, YYYY-MM (default: this month)")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, region=None, period=None, top=10, as_json=False, **o):
        node = None
        if region:
            try:
                node = region_find(region)
            except (Region.DoesNotExist, Region.MultipleObjectsReturned):
                raise CommandError(_("找不到区划：%(r)s") % {"r": region}, returncode=2) from None
        try:
            result = topic_of_month(period=period or current_period(), region=node, top=top)
        except UnitError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(region)s %(p)s：诉求 %(n)d 件（上月 %(m)d 件）")
            % {
                "region": result["region_name"],
                "p": result["period"],
                "n": result["total"],
                "m": result["previous_total"],
            }
        )
        if result["topic"]:
            self.stdout.write(_("本月一题：%(name)s") % {"name": result["topic"]["name"]})
        for row in result["categories"]:
            self.stdout.write(
                f"  {row['name']:<8} {row['count']:>5} {ARROWS[row['trend']]} {row['change']:+d}"
            )
        self.stdout.write(_("高频词："))
        for row in result["words"]:
            self.stdout.write(
                f"  {row['word']:<8} {row['count']:>5} {ARROWS[row['trend']]} {row['change']:+d}"
            )
