"""Background roster imports: an upload too large for a request is queued, `banshi worker`
imports it under its starter's scope, and its page (polled by htmx) shows the rows read,
valid and with errors, then the result; nobody else sees it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from banshi.access.models import RoleAssignment
from banshi.people.models import RosterImportRun
from banshi.people.roster import columns, importing, roster_import, runs
from banshi.people.tasks import roster_import_queue
from tests.people.test_roster_import import counts, person, write_csv, write_xlsx


@pytest.fixture(autouse=True)
def queued_tasks(settings, tmp_path, monkeypatch):
    """Tasks queued in the database and run by `worker --once`; private files in tmp_path."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BANSHI_PRIVATE_ROOT = str(tmp_path / "private")
    # django-tasks-db's worker closes "old" connections between tasks, as a long-running
    # process should; inside a test the connection holds the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def worker(world, make_user):
    return make_user("gw", "grid_worker", grid=world.grid1)


def work() -> None:
    call_command("worker", "--once", stdout=StringIO())


def upload(client, path, **data):
    with open(path, "rb") as fh:
        return client.post(reverse("roster_import"), {"file": fh, **data})


def test_a_large_upload_runs_in_the_worker(world, tmp_path, client, worker, make_user, monkeypatch):
    monkeypatch.setattr(runs, "BACKGROUND_BYTES", 500)  # this file is about 870 bytes
    people = [person(i, world) for i in range(1, 9)]
    people[4][columns.PHONE] = "1"
    path = write_csv(tmp_path / "big.csv", people)
    assert path.stat().st_size > 500
    client.force_login(worker)
    before = counts()

    response = upload(client, path, skip_invalid="on")
    run = RosterImportRun.objects.get()
    page = reverse("roster_import_run", args=[run.pk])
    assert response.status_code == 302 and response["Location"] == page
    assert counts() == before  # nothing imported in the request
    assert (run.user, run.status, run.scope) == (worker, "queued", world.grid1.code)
    assert (runs.folder() / run.stored_name).is_file()

    queued = client.get(page)
    assert queued.status_code == 200
    text = queued.content.decode()
    assert "排队中" in text and 'hx-trigger="every 2s"' in text

    work()
    run.refresh_from_db()
    assert run.status == "done"
    assert (run.rows_read, run.rows_valid, run.rows_invalid) == (8, 7, 1)
    assert counts()[0] == before[0] + 7
    assert not (runs.folder() / run.stored_name).exists()  # the upload is gone

    done = client.get(page)
    text = done.content.decode()
    assert "已完成" in text and "hx-trigger" not in text
    assert 'id="progress-read">8<' in text
    assert 'id="progress-valid">7<' in text
    assert 'id="progress-invalid">1<' in text
    assert 'id="count-created">7<' in text  # the same result block as an import in place
    assert "<td>6</td><td>联系电话</td>" in text
    report = reverse("roster_import_run_report", args=[run.pk])
    assert report in text
    assert client.get(report).status_code == 200

    # Polled by htmx: the block alone.
    partial = client.get(page, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="roster-import-run"')

    # Listed on the import page.
    assert page in client.get(reverse("roster_import")).content.decode()

    # Nobody else sees it, not even someone with the same grid; a superuser does.
    client.force_login(make_user("gw2", "grid_worker", grid=world.grid1))
    assert client.get(page).status_code == 404
    assert client.get(report).status_code == 404
    assert page not in client.get(reverse("roster_import")).content.decode()
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="Banshi-test-1")
    client.force_login(root)
    assert client.get(page).status_code == 200

    # A task delivered twice does nothing the second time.
    assert runs.roster_run_execute(run_id=run.pk) == "done"
    assert counts()[0] == before[0] + 7


def test_many_rows_in_a_small_file_go_to_the_worker_too(
    world, tmp_path, client, worker, monkeypatch
):
    monkeypatch.setattr(runs, "BACKGROUND_ROWS", 3)
    path = write_xlsx(tmp_path / "r.xlsx", [person(i, world) for i in range(1, 5)])
    client.force_login(worker)
    response = upload(client, path)
    assert response.status_code == 302
    work()
    run = RosterImportRun.objects.get()
    assert (run.status, run.rows_read, run.rows_valid) == ("done", 4, 4)
    assert run.summary["created"] == 4 and run.summary["committed"]


def test_a_bad_row_imports_nothing_in_the_background_either(
    world, tmp_path, client, worker, monkeypatch
):
    monkeypatch.setattr(runs, "BACKGROUND_BYTES", 100)
    people = [person(i, world) for i in range(1, 4)]
    people[2][columns.GRID] = world.grid3.code  # not this worker's grid
    client.force_login(worker)
    before = counts()
    upload(client, write_csv(tmp_path / "r.csv", people))
    work()
    run = RosterImportRun.objects.get()
    assert run.status == "done" and not run.summary["committed"]
    assert (run.rows_read, run.rows_valid, run.rows_invalid) == (3, 2, 1)
    assert counts() == before
    text = client.get(reverse("roster_import_run", args=[run.pk])).content.decode()
    assert "未导入：文件中有错误" in text and "无权导入该网格" in text


