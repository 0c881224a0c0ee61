"""`banshi.core.text`: what every text field is cleaned to, and that every model's save
cleans it."""

import pytest
from django.contrib.auth import get_user_model

from banshi.core.text import clean_text, form_id


@pytest.mark.parametrize(
    ("raw", "multiline", "clean"),
    [
        ("新华\x0b大街\x01", False, "新华大街"),
        ("a\u202eb\u202ac\u2066d\u2069", False, "abcd"),
        ("一行\n二行\t三", False, "一行 二行 三"),
        ("一行\r\n二行\r三\t四\x00", True, "一行\n二行\n三\t四"),
        ("Cafe\u0301 Mu\u0308ller", False, "Café Müller"),
        ("\uf900\u2f00", False, "\u8c48\u2f00"),  # a compatibility ideograph composed
        ("\x85\x9f\ufffe", False, ""),
        ("plain text", False, "plain text"),
    ],
)
def test_clean_text(raw, multiline, clean):
    assert clean_text(raw, multiline=multiline) == clean


def test_non_text_is_left_as_it_is():
    assert clean_text(None) is None and clean_text(5) == 5


def test_every_model_is_cleaned_on_save(db):
    user = get_user_model().objects.create(username="u\x0b1", first_name="Jose\u0301\u202e")
    user.refresh_from_db()
    assert (user.username, user.first_name) == ("u1", "José")


@pytest.mark.parametrize(
    "value, pk",
    [
        ("42", 42),
        (" 7 ", 7),
        (42, 42),
        ("", 0),
        (None, 0),
        ("abc", 0),
        ("-3", 0),
        ("4.2", 0),
        ("²", 0),  # a digit to isdigit(), refused by int()
        ("١٢", 0),  # Arabic-Indic digits: not ASCII
        ("9" * 11, 99_999_999_999),
        ("9" * 12, 0),  # would overflow the database's integer
    ],
)
def test_form_id(value, pk):
    assert form_id(value) == pk
