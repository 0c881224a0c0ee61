"""Throttles count in one cache for every process: the database by default (its table made
by a migration), Redis when BANSHI_REDIS_URL is set; lockouts count in the database."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/v1/auth/token/"


def test_the_default_cache_is_the_database():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_token_throttle_counts_in_the_database(client, db, settings):
    settings.BANSHI_TOKEN_RATE = "2/min"
    for _ in range(2):
        client.post(URL, {"username": "nobody", "password": "x"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM banshi_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_token_127.0.0.1" in k for k in keys), keys
    # Another process (a new cache object on the same table) sees the same count.
    caches["default"].close()
    del caches["default"]
    assert client.post(URL, {"username": "nobody", "password": "x"}).status_code == 429


def _settings_in_a_fresh_process(**env) -> str:
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "banshi.settings",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "BANSHI_ENV_FILE": "",
            "DEBUG": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_when_configured():
    out = _settings_in_a_fresh_process(BANSHI_REDIS_URL="redis://127.0.0.1:6379/3")
    assert out == "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/3"
    assert _settings_in_a_fresh_process().endswith("DatabaseCache banshi_cache")


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/7",
        "KEY_PREFIX": "banshi-test",
    }
}


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_the_token_throttle_works_on_redis(client, db, settings):
    settings.BANSHI_TOKEN_RATE = "2/min"
    with override_settings(CACHES=REDIS):
        caches["default"].clear()
        try:
            statuses = [
                client.post(URL, {"username": "nobody", "password": "x"}).status_code
                for _ in range(3)
            ]
        finally:
            caches["default"].clear()
    assert statuses == [400, 400, 429]
