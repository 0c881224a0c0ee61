"""`banshi stats --region CODE_OR_NAME [--json]`: the figures of a region."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.figures.selectors import FIGURES, RATE_KEYS, RATE_LABELS, region_figures
from banshi.territory.models import Region
from banshi.territory.selectors import region_find


def find_region(value: str) -> Region:
    """The region named by a 12-digit code or an exact name; CommandError (exit code 2)
    for an unknown or ambiguous one."""
    try:
        return region_find(value)
    except Region.DoesNotExist:
        raise CommandError(
            _("找不到区划“%(r)s”：请输入12位区划代码或准确的区划名称") % {"r": value},
            returncode=2,
        ) from None
    except Region.MultipleObjectsReturned:
        matches = Region.objects.filter(name=value.strip()).select_related("parent")
        listed = "、".join(
            f"{r.code}（{r.parent.name if r.parent else ''}{r.name}）" for r in matches
        )
        raise CommandError(
            _("区划名称“%(r)s”不唯一：%(m)s，请改用12位区划代码") % {"r": value, "m": listed},
            returncode=2,
        ) from None


class Command(BaseCommand):
    help = "Print the figures of a region (by 12-digit code or exact name)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", required=True, help="12-digit region code or exact region name"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, region: str, as_json: bool = False, **options):
        node = find_region(region)
        figures = region_figures(region=node)
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        labels = {key: str(fig.label) for key, fig in FIGURES.items()}
        labels.update({key: str(label) for key, label in RATE_LABELS.items()})
        self.stdout.write(_("%(name)s（%(code)s）") % {"name": node.name, "code": node.code})
        width = max(len(label) for label in labels.values())
        for key, value in figures.items():
            shown = f"{value * 100:.2f}%" if key in RATE_KEYS else f"{value:,}"
            label = labels[key]
            self.stdout.write(f"  {label}{'　' * (width - len(label))}  {shown}")
