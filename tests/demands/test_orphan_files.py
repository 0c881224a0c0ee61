"""A write rolled back after its photos were stored leaves files no row names; the worker's
hourly sweep deletes them once they are older than the grace period, and never a file a
row names nor one outside the upload folders."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from banshi.core import jobs
from banshi.core.orphans import orphan_sweep
from banshi.demands.models import DemandPhoto
from tests.demands.test_demand_submit import JPEG


class Rollback(Exception):
    pass


def _files(root) -> set[str]:
    return {os.path.relpath(os.path.join(d, f), root) for d, _s, fs in os.walk(root) for f in fs}


def test_the_sweep_deletes_what_a_rolled_back_write_left(world, submit, settings):
    media = settings.MEDIA_ROOT
    kept = submit(photos=[SimpleUploadedFile("a.jpg", JPEG, content_type="image/jpeg")])
    kept_name = DemandPhoto.objects.get(demand=kept).file.name
    with pytest.raises(Rollback), transaction.atomic():
        submit(photos=[SimpleUploadedFile("b.jpg", JPEG, content_type="image/jpeg")])
        raise Rollback  # the caller's transaction fails after the service stored the photo
    left = _files(media) - {kept_name}
    assert len(left) == 1  # the orphan the rollback left behind
    outside = media / "imports" / "waiting.xlsx"
    outside.parent.mkdir(parents=True)
    outside.write_bytes(b"PK")

    # Young files are kept: a write in flight has stored its file but not yet committed.
    assert orphan_sweep() == {"deleted": 0}
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)
    assert orphan_sweep(later) == {"deleted": 1}
    assert _files(media) == {kept_name, "imports/waiting.xlsx"}
    assert DemandPhoto.objects.get(demand=kept).file.read() == JPEG


def test_the_sweep_is_a_registered_job():
    job = jobs.get("core.orphan_files")
    assert job.run is orphan_sweep and job.every == 3600
