"""Backups: the database and the media files in one archive (`banshi backup FILE`), and
back again (`banshi restore FILE`).

An archive is a gzip-compressed tar whose members are, in this order:

- `manifest.json`: the format and its version, Banshi's version, when it was made, the
  database's vendor, the migrations applied, the rows of every table, the size and SHA-256
  of every other member, and a fingerprint of BANSHI_DATA_KEY (a keyed hash of a constant,
  from which the key cannot be recovered: the key itself is never in an archive);
- `manifest.hmac`: HMAC-SHA256 of manifest.json under a key derived from BANSHI_DATA_KEY, so
  that a manifest changed after the fact (to match a changed file) is refused too;
- the database, as banshi.core.dbcopy copies it: `database/banshi.sqlite3` or
  `database/banshi.pgdump` (`pg_dump --format=custom`);
- `media/…`: every file under MEDIA_ROOT, read after the database so that every photo the
  database names is there.

`backup_verify` checks an archive and changes nothing: the manifest, its HMAC, the data key's
fingerprint, the vendor and the migrations against this code, then every member against its
checksum (extracted to a work folder beside MEDIA_ROOT), then the copy of the database
itself. `backup_restore` does all of that first, and only then replaces the database (all or
nothing) and swaps the extracted media folder in for MEDIA_ROOT. A restore is for a stopped
site: no web server, no `banshi worker`."""

import base64
import gzip
import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from . import dbcopy
from .dbcopy import CopyError, vendor_name

FORMAT = "banshi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.hmac"
DATABASE_MEMBERS = {"sqlite": "database/banshi.sqlite3", "postgresql": "database/banshi.pgdump"}
MEDIA = "media"
# The work folders of a restore (beside MEDIA_ROOT, or inside it when it is a mount point).
WORK_PREFIX = ".banshi-restore-"
CHUNK = 1024 * 1024
PROGRESS_EVERY = 200 * CHUNK
# About 110 bytes a file: millions of photos; not a whole unknown file read into memory.
MAX_MANIFEST_BYTES = 512 * CHUNK
# Already-compressed photos make most of an archive: level 6 is much faster than tarfile's 9.
COMPRESS_LEVEL = 6

Progress = Callable[[str], None] | None


class BackupError(Exception):
    """A backup or a restore that could not be done; the message says why."""

    returncode = 1


class ArchiveRefused(BackupError):
    """An archive that restore will not use: damaged, changed, or made for another
    installation (another data key, database vendor or version of the code)."""

    returncode = 2


@dataclass(frozen=True)
class ArchiveInfo:
    """What an archive holds, as its manifest says."""

    path: Path
    size: int  # of the archive, in bytes
    created_at: str
    banshi_version: str
    vendor: str
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    manifest: dict = field(repr=False, compare=False)

    @classmethod
    def of(cls, path: Path, manifest: dict) -> "ArchiveInfo":
        media = [v for k, v in manifest["files"].items() if k.startswith(MEDIA + "/")]
        return cls(
            path=path,
            size=path.stat().st_size,
            created_at=manifest["created_at"],
            banshi_version=manifest["banshi_version"],
            vendor=manifest["database"]["vendor"],
            tables=len(manifest["tables"]),
            rows=sum(manifest["tables"].values()),
            media_files=len(media),
            media_bytes=sum(v["size"] for v in media),
            manifest=manifest,
        )

    @property
    def vendor_name(self) -> str:
        return vendor_name(self.vendor)


