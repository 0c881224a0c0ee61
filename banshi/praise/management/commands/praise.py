"""`banshi praise --unit NAME [--year YYYY] [--json]`: a unit's praise of the year by kind
(12345, letters, banners, in person) and its brands' carriers by kind (routes, carriages,
model posts, post models, …). NAME is the party organization's name, or a part of it that
names one organization only ("公共交通")."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.organizations.models import PartyOrganization

from ...models import Carrier, PraiseRecord
from ...selectors import unit_summary


def find_unit(name: str) -> PartyOrganization:
    name = (name or "").strip()
    if not name:
        raise CommandError(_("请指定被表扬单位"), returncode=2)
    exact = list(PartyOrganization.objects.filter(name=name)[:2])
    found = exact or list(PartyOrganization.objects.filter(name__contains=name)[:2])
    if not found:
        raise CommandError(_("找不到党组织：%(v)s") % {"v": name}, returncode=2)
    if len(found) > 1:
        raise CommandError(_("“%(v)s”对应多个党组织，请写全称") % {"v": name}, returncode=2)
    return found[0]


class Command(BaseCommand):
    help = "Print a unit's praise of a year by kind and its brands' carriers by kind."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="party organization name")
        parser.add_argument("--year", type=int, help="YYYY (default: this year)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, unit: str, year=None, as_json=False, **options):
        year = year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError(_("年度无效"), returncode=2)
        summary = unit_summary(find_unit(unit), year)
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(name)s · %(year)d年") % {"name": summary["unit"]["name"], "year": year}
        )
        self.stdout.write(_("表扬（共 %(n)d 次）") % {"n": summary["praise_total"]})
        for kind, n in summary["praise"].items():
            self.stdout.write(f"  {PraiseRecord.Kind(kind).label}  {n}")
        for brand in summary["brands"]:
            self.stdout.write(
                _("党建品牌 %(name)s：目标 %(goals)s；%(n)d级联动")
                % {
                    "name": brand["name"],
                    "goals": "、".join(brand["goals"]),
                    "n": len(brand["linkage"]),
                }
            )
        self.stdout.write(_("品牌载体"))
        for kind, n in summary["carriers"].items():
            self.stdout.write(f"  {Carrier.Kind(kind).label}  {n}")
        for team in summary["teams"]:
            self.stdout.write(
                _("  %(name)s：注册志愿者 %(n)d 人，服务时长 %(h)s 小时")
                % {"name": team["name"], "n": team["members"], "h": team["hours"]}
            )
