import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from banshi.open311.models import Open311Key, key_hash
from banshi.open311.selectors import key_find
from banshi.open311.services import open311_key_create, open311_key_revoke

pytestmark = pytest.mark.django_db


def test_create_shows_key_once_and_stores_only_its_hash(capsys):
    call_command("open311_key", "create", "市民App")
    out = capsys.readouterr().out.strip().splitlines()
    key = out[-1]
    assert len(key) >= 24
    record = Open311Key.objects.get(name="市民App")
    assert record.key_hash == key_hash(key) and key not in record.key_hash
    assert key_find(key) == record
    call_command("open311_key", "list")
    listed = capsys.readouterr().out
    assert "市民App" in listed and key not in listed and "有效" in listed


def test_revoke(capsys):
    _record, key = open311_key_create(name="demo", key="demo-open311-key")
    assert key == "demo-open311-key" and key_find(key) is not None
    again, _key = open311_key_create(name="demo", key="demo-open311-key")
    assert again == _record and Open311Key.objects.count() == 1
    call_command("open311_key", "revoke", "demo")
    assert key_find(key) is None
    call_command("open311_key", "list")
    assert "已吊销" in capsys.readouterr().out


def test_errors():
    open311_key_create(name="a", key="a-key-123456")
    with pytest.raises(ValidationError, match="同名"):
        open311_key_create(name="a")
    with pytest.raises(ValidationError, match="已被使用"):
        open311_key_create(name="b", key="a-key-123456")
    with pytest.raises(ValidationError, match="8"):
        open311_key_create(name="c", key="short")
    with pytest.raises(ValidationError):
        open311_key_revoke(name="nobody")
    with pytest.raises(CommandError, match="nobody"):
        call_command("open311_key", "revoke", "nobody")
    assert key_find("") is None and key_find("wrong") is None
