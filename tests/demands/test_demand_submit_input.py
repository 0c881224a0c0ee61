"""Intake input: text cleaned at the service, an over-long address refused (not cut),
photos all checked before any is stored (a bad one leaves no file behind), an
Idempotency-Key reused with another request refused (422 from the API), ids out of range
a 400."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from banshi.demands import services
from banshi.demands.actions import perform
from banshi.demands.models import Demand, DemandPhoto
from tests.demands.conftest import JPEG, PNG, inside


def _files(settings) -> list[str]:
    root = str(settings.MEDIA_ROOT)
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def _body(**kw):
    lat, lng = inside(0)
    return {"category": "noise", "description": "广场舞音响太吵", "lat": lat, "lng": lng, **kw}


def test_text_is_cleaned_by_the_service(world, submit):
    d = submit(text="垃圾\x0b满了\u202e\r\n请清运", address="新华\x01大街\u2066")
    assert d.description == "垃圾满了\n请清运" and d.address == "新华大街"
    d.refresh_from_db()
    assert d.description == "垃圾满了\n请清运" and d.address == "新华大街"


def test_an_over_long_address_is_refused_not_cut(world, submit):
    with pytest.raises(ValidationError, match="200"):
        submit(address="长" * 201)
    assert not Demand.objects.exists()
    assert submit(address="长" * 200).address == "长" * 200


def test_a_bad_photo_leaves_no_file_behind(world, submit, settings):
    good = [SimpleUploadedFile(f"{i}.jpg", JPEG) for i in range(4)]
    bad = SimpleUploadedFile("x.jpg", b"<html>", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="格式不支持"):
        submit(photos=[*good, bad])
    assert not Demand.objects.exists() and not DemandPhoto.objects.exists()
    assert _files(settings) == []


def test_a_bad_photo_in_the_form_leaves_no_file_behind(world, people, client_for, settings):
    category = Demand._meta.get_field("category").related_model.objects.get(code="sanitation")
    r = client_for(people.resident).post(
        "/demands/new/",
        {
            "category": category.pk,
            "description": "楼道垃圾没人清运",
            "urgency": "normal",
            "household": world.households[world.grid1.code][0].pk,
            "photos": [
                *(SimpleUploadedFile(f"{i}.png", PNG) for i in range(4)),
                SimpleUploadedFile("x.jpg", b"<html>"),
            ],
        },
    )
    assert r.status_code in (200, 400) and "格式不支持" in r.content.decode()
    assert not Demand.objects.exists()
    assert _files(settings) == []


def test_stored_photos_are_removed_when_the_intake_fails_after_them(
    world, submit, settings, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("notification backend down")

    monkeypatch.setattr(services.intake, "fan_out_sql", fail)
    with pytest.raises(RuntimeError):
        submit(photos=[SimpleUploadedFile("a.jpg", JPEG)])
    assert _files(settings) == []


def test_a_key_reused_with_another_body_is_a_422(world, people):
    c = _api(people.resident)
    first = c.post("/api/v1/demands/", _body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    again = c.post("/api/v1/demands/", _body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = c.post(
        "/api/v1/demands/",
        _body(description="另一件事"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert other.status_code == 422 and "幂等键" in str(other.json())
    assert Demand.objects.count() == 1
    assert Demand.objects.get().request_fingerprint  # stored with the demand


@pytest.mark.parametrize("field", ["household", "building"])
def test_place_ids_out_of_range_are_a_400(world, people, field):
    r = _api(people.resident).post("/api/v1/demands/", _body(**{field: 2**63}), format="json")
    assert r.status_code == 400 and field in r.json()


@pytest.mark.parametrize("departments", [[2**63], [2**70], [0], ["1" * 30]])
def test_department_ids_out_of_range_are_a_400(world, people, submit, departments):
    d = submit(user=people.resident)
    r = _api(people.street).post(
        f"/api/v1/demands/{d.pk}/escalate/", {"departments": departments}, format="json"
    )
    assert r.status_code == 400, r.content


@pytest.mark.parametrize(
    "data",
    [
        {"departments": [str(2**63)]},
        {"unit": f"department:{2**64}"},
    ],
)
def test_ids_out_of_range_through_perform_are_refused(world, people, submit, data):

    d = submit(user=people.resident)
    action = "escalate" if "departments" in data else "dispatch"
    with pytest.raises(ValidationError):
        perform(action, demand=d, user=people.street, data=data)


def test_a_merge_target_out_of_range_is_not_found(world, people, submit):
    d = submit(user=people.resident)
    r = _api(people.street).post(
        f"/api/v1/demands/{d.pk}/merge/", {"into": str(2**64)}, format="json"
    )
    assert r.status_code in (400, 409), r.content
