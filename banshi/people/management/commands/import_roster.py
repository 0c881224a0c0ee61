from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.people.roster import RosterFileError, roster_import


class Command(BaseCommand):
    help = "Import a roster of residents from XLSX or CSV (import-roster)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="roster file (.xlsx, or .csv in UTF-8/GBK)")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and report the others (default: all or nothing)",
        )
        parser.add_argument("--report", help="where to write the error report (XLSX)")
        parser.add_argument("--max-bytes", type=int, help="size limit of the file in bytes")
        parser.add_argument("--workers", type=int, help="worker processes (default: automatic)")
        parser.add_argument(
            "--rebuild-indexes",
            choices=["auto", "yes", "no"],
            default="auto",
            help="drop and re-create the resident indexes around the load",
        )

    def handle(self, *args, file, skip_invalid, report, max_bytes, workers, **options):
        rebuild = {"auto": None, "yes": True, "no": False}[options["rebuild_indexes"]]
        try:
            result = roster_import(
                path=file,
                skip_invalid=skip_invalid,
                report_path=report,
                max_bytes=max_bytes,
                workers=workers,
                rebuild_indexes=rebuild,
            )
        except (RosterFileError, OSError) as exc:
            raise CommandError(_("无法导入：%(error)s") % {"error": exc}, returncode=2) from None
        for error in result.error_list(limit=50):
            self.stderr.write(str(error))
        if result.invalid > 50:
            self.stderr.write(_("……共 %(n)d 行有错误") % {"n": result.invalid})
        summary = _(
            "共 %(total)d 行：新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d，"
            "错误 %(invalid)d；新建户 %(households)d、单元 %(units)d；用时 %(seconds).1f 秒"
        ) % {
            "total": result.total,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "invalid": result.invalid,
            "households": result.households_created,
            "units": result.units_created,
            "seconds": result.seconds,
        }
        self.stdout.write(summary)
        if result.report_path:
            self.stdout.write(_("错误报告：%(path)s") % {"path": result.report_path})
        if not result.committed:
            raise CommandError(_("有错误，未导入任何数据（可用 --skip-invalid 只导入正确的行）"))
