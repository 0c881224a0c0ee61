from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.people.roster import roster_export
from banshi.people.roster.exporting import CommandLineActor
from banshi.territory.models import Region
from banshi.territory.selectors import region_find


class Command(BaseCommand):
    help = "Export the roster of a region as XLSX, ID numbers and phones masked (export-roster)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code or exact name")
        parser.add_argument("-o", "--output", required=True, help="output file (.xlsx)")
        parser.add_argument("--user", help="export as this user (their scope applies)")
        parser.add_argument(
            "--reveal", action="store_true", help="full ID numbers and phones (needs --reason)"
        )
        parser.add_argument("--reason", default="", help="why the full numbers are needed")

    def handle(self, *args, region, output, user=None, reveal=False, reason="", **options):
        try:
            node = region_find(region)
        except Region.DoesNotExist:
            raise CommandError(_("找不到区划：%(r)s") % {"r": region}, returncode=2) from None
        except Region.MultipleObjectsReturned:
            raise CommandError(
                _("区划名称不唯一，请用代码：%(r)s") % {"r": region}, returncode=2
            ) from None
        actor = CommandLineActor()
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(_("找不到用户：%(u)s") % {"u": user}, returncode=2) from None
        if not output.lower().endswith(".xlsx"):
            raise CommandError(_("输出文件须为 .xlsx"), returncode=2)
        try:
            count = roster_export(user=actor, region=node, out=output, reveal=reveal, reason=reason)
        except (PermissionDenied, ValueError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(_("已导出 %(n)d 名居民到 %(path)s") % {"n": count, "path": output})
