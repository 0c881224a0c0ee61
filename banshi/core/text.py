"""Text as the platform stores it: every CharField and TextField value is cleaned on its way
into the database (`clean_text`, applied by the `pre_save` receiver `clean_model_text` that
`CoreConfig.ready` connects for Banshi's models and the accounts). Cleaning means Unicode
NFC (a decomposed "é" is stored composed, so searching and de-duplicating see one
spelling), no control characters (a pasted \\x0b would make every XML document that carries
the value malformed; a multi-line field keeps its newlines and tabs) and no bidirectional
overrides or isolates (which make a displayed value read differently from what it is).

Writes that bypass signals (bulk inserts, queryset updates) call `clean_text` themselves.
Depends on Django only (core is the bottom layer)."""

import re
import unicodedata

from django.db import models

# Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
_BIDI = "\u202a-\u202e\u2066-\u2069"
# C0 and C1 controls and DEL, the code points XML 1.0 cannot carry (U+FFFE, U+FFFF) and lone
# surrogates (which no encoding can write).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff"
_DROP = re.compile(f"[{_CONTROLS}{_BIDI}]")
# What a single-line value turns into a space, and a multi-line one keeps (as \n and \t).
_BREAKS = re.compile(r"\r\n?|[\n\t]")
_CRLF = re.compile(r"\r\n?")


def form_id(value) -> int:
    """A primary key as a form or query string sends it: ASCII digits, fewer than 12 ("²"
    is a digit to `isdigit` and `int` refuses it; a longer number overflows the database's
    integer). Anything else is 0, which names no row."""
    value = str(value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0


def clean_text(value, *, multiline: bool = False):
    """`value` in NFC, without control characters and bidirectional controls. A single-line
    value has its line breaks and tabs turned into spaces; a multi-line one keeps them (a
    CR LF or lone CR becomes LF). Anything that is not a str is returned as it is."""
    if not isinstance(value, str):
        return value
    if value.isprintable() and unicodedata.is_normalized("NFC", value):
        return value  # the usual case, cheaply: no control, format or separator characters
    value = _CRLF.sub("\n", value) if multiline else _BREAKS.sub(" ", value)
    value = _DROP.sub("", value)
    return unicodedata.normalize("NFC", value)


_TEXT_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _text_fields(model: type) -> tuple[tuple[str, bool], ...]:
    """(attname, multi-line?) of the model's concrete text fields."""
    found = _TEXT_FIELDS.get(model)
    if found is None:
        found = ()
        app = model._meta.app_config
        if app is None or _cleaned_app(app.name):
            found = tuple(
                (f.attname, isinstance(f, models.TextField))
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            )
        _TEXT_FIELDS[model] = found
    return found


def _cleaned_app(name: str) -> bool:
    # Banshi's own records and the accounts. Not the bookkeeping of third-party apps: they
    # look a row up by the text they were given (django-axes finds its failed-attempt row
    # by the username as typed), so a cleaned copy would never be found again and the next
    # insert would collide with it.
    return name.startswith("banshi.") or name == "django.contrib.auth"


def clean_model_text(sender, instance, update_fields=None, **kwargs) -> None:
    """`pre_save` for Banshi's models and the accounts: clean each text field (`clean_text`)."""
    for attname, multiline in _text_fields(sender):
        if update_fields is not None and attname not in update_fields:
            continue
        value = instance.__dict__.get(attname)
        if isinstance(value, str):
            cleaned = clean_text(value, multiline=multiline)
            if cleaned is not value:
                instance.__dict__[attname] = cleaned
