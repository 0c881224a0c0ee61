"""`banshi backup` and `banshi restore` (banshi.core.backup): a round trip gives back every
figure, every row, every photo and every decrypted ID number; a damaged, changed or foreign
archive is refused and nothing changes. Runs on the database the suite runs on (SQLite by
default, PostgreSQL in CI): the database copy is the real one, so every test commits."""

import base64
import gzip
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from banshi.core import backup, crypto, dbcopy, figures
from banshi.core.backup import ArchiveRefused, BackupError
from banshi.core.periods import Period
from banshi.demands.models import DemandPhoto
from banshi.people.models import Resident

# The demand fixtures (people bound to the world, a clock, a submit helper) and their
# autouse companions (immediate tasks, fresh deadline rules, fast passwords, a media folder).
from tests.demands.conftest import (  # noqa: F401
    JPEG,
    PNG,
    cat,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    media,
    people,
    submit,
    t0,
    walk,
)

pytestmark = pytest.mark.django_db(transaction=True)

PERIOD = Period.month(2026, 11)
OTHER_KEY = "ZmFrZS1rZXktZm9yLWEtZGlmZmVyZW50LWluc3RhbGxh"


@pytest.fixture(autouse=True)
def fresh_keys():
    """A test that changes BANSHI_DATA_KEY must not leave its keys cached for the next."""
    crypto.reset_keys()
    yield
    crypto.reset_keys()


@pytest.fixture
def built(world, people, submit, t0):  # noqa: F811
    """Records of every kind a backup must keep: residents (encrypted ID numbers, phones),
    users, demands with photos on disk and their workflow, so figures have something to
    count."""
    photo = SimpleUploadedFile("a.jpg", JPEG + b"one", content_type="image/jpeg")
    first = submit("sanitation", grid=0, photos=[photo], at=t0)
    walk(first, people, at=t0)
    second = submit("noise", grid=1, photos=[SimpleUploadedFile("b.png", PNG + b"two")], at=t0)
    submit("municipal", grid=2, at=t0)
    assert DemandPhoto.objects.count() == 2
    return world, (first, second)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def state(world) -> dict:
    """Everything a restore must give back, read through the apps (not the backup's code)."""
    root = media_root()
    return {
        "figures": {
            s.code: figures.compute(s, PERIOD)
            for s in (world.district, world.street, world.community, world.grid1)
        },
        "rows": {
            m._meta.label: m._base_manager.count()
            for m in apps.get_models(include_auto_created=True)
        },
        "media": {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        },
        "people": sorted(
            (r.pk, r.name, r.id_number, r.phone) for r in Resident.objects.order_by("pk")
        ),
        "photos": {p.pk: photo_bytes(p) for p in DemandPhoto.objects.order_by("pk")},
    }


def photo_bytes(photo: DemandPhoto) -> bytes | None:
    """The photo as the storage reads it (None: its file is missing)."""
    if not photo.file.storage.exists(photo.file.name):
        return None
    with photo.file.open("rb") as f:
        return f.read()


def change_everything(world, submit, t0):  # noqa: F811
    """After the backup: new records and files, changed ones, deleted ones."""
    submit("parking", grid=1, photos=[SimpleUploadedFile("c.jpg", JPEG + b"three")], at=t0)
    resident = world.residents[world.grid1.code][0]
    Resident.objects.filter(pk=resident.pk).update(
        name="改过的名字", id_number_enc=crypto.encrypt("110101199001011237")
    )
    photo = DemandPhoto.objects.order_by("pk").first()
    Path(photo.file.path).unlink()
    (media_root() / "stray.txt").write_bytes(b"not in the backup")


def leftovers(archive: Path) -> list[str]:
    """Work folders and partial files a backup or a restore left behind."""
    places = [archive.parent, media_root().parent]
    if media_root().is_dir():
        places.append(media_root())
    return sorted(
        p.name
        for place in places
        for p in place.iterdir()
        if p.name.startswith((".banshi-", f".{archive.name}."))
    )


