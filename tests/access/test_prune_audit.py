"""`banshi prune-audit [--days N]`: removes only events older than max(N, 180) days."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from banshi.access.models import AuditEvent
from banshi.access.services import audit_prune, audit_record


@pytest.fixture
def aged(db):
    """One event of each age in days."""
    now = timezone.now()
    ages = {}
    for days in (0, 179, 181, 200, 400):
        e = audit_record(action="login", username=f"u{days}")
        AuditEvent.objects.filter(pk=e.pk).update(at=now - datetime.timedelta(days=days))
        ages[days] = e.pk
    return ages


def remaining(ages) -> set[int]:
    kept = set(AuditEvent.objects.values_list("pk", flat=True))
    return {days for days, pk in ages.items() if pk in kept}


def test_default_keeps_180_days(aged, capsys):
    call_command("prune_audit")
    assert remaining(aged) == {0, 179}
    assert "已删除3条" in capsys.readouterr().out
    # The prune leaves its own trace.
    trace = AuditEvent.objects.get(action="delete", object_type="access.AuditEvent")
    assert trace.rows == 3
    assert "180天" in trace.reason


def test_more_days_keep_more(aged):
    call_command("prune_audit", "--days", "365")
    assert remaining(aged) == {0, 179, 181, 200}


@pytest.mark.parametrize("days", ["179", "30", "0", "-5"])
def test_fewer_than_180_days_is_refused_and_nothing_is_removed(aged, days):
    with pytest.raises(CommandError) as exc:
        call_command("prune_audit", "--days", days)
    assert "审计记录至少保留180天" in str(exc.value)
    assert remaining(aged) == set(aged)
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_service_refuses_too(aged):
    with pytest.raises(ValueError, match="至少保留180天"):
        audit_prune(days=90)
    assert remaining(aged) == set(aged)


def test_service_with_a_fixed_clock(aged):
    later = timezone.now() + datetime.timedelta(days=30)
    assert audit_prune(days=180, now=later) == 4  # 179 days old is now 209
    assert remaining(aged) == {0}


def test_non_numeric_days_is_a_usage_error(aged):
    with pytest.raises(CommandError):
        call_command("prune_audit", "--days", "half a year")
    assert remaining(aged) == set(aged)
