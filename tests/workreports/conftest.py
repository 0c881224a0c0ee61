"""The seed newspaper page (a copy of ../shared/seeds/000_4264205dce72fd59.txt, kept here so
the tests do not depend on a folder outside the checkout), parsed once per module."""

from pathlib import Path

import pytest

from banshi.workreports.parsing import parse_report

SEED = Path(__file__).resolve().parent / "data" / "seed_page.txt"


@pytest.fixture(scope="module")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return parse_report(SEED.read_bytes())
