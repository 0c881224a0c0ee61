import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.core.figures import as_percent
from banshi.demands.ranking import peer_groups
from banshi.demands.rates import LEVELS, current_period, previous_period, unit_rates
from banshi.demands.units import UnitError
from banshi.territory.models import Region
from banshi.territory.selectors import region_find


def _pct(value) -> str:
    return as_percent(value)


class Command(BaseCommand):
    help = "The three rates (response, resolution, satisfaction) and the ranking of units."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="month, YYYY-MM (default: the last complete one)")
        parser.add_argument("--level", default="community", choices=LEVELS)
        parser.add_argument("--region", help="only this region's subtree (code or exact name)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, period=None, level="community", region=None, as_json=False, **o):
        node = None
        if region:
            try:
                node = region_find(region)
            except (Region.DoesNotExist, Region.MultipleObjectsReturned):
                raise CommandError(_("找不到区划：%(r)s") % {"r": region}, returncode=2) from None
        period = period or previous_period(current_period())
        try:
            rows = unit_rates(level=level, period=period, region=node)
            # Ranked among peers (the units of one parent), as every page ranks them.
            rows = [r for group in peer_groups(rows, level) for r in group.rows]
        except UnitError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if as_json:
            out = {"period": period, "level": level, "units": [r.as_dict() for r in rows]}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("%(p)s 排名（%(n)d 个单位）") % {"p": period, "n": len(rows)})
        for r in rows:
            d = r.as_dict()
            self.stdout.write(
                f"{'—' if r.rank is None else r.rank:>3} {r.name:<16} "
                + _("响应率")
                + f" {_pct(d['response_rate'])} ({r.responded_in_time}/{r.dispatched})  "
                + _("解决率")
                + f" {_pct(d['resolution_rate'])} ({r.resolved}/{r.due})  "
                + _("满意率")
                + f" {_pct(d['satisfaction_rate'])} ({r.satisfied}/{r.rated})  "
                + _("综合")
                + f" {'—' if d['score'] is None else d['score']}"
            )
