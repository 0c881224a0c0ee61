from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.demands.services import hotline_import


class Command(BaseCommand):
    help = "Import hotline 12345 work orders (CSV or XLSX); idempotent by work-order number."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("文件不存在：%(f)s") % {"f": file}, returncode=2)
        try:
            with path.open("rb") as fh:
                report = hotline_import(file=fh, filename=path.name)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from None
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(
            _("新增 %(c)d 件，已存在 %(e)d 件，错误 %(n)d 行")
            % {"c": report.created, "e": report.existing, "n": len(report.errors)}
        )
        for label, n in report.others.items():
            self.stdout.write(_("另新增%(label)s %(n)d 条") % {"label": label, "n": n})
        if report.errors:
            raise CommandError(_("部分行有错误"), returncode=1)