def test_round_trip_gives_back_figures_rows_photos_and_id_numbers(
    built,
    submit,  # noqa: F811
    t0,  # noqa: F811
    tmp_path,
):
    world, _demands = built
    before = state(world)
    street = before["figures"][world.street.code]
    assert street["demands_received"] == 3 and street["satisfaction_rate"] == 1.0
    assert len(before["media"]) == 2
    archive = tmp_path / "backups" / "banshi.tar.gz"
    archive.parent.mkdir()
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "已写入备份" in out.getvalue() and "BANSHI_DATA_KEY" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's alone

    change_everything(world, submit, t0)
    changed = state(world)
    assert changed["figures"][world.street.code]["demands_received"] == 4
    assert changed["people"] != before["people"] and changed["media"] != before["media"]

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "已恢复" in out.getvalue()
    after = state(world)
    assert after["figures"] == before["figures"]
    assert after["rows"] == before["rows"]
    assert after["people"] == before["people"]  # decrypted ID numbers and phones identical
    assert after["media"] == before["media"]  # the stray file is gone, the deleted one back
    assert after["photos"] == before["photos"]
    for photo in DemandPhoto.objects.all():  # readable through the storage, as pages read them
        with photo.file.open("rb") as f:
            assert f.read(3) in (JPEG[:3], PNG[:3])
    assert leftovers(archive) == []

    # The restored database is the one Django works on: it takes new records.
    submit("noise", grid=0, at=t0)


