"""Password policy: Argon2 hashes, length, similarity, common passwords, character classes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from banshi import settings as project_settings


def codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


def test_a_strong_password_passes():
    assert codes("Qingcheng-2024-wl") == set()


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Ab1!", {"password_too_short"}),
        ("abcdefghij", {"password_classes"}),  # one class
        ("abcdefgh12", {"password_classes"}),  # two classes
        ("12345678", {"password_too_common", "password_classes"}),
    ],
)
def test_weak_passwords_are_refused(password, expected):
    assert expected <= codes(password)


def test_numeric_password_is_refused_even_when_long():
    assert codes("2024051812345678") == {"password_classes"}


def test_a_common_password_is_refused_even_with_three_classes():
    # Upper, lower and digits: only the common-password list catches it.
    assert codes("Password123") == {"password_too_common"}


def test_the_username_as_password_is_refused():
    user = get_user_model()(username="Wulan-Grid1", first_name="", last_name="")
    assert codes("Wulan-Grid1", user=user) == {"password_too_similar"}
    assert codes("Wulan-Grid1", user=None) == set()  # the same string is otherwise fine


def test_the_messages_are_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("abcdefghij")
    assert "密码须包含小写字母、大写字母、数字、符号中的至少三类" in exc.value.messages


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the suite's are MD5
    user = get_user_model().objects.create_user("u", password="Qingcheng-2024-wl")
    assert user.password.startswith("argon2$")
    assert user.check_password("Qingcheng-2024-wl")
