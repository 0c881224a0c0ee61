"""docs/glossary.md names every term of the domain glossary (../shared/DOMAIN.md), each in a
row that says where it lives; and every banshi/ path it cites exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ROOT.parent / "shared" / "DOMAIN.md"
GLOSSARY = ROOT / "docs" / "glossary.md"


def domain_terms() -> list[str]:
    """The Chinese terms of the glossary tables (first column, each of "A / B / C")."""
    terms = []
    for line in DOMAIN.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.search(r"[\u4e00-\u9fff]", cells[0]):
            continue
        terms += [t.strip() for t in cells[0].split("/") if t.strip()]
    return terms


@pytest.mark.skipif(not DOMAIN.exists(), reason="../shared/DOMAIN.md is not beside this clone")
def test_every_domain_term_has_a_row_in_the_glossary():
    text = GLOSSARY.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    terms = domain_terms()
    assert len(terms) > 80
    missing = [t for t in terms if not any(t in row.split("|")[1] for row in rows)]
    assert missing == []


def test_the_paths_the_docs_cite_exist():
    cited = set()
    for doc in (GLOSSARY, ROOT / "docs" / "architecture.md"):
        cited |= set(re.findall(r"`(banshi/[\w/.]+\.(?:py|html))`", doc.read_text("utf-8")))
    assert cited
    assert sorted(p for p in cited if not (ROOT / p).exists()) == []
