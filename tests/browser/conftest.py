"""Real Chromium through Playwright against pytest-django's live server.

Chromium comes from the system (Debian's package at /usr/bin/chromium, or $BANSHI_CHROMIUM);
Playwright's own browser download is never used. Without Chromium the tests skip, except
in CI (the CI variable set), where a missing browser is a failure.
"""

import os
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import testcases

from tests.web.conftest import civic  # noqa: F401  (organizations, enterprises… for figures)

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told that it is safe, which it is here (one thread drives both).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
PASSWORD = "Banshi-test-1"
MISSING = "Chromium not installed (apt-get install chromium); browser tests skipped"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _OneRequestAtATime:
    """On SQLite the in-memory test database is one connection, which pytest-django lends
    to every thread of the live server: two requests at once (a phone syncing a photo and
    a patrol, say) would interleave their savepoints on it ("no such savepoint") and leave
    it broken for every later test. The app runs one request at a time here (connections
    are still accepted in parallel, so keep-alive does not block)."""

    lock = threading.Lock()

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with self.lock:
            result = self.app(environ, start_response)
            try:
                return list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()


_create_server = testcases.LiveServerThread._create_server


def _serialized_server(self, *args, **kwargs):
    server = _create_server(self, *args, **kwargs)
    if connection.vendor == "sqlite":
        set_app = server.set_app
        server.set_app = lambda app: set_app(_OneRequestAtATime(app))
    return server


testcases.LiveServerThread._create_server = _serialized_server

_thread_init = testcases.LiveServerThread.__init__


def _static_through_the_middleware(self, host, static_handler, *args, **kwargs):
    """Static files as production serves them: by WhiteNoise inside the middleware, hence
    compressed, not by the live server's own handler in front of it (which sends every file
    plain, and would make the page-weight test measure something no phone receives)."""
    _thread_init(self, host, lambda app: app, *args, **kwargs)


testcases.LiveServerThread.__init__ = _static_through_the_middleware


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    return os.environ.get("BANSHI_CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if os.environ.get("CI"):
            raise RuntimeError(
                f"Chromium not installed at {path} (apt-get install chromium); "
                "CI runs the browser tests and does not skip them"
            )
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _page(chromium, live_server, **context):
    """A page of a new context on the live server, in Chinese, collecting its JS errors."""
    context = chromium.new_context(locale="zh-CN", base_url=live_server.url, **context)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()
    wait_for_the_server()


@pytest.fixture
def page(chromium, live_server):
    yield from _page(chromium, live_server, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(chromium, live_server):
    """A 360 px phone; the page's CSP lets axe-core be injected."""
    yield from _page(chromium, live_server, viewport={"width": 360, "height": 740}, bypass_csp=True)


def wait_for_the_server() -> None:
    """Until the live server has finished the request it is serving: a page may leave one
    running (a fragment htmx loads after the page), and the test's database must not be
    rolled back under it (on SQLite that breaks the shared connection's savepoints)."""
    with _OneRequestAtATime.lock:
        pass


@pytest.fixture
def log_in():
    def _log_in(page, username: str, password: str = PASSWORD):
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click(".login-box button[type=submit]")

    return _log_in
