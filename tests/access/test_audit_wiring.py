"""The audit receivers are connected by the apps themselves (each names its audited models
in its plugins.register()), not only by these tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.db.models.signals import post_save
from banshi.people.models import Resident
live = post_save._live_receivers(Resident)
sync = live[0] if isinstance(live, tuple) else live
print(any(r.__module__ == "banshi.access.audit_signals" for r in sync))
"""


def test_access_app_connects_the_audit_signals():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "banshi.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True", (
        "banshi/people/plugins.py must name Resident with access.audit_signals.audit()"
    )
