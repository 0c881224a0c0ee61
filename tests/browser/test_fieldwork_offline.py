"""With the network off, a grid worker records a home visit and a patrol finding with a
photo; back online, both reach the server once, and the finding becomes a demand routed to
the worker's grid."""

import struct
import zlib

import pytest
from playwright.sync_api import expect

from banshi.fieldwork.models import FieldPhoto, Finding, HomeVisit, Patrol

pytestmark = pytest.mark.browser


def png(width: int = 40, height: int = 30) -> bytes:
    def chunk(kind, data):
        raw = kind + data
        return struct.pack(">I", len(data)) + raw + struct.pack(">I", zlib.crc32(raw))

    rows = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def settings_for_browser(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def wait_sw(page):
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000
    )


def waiting(page) -> int:
    text = page.inner_text("#fw-outbox-summary")
    return int("".join(ch for ch in text if ch.isdigit()) or 0)


def test_offline_visit_and_finding_sync_once(page, log_in, world, make_user, settings_for_browser):
    make_user("gw", "grid_worker", grid=world.grid2)
    log_in(page, "gw")
    page.goto("/fieldwork/")
    page.wait_for_selector("#fw[data-ready='1']")
    # Bounded: a service worker that never activates fails the test instead of hanging it.
    page.evaluate(
        """Promise.race([
            navigator.serviceWorker.ready.then(() => true),
            new Promise((_, no) => setTimeout(() => no(new Error("no service worker")), 15000)),
        ])"""
    )
    page.reload()  # now controlled by the service worker, which cached the pages
    wait_sw(page)
    page.goto("/fieldwork/visit/")
    page.wait_for_selector("#fw[data-ready='1']")
    page.goto("/fieldwork/patrol/")
    page.wait_for_selector("#fw[data-ready='1']")

    page.context.set_offline(True)
    household = world.households[world.grid2.code][0]
    page.goto(f"/fieldwork/visit/?household={household.pk}")
    page.wait_for_selector("#fw[data-ready='1']")
    assert page.input_value("#fw-household") == str(household.pk)
    page.fill("#fw-met", "户主本人")
    page.fill("#fw-situation", "老人独居，需要助餐")
    page.check("input[name=need][value=elderly]")
    page.click("#fw-visit-form button[type=submit]")
    page.wait_for_selector("#fw-visit-saved:not([hidden])")
    assert waiting(page) == 1

    page.goto("/fieldwork/patrol/")
    page.wait_for_selector("#fw[data-ready='1']")
    page.select_option("#fw-kind", "environment")
    page.fill("#fw-finding-note", "3号楼前垃圾桶满溢")
    page.set_input_files(
        "#fw-photos", files=[{"name": "trash.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.check("#fw-to-demand")
    page.click("#fw-patrol-form button[type=submit]")
    page.wait_for_selector("#fw-patrol-saved:not([hidden])")
    expect(page.locator("#fw-outbox-list li")).to_have_count(2)
    assert waiting(page) == 2
    assert HomeVisit.objects.count() == 0 and Patrol.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator("#fw-outbox-list li")).to_have_count(0, timeout=20000)
    # a second flush sends nothing again
    page.evaluate("window.banshiFieldwork.flush()")
    page.wait_for_timeout(300)

    visit = HomeVisit.objects.get()
    assert visit.household == household and visit.met == "户主本人"
    assert list(visit.needs.values_list("kind", flat=True)) == ["elderly"]
    assert Patrol.objects.count() == 1
    finding = Finding.objects.get()
    assert finding.kind == "environment"
    assert FieldPhoto.objects.count() == 1
    photo = finding.photos.get()
    assert photo.content_type == "image/jpeg"  # shrunk and re-encoded on the phone
    assert finding.demand is not None
    assert finding.demand.grid == world.grid2
    assert finding.demand.territory_code == world.grid2.code
    assert page.js_errors == []
