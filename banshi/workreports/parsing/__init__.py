"""The text core of the work-report checker: a report's bytes or text in, its articles and
the figures they quote out, as plain data (no models, no database). The Django app on top
resolves units to regions, maps subjects to registered figure keys and reconciles.

    report = parse_report(data)          # bytes (UTF-8, UTF-8 BOM, GBK/GB18030) or str
    report.articles                      # tuple[Article, ...]
    report.figures                       # tuple[FigureMention, ...]
    report.normalized.to_original(s, e)  # a normalized span in the original text

    text, kind = report_text(data, filename="x.pdf")  # a TXT, DOCX or PDF file's text
"""

from dataclasses import dataclass

from .articles import (
    BRIEF,
    PHOTO,
    STORY,
    Article,
    Credit,
    PageLayout,
    canonical_unit,
    split_articles,
)
from .figures import FigureMention, extract_figures
from .files import ReportFileError, report_text
from .normalize import NormalizedText, Paragraph, ReportDecodeError, TextSpan, decode, normalize
from .vocabulary import PROTECTED_TERMS, SUBJECT_TERMS, UNIT_ALIASES

__all__ = [
    "BRIEF",
    "PHOTO",
    "PROTECTED_TERMS",
    "STORY",
    "SUBJECT_TERMS",
    "UNIT_ALIASES",
    "Article",
    "Credit",
    "FigureMention",
    "PageLayout",
    "NormalizedText",
    "Paragraph",
    "ParsedReport",
    "ReportDecodeError",
    "ReportFileError",
    "TextSpan",
    "canonical_unit",
    "decode",
    "extract_figures",
    "normalize",
    "parse_report",
    "report_text",
    "split_articles",
]


@dataclass(frozen=True)
class ParsedReport:
    encoding: str  # what the bytes were read with; "" when text was given
    normalized: NormalizedText  # .original is the decoded text the offsets refer to
    articles: tuple[Article, ...]
    figures: tuple[FigureMention, ...]
    layout: PageLayout

    @property
    def original(self) -> str:
        return self.normalized.original

    def figures_of(self, article: Article) -> tuple[FigureMention, ...]:
        return tuple(f for f in self.figures if f.article == article.index)


def parse_report(data: bytes | str) -> ParsedReport:
    """Decode (bytes), normalize, split into articles and extract their figures. Raises
    ReportDecodeError for bytes that are not text in a known encoding."""
    if isinstance(data, bytes):
        text, encoding = decode(data)
    else:
        text, encoding = data, ""
    normalized = normalize(text)
    articles, layout = split_articles(normalized)
    figures = tuple(extract_figures(normalized, articles))
    return ParsedReport(encoding, normalized, articles, figures, layout)
