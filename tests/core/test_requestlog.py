"""Request ids and the JSON request log: every answer carries an X-Request-ID, every log line
written while the request runs carries the same id, a forged id from an untrusted address is
not believed, and the request line names the route pattern, never the path."""

import json
import logging

import pytest
from django.test import Client

from banshi.core.logconfig import logging_config
from banshi.core.requestlog import RequestIdFilter


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="banshi.request")
    return lambda: [r for r in caplog.records if r.name == "banshi.request"]


def test_each_answer_carries_a_new_request_id(db, request_lines):
    client = Client()
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    lines = request_lines()
    assert [r.request_id for r in lines] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert lines[0].route == "/healthz" and lines[0].status in (200, 503)
    assert lines[0].method == "GET" and lines[0].duration_ms >= 0


def test_the_route_is_logged_not_the_path(db, request_lines, world, make_user):
    # A tracking code in the path is somebody's demand: the log names the pattern only.
    Client().get("/track/BS-SECRET-CODE/")
    Client().get("/no/such/page/")
    routes = [r.route for r in request_lines()]
    assert routes == ["/track/<str:code>/", "<unmatched>"]
    assert not any("SECRET" in r.getMessage() for r in request_lines())


def test_an_id_is_believed_only_from_a_trusted_proxy(db, settings):
    given = "proxy-4f1c2a9e77"
    assert Client(HTTP_X_REQUEST_ID=given).get("/healthz")["X-Request-ID"] != given
    settings.BANSHI_TRUSTED_PROXIES = ["127.0.0.1"]
    assert Client(HTTP_X_REQUEST_ID=given).get("/healthz")["X-Request-ID"] == given
    # A malformed one (spaces, a newline to forge a log line) is replaced even from the proxy.
    bad = "x\nFAKE LINE"
    assert Client(HTTP_X_REQUEST_ID=bad).get("/healthz")["X-Request-ID"] != bad


def test_log_lines_are_json_with_the_request_id(capsys):
    config = logging_config(fmt="json", level="INFO")
    formatter_conf = dict(config["formatters"]["json"])
    factory = formatter_conf.pop("()")
    module, name = factory.rsplit(".", 1)
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_conf)
    record = logging.LogRecord(
        "banshi.demands", logging.WARNING, __file__, 1, "超时 %d", (3,), None
    )
    record.request_id = "abc123"
    RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "超时 3"
    assert line["request_id"] == "abc123"
    assert line["level"] == "WARNING" and line["logger"] == "banshi.demands"
    assert "time" in line


def test_outside_a_request_the_id_is_empty():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == ""
