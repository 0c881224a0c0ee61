"""POST /open311/v2/requests: what a client sends is cleaned (control and bidirectional
characters out, NFC) or refused when too long, never cut; an Idempotency-Key reused with
another request is a 422; ids out of range are a 4xx, never a 500."""

import unicodedata
from xml.etree import ElementTree as ET

import pytest

from banshi.demands.models import Demand

from .conftest import inside

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.json"
LIST = "/open311/v2/requests.xml"


def _form(api_key, **extra):
    lat, lng = inside(0)
    form = {
        "api_key": api_key,
        "service_code": "sanitation",
        "lat": str(lat),
        "long": str(lng),
        "description": "小区门口的垃圾桶满了",
    }
    form.update(extra)
    return form


def _posted(r) -> Demand:
    assert r.status_code == 200, r.content
    return Demand.objects.get(pk=int(r.json()[0]["service_request_id"]))


def test_control_and_bidi_characters_do_not_reach_the_xml_list(client, world, api_key):
    r = client.post(
        URL,
        _form(
            api_key,
            address_string="新华\x0b大街\x01 1号\u202e楼",
            description="垃圾\x0b满了\x01\u202e\n请清运\t谢谢",
        ),
    )
    demand = _posted(r)
    assert demand.address == "新华大街 1号楼"
    assert demand.description == "垃圾满了\n请清运\t谢谢"  # a multi-line field keeps \n, \t
    listing = client.get(LIST)
    assert listing.status_code == 200
    root = ET.fromstring(listing.content)  # the whole list is well-formed XML
    addresses = [e.text for e in root.iter("address")]
    assert "新华大街 1号楼" in addresses


def test_text_is_stored_composed(client, world, api_key):
    decomposed = "Cafe\u0301 Mu\u0308ller \uf900"  # é, ü decomposed; a CJK compatibility form
    demand = _posted(client.post(URL, _form(api_key, address_string=decomposed)))
    assert demand.address == unicodedata.normalize("NFC", decomposed)
    assert demand.address == "Café Müller \u8c48"


def test_an_over_long_address_is_refused_not_cut(client, world, api_key):
    r = client.post(URL, _form(api_key, address_string="长" * 201))
    assert r.status_code == 400
    (error,) = r.json()
    assert error["code"] == 400 and "200" in error["description"]
    assert not Demand.objects.exists()
    assert _posted(client.post(URL, _form(api_key, address_string="长" * 200))).address


def test_a_key_reused_with_another_request_is_refused(client, world, api_key):
    headers = {"Idempotency-Key": "k-1"}
    first = _posted(client.post(URL, _form(api_key), headers=headers))
    again = _posted(client.post(URL, _form(api_key), headers=headers))
    assert again.pk == first.pk
    other = client.post(URL, _form(api_key, description="另一件事"), headers=headers)
    assert other.status_code == 422
    (error,) = other.json()
    assert error["code"] == 422 and "幂等键" in error["description"]
    assert Demand.objects.count() == 1


@pytest.mark.parametrize("ids", [str(2**63), "1," + "9" * 30])
def test_request_ids_out_of_range_are_a_400(client, world, ids):
    r = client.get("/open311/v2/requests.json", {"service_request_id": ids})
    assert r.status_code == 400


def test_a_request_id_out_of_range_is_not_found(client, world):
    assert client.get(f"/open311/v2/requests/{2**64}.json").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_large_body_is_refused_unread_with_413(client, world, api_key, monkeypatch, fmt):
    from django.http.request import HttpRequest

    def unread(self):
        raise AssertionError("the body was read")

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", unread)
    before = Demand.objects.count()
    body = b'--b\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n\r\n'
    body += b"\xff" * (30 * 1024 * 1024) + b"\r\n--b--\r\n"
    r = client.generic(
        "POST", f"/open311/v2/requests.{fmt}", body, content_type="multipart/form-data; boundary=b"
    )
    assert r.status_code == 413
    text = r.content.decode()
    assert "超过上限" in text and "262,144" in text
    if fmt == "json":
        assert r.json()[0]["code"] == 413
    else:
        assert ET.fromstring(r.content).find("error/code").text == "413"
    assert Demand.objects.count() == before


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_malformed_body_is_a_400_in_the_interfaces_format(client, world, api_key, fmt):
    r = client.generic(
        "POST",
        f"/open311/v2/requests.{fmt}",
        b"--x\r\nno headers here",
        content_type="multipart/form-data; boundary=",
    )
    assert r.status_code == 400
    assert "无法解析" in r.content.decode()
    if fmt == "json":
        assert r.json()[0]["code"] == 400
    else:
        assert ET.fromstring(r.content).find("error/code").text == "400"
