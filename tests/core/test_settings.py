"""With DEBUG off, the settings refuse a missing or default SECRET_KEY and a missing
BANSHI_DATA_KEY, naming the variable; with keys of its own the project starts."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OLD_DEFAULT = "banshi-insecure-development-key-change-me-in-production"
GOOD_SECRET = secrets.token_urlsafe(50)
GOOD_DATA_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


def start(**env: str) -> subprocess.CompletedProcess:
    """`django.setup()` in a fresh interpreter with only these variables (and no .env)."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "banshi.settings",
            "PATH": "/usr/bin:/bin",
            "BANSHI_ENV_FILE": "",
            "DEBUG": "0",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SECRET_KEY": OLD_DEFAULT, "BANSHI_DATA_KEY": GOOD_DATA_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "", "BANSHI_DATA_KEY": GOOD_DATA_KEY}, "SECRET_KEY"),
        ({"BANSHI_DATA_KEY": GOOD_DATA_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_SECRET, "BANSHI_DATA_KEY": ""}, "BANSHI_DATA_KEY"),
        ({"SECRET_KEY": GOOD_SECRET}, "BANSHI_DATA_KEY"),
    ],
    ids=["default-secret", "empty-secret", "no-secret", "empty-data-key", "no-data-key"],
)
def test_refuses_to_start_without_its_own_keys(env, named):
    result = start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_starts_with_keys_of_its_own():
    result = start(SECRET_KEY=GOOD_SECRET, BANSHI_DATA_KEY=GOOD_DATA_KEY)
    assert result.returncode == 0, result.stderr


def test_debug_keeps_the_development_fallbacks():
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_reads_the_keys_from_an_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "banshi.env"
    env_file.write_text(f"SECRET_KEY={OLD_DEFAULT}\nBANSHI_DATA_KEY={GOOD_DATA_KEY}\n")
    # The file's SECRET_KEY (the old default) is refused...
    result = start(BANSHI_ENV_FILE=str(env_file))
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    # ...unless the environment sets its own; the data key still comes from the file.
    result = start(BANSHI_ENV_FILE=str(env_file), SECRET_KEY=GOOD_SECRET)
    assert result.returncode == 0, result.stderr


def test_a_named_env_file_that_is_missing_is_refused(tmp_path):
    result = start(BANSHI_ENV_FILE=str(tmp_path / "missing.env"))
    assert result.returncode != 0
    assert "BANSHI_ENV_FILE" in result.stderr
