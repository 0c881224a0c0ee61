"""Uploaded files that no record names: what a rolled-back write leaves behind when the
file was stored before the transaction that would have named it failed (an outer
transaction rolled back, a process killed between the two). The database cannot tell the
storage of a rollback, so `banshi worker` sweeps them: every hour, a file under the media
folder of a model's FileField that no row names, older than BANSHI_ORPHAN_FILE_HOURS (so a
write still in flight keeps its file), is deleted.

Which folders are swept is read from the models (every FileField of every installed app: the
first part of its upload_to, and of the names its rows hold), so core names no domain app
and a file outside those folders (an import waiting in its own folder) is never touched."""

import datetime
import os
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .jobs import Job, register

SWEEP_EVERY = 3600.0


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def referenced() -> tuple[set[str], set[str]]:
    """(every file name a row holds, the top-level folders files are uploaded to)."""
    names: set[str] = set()
    roots: set[str] = set()
    for model, field in _file_fields():
        if isinstance(field.upload_to, str) and field.upload_to.strip("/"):
            roots.add(field.upload_to.strip("/").split("/")[0])
        rows = model._default_manager.exclude(**{field.name: ""}).values_list(field.name)
        for (name,) in rows.iterator(chunk_size=5000):
            names.add(name)
            if "/" in name:
                roots.add(name.split("/")[0])
    return names, roots


def orphan_sweep(now: datetime.datetime | None = None) -> dict:
    """Delete the orphaned files (see the module); their count."""
    media = Path(settings.MEDIA_ROOT)
    if not media.is_dir():
        return {"deleted": 0}
    hours = float(getattr(settings, "BANSHI_ORPHAN_FILE_HOURS", 1))
    cutoff = (now.timestamp() if now else time.time()) - hours * 3600
    names, roots = referenced()
    deleted = 0
    for root in sorted(roots):
        folder = media / root
        if not folder.is_dir() or folder.is_symlink():
            continue
        for dirpath, _dirs, files in os.walk(folder):
            for filename in files:
                path = Path(dirpath) / filename
                name = path.relative_to(media).as_posix()
                if name in names:
                    continue
                try:
                    if path.lstat().st_mtime < cutoff:
                        path.unlink()
                        deleted += 1
                except FileNotFoundError:
                    continue
    return {"deleted": deleted}


def register_job() -> None:
    register(Job("core.orphan_files", _("清理无记录引用的上传文件"), orphan_sweep, SWEEP_EVERY))
