from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.access.services import AUDIT_MIN_RETENTION_DAYS, audit_prune


class Command(BaseCommand):
    help = "Remove audit events older than --days days (180 at least) (prune-audit)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=AUDIT_MIN_RETENTION_DAYS,
            help=f"keep this many days (default and minimum {AUDIT_MIN_RETENTION_DAYS})",
        )

    def handle(self, *args, days: int, **options):
        try:
            deleted = audit_prune(days=days)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(_("已删除%(n)s条%(days)s天以前的审计记录") % {"n": deleted, "days": days})