def size_text(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def banshi_version() -> str:
    try:
        return metadata.version("banshi")
    except metadata.PackageNotFoundError:
        return "unknown"


def _quiet(message: str) -> None:
    pass


# The data key: a fingerprint to know it by, and a key to sign manifests with, each derived
# for its own purpose from the master key (decoded as banshi.core.crypto decodes it).


def _derived(purpose: bytes) -> bytes:
    raw = settings.BANSHI_DATA_KEY
    if not raw:
        raise BackupError(_("BANSHI_DATA_KEY 没有设置"))
    master = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    if len(master) < 32:
        master = hashlib.sha256(master).digest()
    return hmac.new(master, b"backup:" + purpose, hashlib.sha256).digest()


def key_fingerprint() -> str:
    return _derived(b"fingerprint").hex()[:32]


def sign_manifest(data: bytes) -> str:
    return hmac.new(_derived(b"manifest"), data, hashlib.sha256).hexdigest()


# Writing an archive.


def _digest(path: Path) -> dict:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
            size += len(block)
    return {"sha256": h.hexdigest(), "size": size}


def _media_files(root: Path, say) -> list[tuple[str, Path]]:
    """(name in the archive, path) of every regular file under MEDIA_ROOT, sorted; links
    are left out (and said so), as are the work folders of an interrupted restore."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink() or (here == root and d.startswith(WORK_PREFIX)):
                dirnames.remove(d)
                if (here / d).is_symlink():
                    say(_("跳过链接：%(path)s") % {"path": here / d})
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink() or not path.is_file():
                say(_("跳过链接或特殊文件：%(path)s") % {"path": path})
                continue
            found.append((f"{MEDIA}/{path.relative_to(root).as_posix()}", path))
    return found


class _Hashing:
    """A file read through, hashed as it goes (tarfile reads exactly the member's size)."""

    def __init__(self, f):
        self.f, self.h = f, hashlib.sha256()

    def read(self, size=-1):
        block = self.f.read(size)
        self.h.update(block)
        return block


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o600
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path, digest: dict) -> None:
    """Add the file, which must still be as it was when its digest was taken."""
    info = tarfile.TarInfo(name)
    info.size, info.mode = digest["size"], 0o600
    with open(path, "rb") as f:
        info.mtime = os.fstat(f.fileno()).st_mtime
        reader = _Hashing(f)
        try:
            tar.addfile(info, reader)
        except OSError as exc:
            if exc.errno is not None:  # writing the archive failed (a full disk…)
                raise
            reader = None  # tarfile's "unexpected end of data": the file is shorter now
    if reader is None or reader.h.hexdigest() != digest["sha256"]:
        raise BackupError(_("文件在备份过程中被改动了：%(path)s，请重新备份") % {"path": path})


def _write_tar(raw, manifest: dict, members: list[tuple[str, Path]], say) -> None:
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = timezone.now().timestamp()
    files = manifest["files"]
    total, done, shown = sum(files[n]["size"] for n, _p in members), 0, 0
    with tarfile.open(
        fileobj=raw, mode="w:gz", compresslevel=COMPRESS_LEVEL, format=tarfile.PAX_FORMAT
    ) as tar:
        _add_bytes(tar, MANIFEST, data, stamp)
        _add_bytes(tar, SIGNATURE, sign_manifest(data).encode(), stamp)
        for name, path in members:
            _add_file(tar, name, path, files[name])
            done += files[name]["size"]
            if done - shown >= PROGRESS_EVERY:
                say(
                    _("已写入 %(done)s / %(total)s")
                    % {"done": size_text(done), "total": size_text(total)}
                )
                shown = done


def backup_write(*, path, overwrite: bool = False, progress: Progress = None) -> ArchiveInfo:
    """Write the database and MEDIA_ROOT to the archive `path`: to a temporary file beside
    it, renamed into place once complete, so that a failed backup leaves nothing behind."""
    say = progress or _quiet
    path = Path(path).absolute()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if path.resolve().is_relative_to(media_root):
        raise BackupError(_("备份文件不能放在 MEDIA_ROOT（%(root)s）里") % {"root": media_root})
    if path.is_dir() or (path.exists() and not overwrite):
        raise BackupError(_("%(path)s 已经存在（要覆盖它，请加 --overwrite）") % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("没有这个目录：%(dir)s") % {"dir": path.parent})
    vendor = connection.vendor
    member = DATABASE_MEMBERS.get(vendor, "database/unsupported")
    fd, part = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            tempfile.TemporaryDirectory(prefix=".banshi-backup-", dir=path.parent) as work,
        ):
            say(_("正在复制数据库（%(vendor)s）…") % {"vendor": vendor_name(vendor)})
            dump = Path(work) / PurePosixPath(member).name
            try:
                tables, migrations = dbcopy.dump(dump)
            except CopyError as exc:
                raise BackupError(_("无法复制数据库：%(error)s") % {"error": exc}) from None
            files = {member: _digest(dump)}
            say(
                _("数据库：%(tables)d 张表，%(rows)d 行，%(size)s")
                % {
                    "tables": len(tables),
                    "rows": sum(tables.values()),
                    "size": size_text(files[member]["size"]),
                }
            )
            if problem := dbcopy.migration_problem(migrations):
                say(_("注意：数据库的迁移与代码不一致（%(problem)s）") % {"problem": problem})
            media = _media_files(media_root, say)
            say(_("正在计算 %(n)d 个媒体文件的校验和…") % {"n": len(media)})
            files.update((name, _digest(file)) for name, file in media)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "banshi_version": banshi_version(),
                "created_at": timezone.localtime().isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "member": member},
                "data_key": {"fingerprint": key_fingerprint()},
                "migrations": migrations,
                "tables": tables,
                "files": files,
            }
            _write_tar(raw, manifest, [(member, dump), *media], say)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return ArchiveInfo.of(path, manifest)


# Reading an archive back: every check before anything is changed.


def _damaged(detail) -> ArchiveRefused:
    return ArchiveRefused(_("备份文件已损坏或不完整（%(error)s）") % {"error": detail})


