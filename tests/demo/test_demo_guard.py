"""`banshi demo` empties the whole database: it says so first, and it refuses a database
that holds records it did not make (an account not named demo_…, or residents and demands
without the demo's accounts) unless --force, changing nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from banshi.demo.builder import foreign_records
from banshi.people.models import Resident


def test_a_database_with_someone_elses_account_is_refused(db, make_user):
    make_user("zhangsan")
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--no-serve", stdout=StringIO())
    assert "zhangsan" in str(refused.value) and "--force" in str(refused.value)
    assert refused.value.returncode == 2
    assert get_user_model().objects.filter(username="zhangsan").exists()  # nothing emptied


def test_residents_without_demo_accounts_are_someone_elses(world):
    assert Resident.objects.exists()
    assert "没有演示账户" in foreign_records()


def test_a_demo_database_is_rebuilt_without_asking(db, make_user):
    make_user("demo_admin")
    assert foreign_records() == ""
