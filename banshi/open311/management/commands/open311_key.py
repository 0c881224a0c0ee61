from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.open311.models import Open311Key
from banshi.open311.services import open311_key_create, open311_key_revoke


class Command(BaseCommand):
    help = "Open311 API keys: create NAME (shows the key once), list, revoke NAME."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key")
        create.add_argument("name")
        sub.add_parser("list", help="list keys")
        revoke = sub.add_parser("revoke", help="revoke a key")
        revoke.add_argument("name")

    def handle(self, *args, action, name=None, **options):
        try:
            if action == "create":
                record, key = open311_key_create(name=name)
                self.stdout.write(
                    _("已创建密钥“%(name)s”（只显示这一次，请妥善保存）：") % {"name": record.name}
                )
                self.stdout.write(key)
            elif action == "revoke":
                record = open311_key_revoke(name=name)
                self.stdout.write(_("已吊销密钥“%(name)s”") % {"name": record.name})
            else:
                self._list()
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from None

    def _list(self):
        for record in Open311Key.objects.order_by("name"):
            created = timezone.localtime(record.created_at).strftime("%Y-%m-%d %H:%M")
            revoked = (
                _("已吊销 %(at)s")
                % {"at": timezone.localtime(record.revoked_at).strftime("%Y-%m-%d %H:%M")}
                if record.revoked_at
                else _("有效")
            )
            self.stdout.write(f"{record.name}\t{created}\t{revoked}")