def _member_bytes(tar: tarfile.TarFile, expected: str) -> bytes:
    info = tar.next()
    if info is None or info.name != expected or not info.isreg():
        raise ArchiveRefused(_("这不是 Banshi 的备份文件（没有 %(name)s）") % {"name": expected})
    if info.size > MAX_MANIFEST_BYTES:
        raise ArchiveRefused(_("这不是 Banshi 的备份文件（%(name)s 太大）") % {"name": expected})
    data = tar.extractfile(info).read()
    if len(data) != info.size:
        raise _damaged(expected)
    return data


def _safe_media_name(name: str) -> bool:
    p = PurePosixPath(name)
    return (
        str(p) == name
        and len(p.parts) >= 2
        and p.parts[0] == MEDIA
        and ".." not in p.parts
        and "\x00" not in name
    )


def _well_formed(manifest: dict) -> bool:
    """Every field restore reads is there, of its type, and every file name is one restore
    may write (the database's, or a relative path under media/)."""
    try:
        database, files = manifest["database"], manifest["files"]
        member = database["member"]
        return (
            database["vendor"] in DATABASE_MEMBERS
            and member == DATABASE_MEMBERS[database["vendor"]]
            and member in files
            and all(n == member or _safe_media_name(n) for n in files)
            and all(
                isinstance(e["sha256"], str) and isinstance(e["size"], int) and e["size"] >= 0
                for e in files.values()
            )
            and all(isinstance(n, int) for n in manifest["tables"].values())
            and all(
                len(m) == 2 and all(isinstance(s, str) for s in m) for m in manifest["migrations"]
            )
            and isinstance(manifest["created_at"], str)
            and isinstance(manifest["banshi_version"], str)
        )
    except (KeyError, TypeError, AttributeError):
        return False


