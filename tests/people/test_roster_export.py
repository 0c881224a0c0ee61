"""`banshi export-roster` and /regions/<code>/roster.xlsx: headers, masking, scope, audit."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from banshi.access.models import AuditEvent
from banshi.people.models import Resident, ResidentTag
from banshi.people.roster import columns, roster_export, roster_import


def table_of(data) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [[c.value for c in row] for row in workbook.active.iter_rows()]


def test_command_exports_masked_roster_with_import_headers(world, tmp_path):
    resident = world.residents[world.grid1.code][0]
    ResidentTag.objects.create(resident=resident, tag="low_income")
    out = tmp_path / "street.xlsx"
    call_command("export_roster", "--region", world.street.name, "-o", str(out))
    table = table_of(out)
    assert table[0] == list(columns.EXPORTED)
    assert len(table) == 1 + 6
    by_name = {row[0]: row for row in table[1:]}
    row = by_name[resident.name]
    assert row[1] == resident.id_number_masked and "*" in row[1]
    assert row[2] == resident.phone_masked and "****" in row[2]
    assert resident.id_number not in {v for r in table for v in r}
    assert row[3:7] == [world.grid1.code, "1号楼", "1单元", "101"]
    assert row[7:10] == ["户主", "汉族", "群众"]
    assert row[10] == "低保户"
    event = AuditEvent.objects.get(action="export")
    assert event.rows == 6 and event.username.startswith("cli:")
    assert event.changes["region"] == world.street.code


def test_command_export_by_code_is_limited_to_the_region(world, tmp_path):
    out = tmp_path / "c.xlsx"
    call_command("export_roster", "--region", world.community2.code, "-o", str(out))
    names = {row[0] for row in table_of(out)[1:]}
    assert names == {r.name for r in world.residents[world.grid3.code]}


def test_command_errors(world, tmp_path):
    with pytest.raises(CommandError, match="找不到区划"):
        call_command("export_roster", "--region", "火星", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match=".xlsx"):
        call_command("export_roster", "--region", world.street.code, "-o", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="理由"):
        call_command(
            "export_roster",
            "--region",
            world.street.code,
            "-o",
            str(tmp_path / "x.xlsx"),
            "--reveal",
        )


def test_command_export_as_a_user_is_scoped(world, tmp_path, make_user):
    make_user("gw", "grid_worker", grid=world.grid2)
    out = tmp_path / "x.xlsx"
    call_command("export_roster", "--region", world.street.code, "-o", str(out), "--user", "gw")
    assert {row[0] for row in table_of(out)[1:]} == {
        r.name for r in world.residents[world.grid2.code]
    }


def test_exported_roster_imports_back_unchanged_apart_from_identity(world, tmp_path):
    """The export is in the import's format: with clear numbers it re-imports as unchanged."""
    out = tmp_path / "full.xlsx"
    call_command(
        "export_roster",
        "--region",
        world.street.code,
        "-o",
        str(out),
        "--reveal",
        "--reason",
        "核对",
    )
    result = roster_import(path=str(out), workers=1)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert AuditEvent.objects.filter(action="reveal", rows=6, reason="核对").exists()


def test_grid_worker_web_export_holds_only_their_grid(world, client, make_user):
    client.force_login(make_user("gw", "grid_worker", grid=world.grid1))
    response = client.get(reverse("roster_export", args=[world.community.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    table = table_of(b"".join(response.streaming_content))
    assert table[0] == list(columns.EXPORTED)
    names = {row[0] for row in table[1:]}
    assert names == {r.name for r in world.residents[world.grid1.code]}
    grid2_names = {r.name for r in world.residents[world.grid2.code]}
    assert not names & grid2_names
    assert all("*" in row[1] for row in table[1:])
    assert AuditEvent.objects.get(action="export").rows == 2


def test_web_export_outside_scope_is_404(world, client, make_user):
    client.force_login(make_user("gw", "grid_worker", grid=world.grid1))
    assert client.get(reverse("roster_export", args=[world.community2.code])).status_code == 404
    assert client.get(reverse("roster_export", args=["999999999999"])).status_code == 404
    client.logout()
    assert client.get(reverse("roster_export", args=[world.street.code])).status_code == 302


def test_web_export_reveal_needs_permission_and_reason(world, client, make_user):
    user = make_user("st", "street", region=world.street)
    client.force_login(user)
    url = reverse("roster_export", args=[world.street.code])
    assert client.get(url, {"reveal": "1", "reason": "核对"}).status_code == 403
    assert not AuditEvent.objects.filter(action__in=["export", "reveal"]).exists()

    user.user_permissions.add(Permission.objects.get(codename="reveal_personal_info"))
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(url, {"reveal": "1"}).status_code == 400
    response = client.post(url, {"reveal": "1", "reason": "上级核查"})
    assert response.status_code == 200
    table = table_of(b"".join(response.streaming_content))
    clear = {r.id_number for r in Resident.objects.all()}
    assert {row[1] for row in table[1:]} == clear
    reveal = AuditEvent.objects.get(action="reveal")
    export = AuditEvent.objects.get(action="export")
    assert reveal.reason == export.reason == "上级核查"
    assert reveal.rows == export.rows == 6
    assert reveal.user == export.user == user


def test_reveal_without_permission_is_refused_by_the_service(world, tmp_path, make_user):
    from django.core.exceptions import PermissionDenied

    user = make_user("st", "street", region=world.street)
    with pytest.raises(PermissionDenied):
        roster_export(
            user=user, region=world.street, out=str(tmp_path / "x.xlsx"), reveal=True, reason="x"
        )


def test_export_leaves_tags_out_for_roles_that_do_not_see_them(
    world, tmp_path, make_user, monkeypatch
):
    from banshi.people.roster import exporting

    resident = world.residents[world.grid1.code][0]
    ResidentTag.objects.create(resident=resident, tag="low_income")
    grid_worker = make_user("gw", "grid_worker", grid=world.grid1)
    out = tmp_path / "gw.xlsx"
    roster_export(user=grid_worker, region=world.community, out=str(out))
    assert sorted(row[10] or "" for row in table_of(out)[1:]) == ["", "低保户"]

    monkeypatch.setattr(exporting, "can_see_tags", lambda user: False)
    roster_export(user=grid_worker, region=world.community, out=str(out))
    assert all(not row[10] for row in table_of(out)[1:])