def test_the_archive_holds_a_manifest_and_checksums_but_not_the_key(built, tmp_path):
    archive = tmp_path / "b.tar.gz"
    info = backup.backup_write(path=archive)
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        contents = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(contents["manifest.json"])
    assert names[:2] == ["manifest.json", "manifest.hmac"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert set(manifest["files"]) == set(names[2:])
    assert sum(1 for n in names if n.startswith("media/demands/")) == 2
    assert ["people", "0001_initial"] in manifest["migrations"]
    assert manifest["tables"]["people_resident"] == Resident.objects.count() == 6
    assert info.media_files == 2 and info.rows == sum(manifest["tables"].values())
    key = settings.BANSHI_DATA_KEY.encode()
    raw_key = base64.urlsafe_b64decode(key + b"=" * (-len(key) % 4))
    for data in contents.values():
        assert key not in data and raw_key not in data
    assert backup.backup_verify(path=archive).rows == info.rows


# Forged archives: what restore must refuse.


def read_archive(path: Path) -> tuple[dict, tuple[bytes, bytes], dict]:
    """(the manifest, (its bytes, their HMAC), the other members by name)."""
    with tarfile.open(path, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    data, signature = members.pop("manifest.json"), members.pop("manifest.hmac")
    return json.loads(data), (data, signature), members


def write_archive(path: Path, manifest: dict, signed: tuple | None, members: dict) -> None:
    """An archive as backup writes one: with the manifest as it was signed (`signed`), or
    that signature on a changed manifest, or (None) the manifest signed anew."""
    if signed is None:
        data = json.dumps(manifest).encode()
        signature = backup.sign_manifest(data).encode()
    else:
        data, signature = signed
        if json.loads(data) != manifest:
            data = json.dumps(manifest).encode()
    members = {"manifest.json": data, "manifest.hmac": signature, **members}
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def digest_of(content: bytes) -> dict:
    return {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}


def first_photo(members: dict) -> str:
    return next(n for n in members if n.startswith("media/"))


def flip(content: bytes) -> bytes:
    return content[:-1] + bytes([content[-1] ^ 1])


def tampered_photo(manifest, signed, members):
    name = first_photo(members)
    members[name] = flip(members[name])
    return manifest, signed, members


def tampered_database(manifest, signed, members):
    name = manifest["database"]["member"]
    members[name] = flip(members[name])
    return manifest, signed, members


def manifest_edited_to_match(manifest, signed, members):
    """The file changed and its checksum in the manifest too: the HMAC no longer matches."""
    name = first_photo(members)
    members[name] = flip(members[name])
    manifest["files"][name] = digest_of(members[name])
    return manifest, signed, members


def garbled_signature(manifest, signed, members):
    return manifest, (signed[0], "校验码".encode() + b"\xff"), members


def missing_photo(manifest, signed, members):
    del members[first_photo(members)]
    return manifest, None, members


def unlisted_file(manifest, signed, members):
    members["media/extra.txt"] = b"not in the manifest"
    return manifest, None, members


def unsafe_name(manifest, signed, members):
    members["media/../../outside.txt"] = b"escape"
    manifest["files"]["media/../../outside.txt"] = digest_of(b"escape")
    return manifest, None, members


def other_vendor(manifest, signed, members):
    vendor = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    old, new = manifest["database"]["member"], backup.DATABASE_MEMBERS[vendor]
    manifest["database"] = {"vendor": vendor, "member": new}
    manifest["files"][new] = manifest["files"].pop(old)
    members[new] = members.pop(old)
    return manifest, None, members


def older_code(manifest, signed, members):
    manifest["migrations"].remove(["people", "0001_initial"])
    return manifest, None, members


def newer_code(manifest, signed, members):
    manifest["migrations"].append(["people", "9999_from_the_future"])
    return manifest, None, members


def other_format(manifest, signed, members):
    manifest["format_version"] = 99
    return manifest, None, members


FORGERIES = {
    "tampered photo": (tampered_photo, "校验和不符：media/"),
    "tampered database": (tampered_database, "校验和不符：database/"),
    "manifest edited to match": (manifest_edited_to_match, "清单在备份之后被改动过"),
    "garbled signature": (garbled_signature, "清单在备份之后被改动过"),
    "missing photo": (missing_photo, "缺少 1 个文件"),
    "unlisted file": (unlisted_file, "清单上没有的文件：media/extra.txt"),
    "unsafe name": (unsafe_name, "不安全的文件名"),
    "other vendor": (other_vendor, "不能恢复到另一种数据库"),
    "older code": (older_code, "缺少迁移 people.0001_initial"),
    "newer code": (newer_code, "多出这个版本没有的迁移 people.9999_from_the_future"),
    "other format": (other_format, "只能读第 1 版"),
}


@pytest.fixture
def changed_after_backup(built, submit, t0, tmp_path):  # noqa: F811
    """A good archive, then changes: (world, the archive, the state a refusal must keep)."""
    world, _demands = built
    archive = tmp_path / "good.tar.gz"
    backup.backup_write(path=archive)
    change_everything(world, submit, t0)
    return world, archive, state(world)


def refused(world, archive: Path, now: dict, match: str) -> None:
    """Restore refuses the archive with this message, and nothing has changed."""
    with pytest.raises(ArchiveRefused, match=match):
        backup.backup_restore(path=archive)
    with pytest.raises(CommandError, match=match) as exc:
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert exc.value.returncode == 2
    assert state(world) == now
    assert leftovers(archive) == []


def test_forged_archives_are_refused_and_nothing_changes(changed_after_backup):
    # One build for every forgery (each named in its archive's file name): a transactional
    # test costs a flush of every table on PostgreSQL.
    world, archive, now = changed_after_backup
    for forgery, (forge, match) in FORGERIES.items():
        forged = archive.with_name(forgery.replace(" ", "-") + ".tar.gz")
        write_archive(forged, *forge(*read_archive(archive)))
        refused(world, forged, now, match)


def test_a_truncated_or_foreign_file_is_refused(changed_after_backup):
    world, archive, now = changed_after_backup
    data = archive.read_bytes()
    truncated = archive.with_name("truncated.tar.gz")
    for size in (len(data) * 2 // 3, len(data) // 10, 30):
        truncated.write_bytes(data[:size])
        refused(world, truncated, now, "已损坏或不完整")
    not_gzip = archive.with_name("notes.tar.gz")
    not_gzip.write_bytes(b"just some notes\n" * 100)
    refused(world, not_gzip, now, "已损坏或不完整")
    other_tar = archive.with_name("other.tar.gz")
    with tarfile.open(other_tar, "w:gz") as tar:
        info = tarfile.TarInfo("README")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    refused(world, other_tar, now, "不是 Banshi 的备份文件")
    refused(world, archive.with_name("nowhere.tar.gz"), now, "没有这个备份文件")


def test_an_archive_made_under_another_data_key_is_refused(changed_after_backup, settings):
    world, archive, now = changed_after_backup
    own_key = settings.BANSHI_DATA_KEY
    settings.BANSHI_DATA_KEY = OTHER_KEY
    crypto.reset_keys()
    with pytest.raises(ArchiveRefused, match="另一个 BANSHI_DATA_KEY"):
        backup.backup_restore(path=archive)
    with pytest.raises(CommandError, match="另一个 BANSHI_DATA_KEY") as exc:
        call_command("restore", str(archive), "--check", stdout=io.StringIO())
    assert exc.value.returncode == 2
    assert leftovers(archive) == []
    settings.BANSHI_DATA_KEY = own_key
    crypto.reset_keys()
    assert state(world) == now


def test_restore_asks_before_it_replaces_anything(changed_after_backup, monkeypatch):
    world, archive, now = changed_after_backup
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: --yes is needed
    with pytest.raises(CommandError, match="--yes") as exc:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert exc.value.returncode == 2

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    out = io.StringIO()
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive), stdout=out)
    assert "替换数据库" in out.getvalue()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "备份完好" in out.getvalue()
    assert state(world) == now
    assert leftovers(archive) == []


def test_a_failed_backup_leaves_no_file(built, tmp_path, monkeypatch):
    world, _demands = built
    archive = tmp_path / "b.tar.gz"
    digest = backup._digest

    def changed_meanwhile(path):
        found = digest(path)
        return {**found, "sha256": "0" * 64} if "demands" in str(path) else found

    monkeypatch.setattr(backup, "_digest", changed_meanwhile)
    with pytest.raises(BackupError, match="被改动了"):
        backup.backup_write(path=archive)
    assert not archive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]
    monkeypatch.undo()

    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="--overwrite"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"an older backup"
    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        call_command("backup", str(media_root() / "b.tar.gz"), stdout=io.StringIO())
    call_command("backup", str(archive), "--overwrite", "-v0", stdout=io.StringIO())
    assert gzip.open(archive).read(512)  # a real archive now
    assert backup.backup_verify(path=archive).media_files == 2


def test_an_archive_of_no_media_restores_an_empty_media_root(built, tmp_path):
    world, _demands = built
    photos = {p.pk: p.file.name for p in DemandPhoto.objects.all()}
    for name in photos.values():
        (media_root() / name).unlink()
    archive = tmp_path / "b.tar.gz"
    info = backup.backup_write(path=archive)
    assert info.media_files == 0
    (media_root() / "later.txt").write_bytes(b"later")
    backup.backup_restore(path=archive)
    assert media_root().is_dir() and list(media_root().rglob("*.*")) == []
    assert dbcopy.current_rows() == info.manifest["tables"]


def test_a_media_root_that_is_a_mount_point_is_restored_in_place(
    built,
    submit,  # noqa: F811
    t0,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """A container's volume cannot be renamed: the archive is extracted inside it, and its
    contents take the place of the old ones."""
    world, _demands = built
    before = state(world)
    archive = tmp_path / "b.tar.gz"
    backup.backup_write(path=archive)
    change_everything(world, submit, t0)
    root = media_root()
    monkeypatch.setattr(backup.os.path, "ismount", lambda p: Path(p) == root)
    backup.backup_restore(path=archive)
    assert state(world) == before
    assert root.is_dir() and leftovers(archive) == []
