"""The materials demo: 大唐蒙西新能源事业部's committee, four branches and about forty
members, a year of monthly materials pushed to every branch, most opened; deterministic
and quick."""

import datetime

import pytest
from django.utils import timezone

from banshi.materials.demo import COMMITTEE, build_demo_materials
from banshi.materials.models import LearningMaterial, MaterialPush, MaterialReceipt
from banshi.organizations.models import PartyMember
from banshi.territory.models import Region

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))


@pytest.fixture
def counties(db):
    city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
    for code, name in [
        ("150105000000", "赛罕区"),
        ("150123000000", "和林格尔县"),
        ("150124000000", "清水河县"),
        ("150125000000", "武川县"),
    ]:
        Region.objects.create(code=code, name=name, kind="county", parent=city)


def _rows():
    return list(
        MaterialReceipt.objects.order_by(
            "push__material__month", "member__resident__name", "id"
        ).values_list("push__material__title", "member__resident__name", "opened_at")
    )


def test_the_demo_materials(counties):
    out = build_demo_materials(seed=3, now=NOW)
    assert out["committee"].name == COMMITTEE and len(out["branches"]) == 4
    members = PartyMember.objects.filter(organization__in=out["branches"]).count()
    assert 35 <= members <= 45
    assert LearningMaterial.objects.count() == 12
    months = set(LearningMaterial.objects.values_list("month", flat=True))
    assert len(months) == 12 and max(months) == datetime.date(2026, 11, 1)
    assert MaterialPush.objects.count() == 12 * 4
    assert MaterialReceipt.objects.count() == 12 * members
    opened = MaterialReceipt.objects.filter(opened_at__isnull=False).count()
    assert 0.7 < opened / MaterialReceipt.objects.count() < 1
    assert not MaterialReceipt.objects.filter(opened_at__gt=NOW).exists()
    assert MaterialPush.objects.exclude(tailored_note="").count() == 12 * 4


def test_the_demo_is_deterministic_and_reuses_the_tree(counties):
    build_demo_materials(seed=3, now=NOW)
    first = _rows()
    LearningMaterial.objects.all().delete()
    build_demo_materials(seed=3, now=NOW)
    assert _rows() == first
    assert PartyMember.objects.count() == MaterialReceipt.objects.count() // 12