def _read_manifest(tar: tarfile.TarFile) -> dict:
    data = _member_bytes(tar, MANIFEST)
    signature = _member_bytes(tar, SIGNATURE).strip()
    try:
        manifest = json.loads(data)
    except ValueError:
        raise _damaged(MANIFEST) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused(_("这不是 Banshi 的备份文件"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveRefused(
            _("备份格式是第 %(found)s 版，这个版本的 Banshi 只能读第 %(known)d 版")
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    fingerprint = (manifest.get("data_key") or {}).get("fingerprint")
    if not isinstance(fingerprint, str) or not hmac.compare_digest(
        fingerprint.encode(), key_fingerprint().encode()
    ):
        raise ArchiveRefused(
            _(
                "这份备份是在另一个 BANSHI_DATA_KEY 下制作的：用现在的密钥恢复，身份证号和电话"
                "将无法解密。请把 BANSHI_DATA_KEY 设为制作备份时的密钥，再恢复"
            )
        )
    if not hmac.compare_digest(signature, sign_manifest(data).encode()):
        raise ArchiveRefused(_("备份清单的校验码不符：清单在备份之后被改动过"))
    if not _well_formed(manifest):
        raise ArchiveRefused(_("备份清单不完整，或含有不安全的文件名"))
    return manifest


def _check_fits(manifest: dict) -> None:
    """The archive's database must be of this vendor, and of this code's migrations."""
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise ArchiveRefused(
            _("这是 %(archive)s 数据库的备份，现在配置的是 %(here)s 数据库：不能恢复到另一种数据库")
            % {"archive": vendor_name(vendor), "here": vendor_name(connection.vendor)}
        )
    if problem := dbcopy.migration_problem(manifest["migrations"]):
        raise ArchiveRefused(
            _(
                "备份的数据库结构与这个版本的 Banshi（%(here)s）不同：%(problem)s。请用制作"
                "备份时的版本（%(there)s）恢复，再升级"
            )
            % {"here": banshi_version(), "there": manifest["banshi_version"], "problem": problem}
        )


def _extract(tar: tarfile.TarFile, manifest: dict, into: Path, say) -> None:
    """Every member to `into`, each checked against the manifest as it is written."""
    files, seen = manifest["files"], set()
    total, done, shown = sum(e["size"] for e in files.values()), 0, 0
    while (info := tar.next()) is not None:
        entry = files.get(info.name)
        if entry is None or info.name in seen or not info.isreg():
            raise ArchiveRefused(_("备份里有清单上没有的文件：%(name)s") % {"name": info.name})
        seen.add(info.name)
        target = into / info.name
        target.parent.mkdir(parents=True, exist_ok=True)
        h, size = hashlib.sha256(), 0
        with tar.extractfile(info) as src, open(target, "xb") as out:
            while block := src.read(CHUNK):
                h.update(block)
                size += len(block)
                out.write(block)
        if size != entry["size"] or h.hexdigest() != entry["sha256"]:
            raise ArchiveRefused(
                _("校验和不符：%(name)s（备份文件损坏或被改动过）") % {"name": info.name}
            )
        done += size
        if done - shown >= PROGRESS_EVERY:
            say(
                _("已校验 %(done)s / %(total)s")
                % {"done": size_text(done), "total": size_text(total)}
            )
            shown = done
    if missing := sorted(set(files) - seen):
        raise _damaged(
            _("缺少 %(n)d 个文件，如 %(name)s") % {"n": len(missing), "name": missing[0]}
        )


def _check_database_copy(manifest: dict, dump: Path) -> None:
    """The extracted copy of the database can be read, and holds what the manifest says."""
    try:
        state = dbcopy.check(manifest["database"]["vendor"], dump)
    except CopyError as exc:
        raise ArchiveRefused(_("备份里的数据库无法读取：%(error)s") % {"error": exc}) from None
    if state is not None and state != (manifest["tables"], manifest["migrations"]):
        raise ArchiveRefused(_("备份里的数据库与清单不符"))


@contextmanager
def _work_folder(media_root: Path):
    """Where a restore extracts to: beside MEDIA_ROOT, so that the new folder can be renamed
    into its place; inside it when it is a mount point (a container's volume), which cannot
    be renamed."""
    if media_root.is_dir() and os.path.ismount(media_root):
        parent = media_root
    else:
        parent = media_root.parent
        parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=parent))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _verify_into(path: Path, work: Path, say) -> ArchiveInfo:
    if not path.is_file():
        raise ArchiveRefused(_("没有这个备份文件：%(path)s") % {"path": path})
    say(_("正在校验 %(path)s…") % {"path": path})
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            manifest = _read_manifest(tar)
            _check_fits(manifest)
            _extract(tar, manifest, work, say)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _damaged(exc) from None
    _check_database_copy(manifest, work / manifest["database"]["member"])
    return ArchiveInfo.of(path, manifest)


def backup_verify(*, path, progress: Progress = None) -> ArchiveInfo:
    """Check that the archive can be restored here, changing nothing; ArchiveRefused says
    why it cannot be."""
    path = Path(path).absolute()
    with _work_folder(Path(settings.MEDIA_ROOT).resolve()) as work:
        return _verify_into(path, work, progress or _quiet)


# Restoring.


def _swap_media(new: Path, media_root: Path) -> None:
    """Put the extracted folder `new` in MEDIA_ROOT's place (or, when the work folder is
    inside MEDIA_ROOT, a mount point, its contents in place of MEDIA_ROOT's); drop the old."""
    new.mkdir(exist_ok=True)  # an archive of no media files: an empty MEDIA_ROOT
    work = new.parent
    if work.parent != media_root:
        old = work / "old"
        if media_root.exists():
            os.rename(media_root, old)
        try:
            os.rename(new, media_root)
        except OSError:
            if old.exists():
                os.rename(old, media_root)
            raise
        return
    (work / "old").mkdir()
    for entry in media_root.iterdir():
        if entry != work:
            os.rename(entry, work / "old" / entry.name)
    for entry in new.iterdir():
        os.rename(entry, media_root / entry.name)


def backup_restore(
    *, path, confirm: Callable[[ArchiveInfo], bool] | None = None, progress: Progress = None
) -> ArchiveInfo:
    """Replace the database and MEDIA_ROOT by the archive's, once every check of
    `backup_verify` has passed and `confirm` (shown what the archive holds) says yes."""
    say = progress or _quiet
    if connection.in_atomic_block:
        raise BackupError(_("不能在事务中恢复数据库"))
    path = Path(path).absolute()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    with _work_folder(media_root) as work:
        info = _verify_into(path, work, say)
        if confirm is not None and not confirm(info):
            raise BackupError(_("已取消，没有做任何改动"))
        manifest = info.manifest
        if others := dbcopy.other_sessions():
            say(
                _(
                    "注意：还有 %(n)d 个连接在使用数据库（网站或 banshi worker 还在运行？），"
                    "恢复会等它们释放锁"
                )
                % {"n": others}
            )
        say(_("正在恢复数据库…"))
        try:
            dbcopy.load(work / manifest["database"]["member"])
        except CopyError as exc:
            raise BackupError(
                _("恢复数据库失败，数据库未改动：%(error)s") % {"error": exc}
            ) from None
        say(_("正在恢复媒体文件（%(n)d 个）…") % {"n": info.media_files})
        try:
            _swap_media(work / MEDIA, media_root)
        except OSError as exc:
            raise BackupError(
                _("数据库已恢复，媒体文件却没能换上（%(error)s）：请检查 %(root)s，再恢复一次")
                % {"error": exc, "root": media_root}
            ) from None
    if dbcopy.current_rows() != manifest["tables"]:
        raise BackupError(_("恢复后数据库的行数与备份清单不符：请检查数据库，再恢复一次"))
    return info
