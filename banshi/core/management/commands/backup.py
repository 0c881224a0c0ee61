"""`banshi backup FILE [--overwrite]`: the database and the media files in one archive, with
a manifest and checksums (banshi.core.backup). BANSHI_DATA_KEY is not in it: without the key
the ID numbers and phones in an archive cannot be read, so it is kept apart from them."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.core.backup import BackupError, backup_write, size_text


class Command(BaseCommand):
    help = (
        "Write the database (SQLite or PostgreSQL) and every file under MEDIA_ROOT to one "
        "archive (.tar.gz) with a manifest and checksums. BANSHI_DATA_KEY is not in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. banshi-2026-11-27.tar.gz")
        parser.add_argument(
            "--overwrite", action="store_true", help="replace FILE if it exists already"
        )

    def handle(self, *args, file: str, overwrite: bool = False, **options):
        say = self.stdout.write if options["verbosity"] > 0 else None
        try:
            info = backup_write(path=file, overwrite=overwrite, progress=say)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=exc.returncode) from None
        except OSError as exc:
            raise CommandError(_("备份失败：%(error)s") % {"error": exc}) from None
        self.stdout.write(
            _(
                "已写入备份 %(path)s（%(size)s）：数据库 %(tables)d 张表 %(rows)d 行，"
                "媒体文件 %(files)d 个（%(media)s）"
            )
            % {
                "path": info.path,
                "size": size_text(info.size),
                "tables": info.tables,
                "rows": info.rows,
                "files": info.media_files,
                "media": size_text(info.media_bytes),
            }
        )
        self.stdout.write(
            _(
                "BANSHI_DATA_KEY 不在备份里：恢复时需要同一个密钥，请把它和备份分开保管"
                "（见 docs/operations.md）"
            )
        )
