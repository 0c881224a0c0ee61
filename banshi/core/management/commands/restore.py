"""`banshi restore FILE [--yes] [--check]`: replace the database and the media files by an
archive of `banshi backup`, once the archive has passed every check (banshi.core.backup):
checksums, manifest, data key, database vendor, migrations. --check: the checks only."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from banshi.core.backup import (
    ArchiveInfo,
    BackupError,
    backup_restore,
    backup_verify,
    size_text,
)


def describe(info: ArchiveInfo) -> str:
    return _(
        "备份制作于 %(at)s（Banshi %(version)s，%(vendor)s）：%(tables)d 张表 %(rows)d 行，"
        "媒体文件 %(files)d 个（%(media)s）"
    ) % {
        "at": info.created_at,
        "version": info.banshi_version,
        "vendor": info.vendor_name,
        "tables": info.tables,
        "rows": info.rows,
        "files": info.media_files,
        "media": size_text(info.media_bytes),
    }


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT by an archive of `banshi backup`, once it has "
        "passed every check. Stop the site and `banshi worker` first. --check: check only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `banshi backup`")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: replace the data (scripts)"
        )
        parser.add_argument(
            "--check", action="store_true", help="check the archive only, change nothing"
        )

    def handle(self, *args, file: str, yes: bool = False, check: bool = False, **options):
        say = self.stdout.write if options["verbosity"] > 0 else None
        try:
            if check:
                info = backup_verify(path=file, progress=say)
            else:
                info = backup_restore(
                    path=file, confirm=None if yes else self._confirm, progress=say
                )
        except BackupError as exc:
            raise CommandError(str(exc), returncode=exc.returncode) from None
        except OSError as exc:
            raise CommandError(_("恢复失败：%(error)s") % {"error": exc}) from None
        if check:
            self.stdout.write(_("备份完好，可以恢复。") + describe(info))
            return
        self.stdout.write(_("已恢复。") + describe(info))
        self.stdout.write(_("请重新启动网站和 banshi worker。"))

    def _confirm(self, info: ArchiveInfo) -> bool:
        target = connection.settings_dict["NAME"]
        if not sys.stdin.isatty():
            raise CommandError(
                _("恢复会替换数据库 %(db)s 和 %(media)s 里的全部数据：确认无误后请加 --yes")
                % {"db": target, "media": settings.MEDIA_ROOT},
                returncode=2,
            )
        self.stdout.write(describe(info))
        self.stdout.write(
            _(
                "恢复会替换数据库 %(db)s 和 %(media)s 里的全部数据，现有数据将丢失。"
                "请先停止网站和 banshi worker。"
            )
            % {"db": target, "media": settings.MEDIA_ROOT}
        )
        return input(_("输入 yes 继续：")).strip().lower() == "yes"
