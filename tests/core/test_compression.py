"""Pages, JSON and static files leave compressed for a client that accepts gzip; images,
PDFs, spreadsheets and ranges leave as they are."""

import gzip

from django.http import HttpResponse
from django.test import RequestFactory

from banshi.core.middleware import CompressionMiddleware

BODY = ("网格员今日走访" * 200).encode()


def _through(content_type: str, *, status: int = 200, accept: str = "gzip, br"):
    response = HttpResponse(BODY, content_type=content_type, status=status)
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    return CompressionMiddleware(lambda r: response)(request)


def test_html_is_compressed_and_unchanged_once_inflated():
    response = _through("text/html; charset=utf-8")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(BODY) / 5
    assert gzip.decompress(response.content) == BODY
    assert "Accept-Encoding" in response["Vary"]


def test_a_client_that_refuses_gzip_gets_the_plain_body():
    response = _through("application/json", accept="identity")
    assert not response.has_header("Content-Encoding")
    assert response.content == BODY


def test_already_compressed_kinds_pass_untouched():
    for kind in (
        "image/png",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ):
        response = _through(kind)
        assert not response.has_header("Content-Encoding"), kind
        assert response.content == BODY


def test_a_range_is_never_compressed():
    response = _through("text/javascript", status=206)
    assert not response.has_header("Content-Encoding")
