"""The pages a grid worker and a resident use, on a phone with a weak signal: each page's
load time and the bytes it transfers on a cold cache, under Chromium's "Regular 3G" profile
(750 kb/s down, 250 kb/s up, 100 ms latency), against the demo served by gunicorn.

    .venv/bin/python bench/phone.py [--demo-db FILE]

The baseline is the same page in the same run with compression refused by the browser
(`Accept-Encoding: identity`), which is how every page was served before: the ratio is our
load time over the baseline's. The budget is 150 KB transferred per page (the browser test
`tests/browser/test_page_weight.py` holds it on the test data)."""

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("BANSHI_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium DevTools' "Regular 3G" preset (bytes per second, milliseconds).
REGULAR_3G = {
    "offline": False,
    "latency": 100,
    "downloadThroughput": 750 * 1024 / 8,
    "uploadThroughput": 250 * 1024 / 8,
}
BUDGET = 150 * 1024
PASSWORD = os.environ.get("BANSHI_DEMO_PASSWORD", "banshi-demo")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:
            if time.monotonic() > end:
                raise SystemExit(f"phone: the server did not answer {url}") from None
            time.sleep(0.3)


def pages(db: Path) -> dict[str, list[str]]:
    """Each account's pages, with ids read from the demo database."""
    with sqlite3.connect(db) as conn:
        (grid_code,) = conn.execute(
            "SELECT g.code FROM access_roleassignment r JOIN territory_grid g ON g.id = r.grid_id"
            " JOIN auth_user u ON u.id = r.user_id WHERE u.username = 'demo_grid'"
        ).fetchone()
        (household,) = conn.execute(
            "SELECT h.id FROM territory_household h JOIN territory_grid g ON g.id = h.grid_id"
            " WHERE g.code = ? ORDER BY h.id LIMIT 1",
            [grid_code],
        ).fetchone()
    return {
        "demo_grid": [
            "/",
            "/fieldwork/",
            "/fieldwork/patrol/",
            f"/fieldwork/visit/?household={household}",
            f"/households/{household}/",
            f"/grids/{grid_code}/",
            "/demands/queue/",
            "/demands/new/",
        ],
        "demo_resident": ["/", "/demands/", "/demands/new/", "/track/"],
    }


def measure(browser, base: str, state: dict, path: str, *, compressed: bool) -> tuple[float, int]:
    """(seconds to the load event, bytes on the wire) for one cold visit."""
    headers = {} if compressed else {"Accept-Encoding": "identity"}
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        storage_state=state,
        extra_http_headers=headers,
        service_workers="block",
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", REGULAR_3G)
    received = []
    cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
    started = time.monotonic()
    page.goto(base + path, wait_until="load")
    seconds = time.monotonic() - started
    page.wait_for_load_state("networkidle")
    context.close()
    return seconds, int(sum(received))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-db", type=Path, help="a copy of this SQLite demo database")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="banshi-phone-"))
    db = work / "phone.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "BANSHI_MEDIA_ROOT": str(work / "media"),
        "BANSHI_HTTPS": "0",
        "DEBUG": "0",
        "BANSHI_LOGIN_RATE": "100000/min",
    }
    env.pop("BANSHI_REDIS_URL", None)
    if args.demo_db:
        shutil.copyfile(args.demo_db, db)
    else:
        print("-- building the demo in a throwaway database", flush=True)
        subprocess.run([BIN / "banshi", "demo", "--no-serve"], env=env, check=True, stdout=-3)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [BIN / "gunicorn", "banshi.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    over = 0
    try:
        wait_for(f"{base}/login/", 60)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            head = ("account", "page", "load", "KB", "baseline", "KB")
            print("{:14} {:34} {:>7} {:>7} {:>9} {:>7} ratio".format(*head))
            for account, paths in pages(db).items():
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{base}/login/")
                page.fill("#id_username", account)
                page.fill("#id_password", PASSWORD)
                with page.expect_navigation():
                    page.click(".login-box button[type=submit]")
                state = context.storage_state()
                context.close()
                for path in paths:
                    ours, size = measure(browser, base, state, path, compressed=True)
                    plain, plain_size = measure(browser, base, state, path, compressed=False)
                    over += size > BUDGET
                    print(
                        f"{account:14} {path:34} {ours:6.2f}s {size / 1024:7.1f} "
                        f"{plain:8.2f}s {plain_size / 1024:7.1f} {ours / plain:5.2f}"
                        + ("  over budget" if size > BUDGET else "")
                    )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"budget {BUDGET // 1024} KB per page: {over} page(s) over")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
