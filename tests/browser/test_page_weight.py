"""Light on a weak signal: every page a grid worker or a resident uses transfers at most
150 KB on a cold cache (the page, its scripts, styles, fonts and the data it fetches), as
the browser counts the bytes on the wire. `bench/phone.py` prints the load times."""

import pytest

from tests.browser.conftest import wait_for_the_server
from tests.browser.test_phone_pages import pages_of_a_grid_worker, pages_of_a_resident

pytestmark = pytest.mark.browser

BUDGET = 150 * 1024


def _weigh(chromium, base_url: str, state: dict, path: str) -> tuple[int, list]:
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=base_url,
        storage_state=state,
        service_workers="block",
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes = {}
    urls = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(path)
    page.wait_for_load_state("networkidle")
    context.close()
    wait_for_the_server()
    heaviest = sorted(((size, urls.get(rid, "?")) for rid, size in sizes.items()), reverse=True)
    return int(sum(sizes.values())), heaviest[:3]


def _signed_in(chromium, live_server, log_in, username: str) -> dict:
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, username)
    state = context.storage_state()
    context.close()
    wait_for_the_server()
    return state


def _check(chromium, live_server, state, paths):
    heavy = []
    weights = {}
    for path in paths:
        total, heaviest = _weigh(chromium, live_server.url, state, path)
        weights[path] = total
        if total > BUDGET:
            heavy.append(f"{path}: {total / 1024:.1f} KB ({heaviest})")
    assert heavy == []
    # The sizes are real transfers, not zero from a page that failed to load.
    assert min(weights.values()) > 5 * 1024, weights


def test_grid_worker_pages_within_budget(chromium, live_server, log_in, world, make_user):
    make_user("gw", "grid_worker", grid=world.grid1)
    state = _signed_in(chromium, live_server, log_in, "gw")
    _check(chromium, live_server, state, pages_of_a_grid_worker(world))


def test_resident_pages_within_budget(chromium, live_server, log_in, world, make_user):
    resident = world.residents[world.grid1.code][0]
    make_user("res", "resident", resident=resident)
    state = _signed_in(chromium, live_server, log_in, "res")
    _check(chromium, live_server, state, pages_of_a_resident())


def test_static_files_are_compressed(page, live_server):
    """The budget holds because scripts and styles are compressed; a regression there
    (the middleware dropped, a live server serving around it) shows here by name."""
    response = page.request.get(
        live_server.url + "/static/leaflet/leaflet.js", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.headers.get("content-encoding") == "gzip"
