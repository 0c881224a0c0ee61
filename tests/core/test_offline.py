"""The one service worker: each app's URL serves it with its own lists, a cache name that
follows the listed files' contents, and an activate that deletes only its own caches."""

import json
import re

import pytest

from banshi.core import offline

APPS = {
    "/sw.js": ("fieldwork", "/fieldwork/household/", "/static/fieldwork/fieldwork.js"),
    "/partylife/sw.js": ("partylife", "/partylife/checkin/", "/static/partylife/partylife.js"),
    "/contests/sw.js": ("contests", "/contests/judge/", "/static/contests/judge.js"),
}


@pytest.fixture(autouse=True)
def _fresh_hashes(monkeypatch):
    monkeypatch.setattr(offline, "_HASHES", {})


def _const(body, name):
    m = re.search(rf"^const {name} = (.*);$", body, re.M)
    assert m, name
    return json.loads(m.group(1))


@pytest.mark.parametrize("url", APPS)
def test_each_url_serves_the_worker_with_its_lists(client, url):
    name, page, script = APPS[url]
    r = client.get(url)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/javascript"
    assert "no-cache" in r["Cache-Control"]
    body = r.content.decode()
    assert page in _const(body, "PAGES")
    static = _const(body, "STATIC")
    assert script in static and "/static/banshi/outbox.js" in static
    assert re.fullmatch(rf"banshi-{name}-[0-9a-f]{{12}}", _const(body, "CACHE"))
    assert _const(body, "CACHE_PREFIX") == f"banshi-{name}-"
    assert "&quot;" not in body and "&lt;" not in body  # autoescape left the JS alone
    # activate keeps the other apps' caches: only its own prefix is deleted
    assert "k.startsWith(CACHE_PREFIX) && k !== CACHE" in body
    assert "离线：此页面尚未缓存" in body and '"precache"' in body


def test_only_the_worker_of_the_root_may_claim_the_site(client):
    assert client.get("/sw.js")["Service-Worker-Allowed"] == "/"
    assert "Service-Worker-Allowed" not in client.get("/contests/sw.js")
    body = client.get("/sw.js").content.decode()
    assert _const(body, "PAGE_PREFIX") == "/fieldwork/"
    assert _const(body, "EXCLUDE_PREFIX") == "/fieldwork/sync/"
    assert _const(client.get("/partylife/sw.js").content.decode(), "PAGE_PREFIX") is None


def test_worker_is_get_only(client):
    assert client.post("/contests/sw.js").status_code == 405


def test_cache_name_follows_the_contents_of_the_listed_files(monkeypatch):
    files = {"a/x.js": b"one", "a/y.css": b"two"}
    monkeypatch.setattr(offline, "_read_static", lambda name: files[name])
    first = offline.cache_name("demo", ["a/x.js", "a/y.css"])
    assert first.startswith("banshi-demo-")
    assert offline.cache_name("demo", ["a/x.js", "a/y.css"]) == first  # kept per process
    files["a/y.css"] = b"changed"
    offline._HASHES.clear()
    second = offline.cache_name("demo", ["a/x.js", "a/y.css"])
    assert second != first and second.startswith("banshi-demo-")
    assert offline.cache_name("other", ["a/x.js", "a/y.css"]) == second.replace("demo", "other")


def test_a_changed_file_changes_the_served_cache_name(client, monkeypatch):
    before = _const(client.get("/contests/sw.js").content.decode(), "CACHE")
    real = offline._read_static
    monkeypatch.setattr(
        offline, "_read_static", lambda n: b"new" if n == "contests/judge.js" else real(n)
    )
    offline._HASHES.clear()
    after = _const(client.get("/contests/sw.js").content.decode(), "CACHE")
    assert after != before and after.startswith("banshi-contests-")


def test_real_static_files_are_read():
    assert b"BanshiOutbox" in offline._read_static("banshi/outbox.js")
    assert offline._read_static("no/such/file.js") == b""


def test_json_in_the_worker_cannot_close_a_tag():
    assert str(offline._js(["</script>"])) == '["\\u003c/script>"]'