def test_a_file_refused_in_the_worker_fails_the_run(world, tmp_path, client, worker, monkeypatch):
    monkeypatch.setattr(runs, "BACKGROUND_BYTES", 10)
    path = write_csv(tmp_path / "r.csv", [person(1, world)], header=["名字", *columns.REQUIRED[1:]])
    client.force_login(worker)
    before = counts()
    upload(client, path)
    work()
    run = RosterImportRun.objects.get()
    assert run.status == "failed" and "缺少列：姓名" in run.error
    assert counts() == before
    text = client.get(reverse("roster_import_run", args=[run.pk])).content.decode()
    assert "失败" in text and "缺少列：姓名" in text and "未写入任何数据" in text


def test_a_starter_who_lost_their_grid_writes_nothing(world, tmp_path, client, worker, monkeypatch):
    monkeypatch.setattr(runs, "BACKGROUND_BYTES", 10)
    client.force_login(worker)
    before = counts()
    upload(client, write_csv(tmp_path / "r.csv", [person(1, world)]))
    RoleAssignment.objects.filter(user=worker).update(grid=world.grid3)  # moved meanwhile
    work()
    run = RosterImportRun.objects.get()
    assert run.status == "failed" and "管辖范围" in run.error
    assert counts() == before


def test_an_error_inside_the_import_rolls_everything_back(world, tmp_path, worker, monkeypatch):
    path = write_csv(tmp_path / "r.csv", [person(i, world) for i in range(1, 6)])
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    run = roster_import_queue(user=worker, path=str(path), filename="r.csv", skip_invalid=True)
    calls = []

    def broken_write(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_write(*args)

    real_write = importing._write
    monkeypatch.setattr(importing, "_write", broken_write)
    before = counts()
    work()
    run.refresh_from_db()
    assert run.status == "failed"
    assert "内部错误（RuntimeError）" in run.error and "未写入任何数据" in run.error
    assert counts() == before  # the first chunk, written before the failure, is gone too
    assert len(calls) == 2


def test_progress_is_reported_after_each_chunk(world, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    people = [person(i, world) for i in range(1, 6)]
    people[3][columns.PHONE] = "1"
    seen = []
    roster_import(
        path=str(write_csv(tmp_path / "r.csv", people)),
        workers=1,
        skip_invalid=True,
        progress=lambda *counts: seen.append(counts),
    )
    assert seen == [(2, 2, 0), (4, 3, 1), (5, 4, 1)]


def test_the_progress_file_is_what_a_running_run_shows(world, worker, tmp_path):
    run = RosterImportRun.objects.create(
        user=worker, scope="*", filename="r.csv", stored_name="x.csv", status="running"
    )
    runs.Progress(run.pk)(1200, 1100, 100)
    assert runs.roster_run_counts(run) == runs.Counts(1200, 1100, 100)
    run.status = "done"
    assert runs.roster_run_counts(run) == runs.Counts(0, 0, 0)  # the record's, once ended


def test_rows_past_the_limit_fail_the_run_in_the_worker(
    world, tmp_path, client, worker, monkeypatch
):
    """What a 10 MB workbook of 2,000,000 rows meets: the worker refuses it before calamine
    reads it, and says why on the run's page."""
    from tests.core.test_spreadsheets import cell, sheet_xml, workbook

    monkeypatch.setattr(runs, "BACKGROUND_BYTES", 100)
    path = tmp_path / "huge.xlsx"
    path.write_bytes(workbook(sheet_xml(cell("A1", "姓名") + cell("A2000000"))))
    client.force_login(worker)
    assert upload(client, path).status_code == 302
    work()
    run = RosterImportRun.objects.get()
    assert run.status == "failed"
    assert run.error == "工作表“Sheet1”的单元格 A2000000 超出上限（最多 64 列、1,000,000 行）"
    assert run.error in client.get(reverse("roster_import_run", args=[run.pk])).content.decode()


def test_a_run_its_worker_left_behind_is_failed_and_its_upload_deleted(
    world, tmp_path, client, worker, monkeypatch
):
    """A worker killed mid-import leaves its run "running" with a progress file that stops
    moving: the job fails it (the import's transaction died with the worker, so nothing was
    written), says so on the run's page and deletes the upload. A run still moving stays."""
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(runs, "BACKGROUND_BYTES", 500)
    path = write_csv(tmp_path / "big.csv", [person(i, world) for i in range(1, 9)])
    client.force_login(worker)
    upload(client, path)
    run = RosterImportRun.objects.get()
    run.status, run.started_at = RosterImportRun.Status.RUNNING, timezone.now()
    run.save()
    runs.Progress(run.pk)(3, 3, 0)  # it got as far as row 3
    assert runs.roster_runs_abandoned() == {"abandoned": 0}  # still moving
    later = timezone.now() + datetime.timedelta(seconds=runs.ABANDONED_AFTER + 60)
    assert runs.roster_runs_abandoned(later) == {"abandoned": 1}
    run.refresh_from_db()
    assert run.status == "failed" and "导入中断" in run.error and run.rows_read == 3
    assert not (runs.folder() / run.stored_name).exists()
    assert "导入中断" in client.get(reverse("roster_import_run", args=[run.pk])).content.decode()
