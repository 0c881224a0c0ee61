"""A report's file in, its text out: plain text (UTF-8 or GBK), DOCX and PDF, told apart by
their first bytes and, failing that, by the file's name or type.

The text is what `parse_report` reads, laid out the way the text core expects a report:
a blank line between paragraphs, a paragraph's first line indented with two ideographic
spaces (which opens a paragraph there), a table's rows one a line with their cells set apart
by two spaces. A PDF page printed in columns is read column by column, each top to bottom:
a column break becomes a blank line, which the text core joins again when a sentence runs
on into the next column."""

import io
import statistics
import zipfile
from dataclasses import dataclass

import docx
import pdfplumber
from django.utils.translation import gettext as _
from docx.table import Table
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .normalize import ReportDecodeError, decode, is_cjk, is_cjk_punctuation

TEXT, DOCX, PDF = "text", "docx", "pdf"
MAX_BYTES = 20 * 1024 * 1024
INDENT = "\u3000\u3000"
CELL_SEPARATOR = "  "

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (.doc), old Excel …
DOCX_PART = "word/document.xml"
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
PDF_TYPES = ("application/pdf", "application/x-pdf")

# Column detection (lengths in units of the page's usual character size, shares of the text
# block's height): a gap between columns is at least this wide, and free of characters over
# at least this share of the height; what crosses it (a headline over both columns, a footer)
# is read across the page.
MIN_GAP = 0.7
MIN_FREE_SHARE = 0.6
# A column is text, not a table's column: its lines hold this many characters (median).
MIN_COLUMN_LINE = 6
MAX_COLUMNS = 3
# A line this much further right than its column's left edge opens a paragraph; a vertical
# space this much larger than the line's height between two lines ends one.
INDENT_SHARE = 1.5
PARAGRAPH_GAP = 0.8
# Between two characters that are not both CJK, a gap this wide (share of the size) is a
# space the PDF did not spell out; between CJK characters only a missing character's width is.
LATIN_SPACE = 0.15
CJK_SPACE = 0.8
CELL_GAP = 2.0


class ReportFileError(ValueError):
    """A report's file that cannot be read into text; the message says why, for its sender."""


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def report_text(
    data: bytes, *, filename: str = "", content_type: str = "", max_bytes: int = MAX_BYTES
) -> tuple[str, str]:
    """The text of a report's file and what it was read as: "text", "docx" or "pdf".
    Raises ReportFileError for a file that is too large, corrupt, encrypted, empty, a scan
    without a text layer, or of a kind that is none of these."""
    if len(data) > max_bytes:
        raise ReportFileError(
            _("文件超过%(limit)s的上限，请拆分后上传") % {"limit": _size_text(max_bytes)}
        )
    kind = _kind(data, filename.lower(), content_type.split(";")[0].strip().lower())
    if kind == PDF:
        text = _pdf_text(data)
    elif kind == DOCX:
        text = _docx_text(data)
    else:
        text = _plain_text(data)
    if not text.strip():
        raise ReportFileError(_("文件中没有可读取的文字"))
    return text, kind


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} B"


def _kind(data: bytes, filename: str, content_type: str) -> str:
    if PDF_MAGIC in data[:1024]:  # the header may follow some bytes of junk
        return PDF
    if data.startswith(ZIP_MAGIC):
        if _is_docx_zip(data) or filename.endswith(".docx") or content_type in DOCX_TYPES:
            return DOCX  # a zip named .docx without its document is a corrupt DOCX
        raise ReportFileError(_("不支持该文件类型，请上传文本（TXT）、DOCX或PDF文件"))
    if data.startswith(OLE_MAGIC) or filename.endswith(".doc"):
        raise ReportFileError(_("不支持旧版Word（.doc）文件，请另存为DOCX后上传"))
    if filename.endswith(".pdf") or content_type in PDF_TYPES:
        return PDF
    if filename.endswith(".docx") or content_type in DOCX_TYPES:
        return DOCX
    return TEXT


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCX_PART in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _plain_text(data: bytes) -> str:
    # A NUL byte never occurs in UTF-8 or GBK text; GB18030 would read most binaries.
    if b"\x00" in data[:8192]:
        raise ReportFileError(_("不支持该文件类型，请上传文本（TXT）、DOCX或PDF文件"))
    try:
        text, _encoding = decode(data)
    except ReportDecodeError as error:
        raise ReportFileError(_("无法识别文件的文字编码，请上传UTF-8或GBK文本")) from error
    return text


# DOCX ---------------------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    corrupt = _("DOCX文件已损坏，无法读取")
    if not _is_docx_zip(data):
        raise ReportFileError(corrupt)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_docx_block(item) for item in document.iter_inner_content()]
    # python-docx and lxml raise many kinds of error for a broken package or XML part.
    except Exception as error:
        raise ReportFileError(corrupt) from error
    return "\n\n".join(block for block in blocks if block) + "\n"


def _docx_block(item) -> str:
    """A paragraph (a heading too) as one indented line; a table as its rows."""
    if isinstance(item, Table):
        return "\n".join(row for row in (_docx_row(r) for r in item.rows) if row)
    text = item.text.strip()
    if not text:
        return ""
    # A line break inside a paragraph stays one; the text core joins the lines again.
    return INDENT + "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _docx_row(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return CELL_SEPARATOR.join(cells).strip()


# PDF ----------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            pages = []
            for page in document.pages:
                pages.append(_page_chars(page))
                page.close()  # frees the page's parsed objects: a long report stays small
        if not pages:
            raise ReportFileError(_("PDF文件已损坏，无法读取"))
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReportFileError(_("该PDF已加密，请解除密码保护后上传")) from error
        raise ReportFileError(_("PDF文件已损坏，无法读取")) from error
    except ReportFileError:
        raise
    # pdfminer raises many kinds of error (syntax, type, key, value) on a broken file.
    except Exception as error:
        raise ReportFileError(_("PDF文件已损坏，无法读取")) from error
    if not any(pages):
        raise ReportFileError(_("该PDF没有文字层（可能是扫描件），请上传文字版"))
    return "\n\n".join(text for text in (_page_text(chars) for chars in pages) if text) + "\n"


def _page_chars(page) -> list[_Char]:
    chars = []
    for char in page.dedupe_chars().chars:
        if not char.get("upright", True):
            continue
        chars.append(
            _Char(
                char["text"],
                char["x0"],
                char["x1"],
                char["top"],
                char["bottom"],
                char.get("size") or (char["bottom"] - char["top"]),
            )
        )
    return chars if any(c.text.strip() for c in chars) else []


def _page_text(chars: list[_Char]) -> str:
    """A page's text: what crosses the column gaps across the page, the rest column by
    column, top to bottom."""
    visible = [c for c in chars if c.text.strip()]
    if not visible:
        return ""
    gaps = _column_gaps(visible)
    if not gaps:
        return _region_text(chars)
    parts: list[str] = []
    for regions in _reading_order(chars, gaps):
        parts.extend(_region_text(region) for region in regions)
    return "\n\n".join(part for part in parts if part)


def _reading_order(chars: list[_Char], gaps: list[tuple[float, float]]) -> list[list[list[_Char]]]:
    """A page cut at its column gaps, as blocks top to bottom: a band that crosses the gaps
    (one region, read across the page), or a section between two bands (its columns, left
    to right). Bands with nothing between them are one block."""
    visible = [c for c in chars if c.text.strip()]
    bands = _merge([(c.top, c.bottom) for c in visible if _crosses(c, gaps)])
    spans: list[list[_Char]] = [[] for _ in bands]
    sections: list[list[_Char]] = [[] for _ in range(len(bands) + 1)]
    for char in chars:
        band = next((i for i, (t, b) in enumerate(bands) if t <= char.middle <= b), None)
        if band is None:
            sections[_section_index(char, bands)].append(char)
        else:
            spans[band].append(char)
    blocks: list[list[list[_Char]]] = []
    across: list[_Char] = []
    for index, section in enumerate(sections):
        if any(c.text.strip() for c in section):
            if across:
                blocks.append([across])
                across = []
            blocks.append(_columns(section, gaps))
        if index < len(spans):
            across = across + spans[index]
    if across:
        blocks.append([across])
    return blocks


def _section_index(char: _Char, bands: list[tuple[float, float]]) -> int:
    """The vertical section (between the bands that cross the gaps) a character is in."""
    return sum(1 for _top, bottom in bands if bottom < char.middle)


def _crosses(char: _Char, gaps: list[tuple[float, float]]) -> bool:
    return any(char.x0 < right and char.x1 > left for left, right in gaps)


def _columns(chars: list[_Char], gaps: list[tuple[float, float]]) -> list[list[_Char]]:
    cuts = [(left + right) / 2 for left, right in gaps]
    columns: list[list[_Char]] = [[] for _ in range(len(cuts) + 1)]
    for char in chars:
        columns[sum(1 for cut in cuts if cut <= (char.x0 + char.x1) / 2)].append(char)
    return columns


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for top, bottom in sorted(intervals):
        if merged and top <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def _column_gaps(chars: list[_Char]) -> list[tuple[float, float]]:
    """The vertical gaps between a page's columns, left to right (none on a page of one
    column): runs of x positions that characters leave free over most of the text's height,
    wide enough, with text columns on both sides. Narrower candidates give way first."""
    size = statistics.median(c.size for c in chars)
    left, right = min(c.x0 for c in chars), max(c.x1 for c in chars)
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    height = bottom - top
    if height <= 0 or right - left < 4 * size:
        return []
    start = int(left)
    covered: list[list[tuple[float, float]]] = [[] for _ in range(int(right) - start + 2)]
    for char in chars:
        for x in range(int(char.x0) + 1, int(char.x1) + 1):
            covered[x - start].append((char.top, char.bottom))
    coverage = [sum(b - t for t, b in _merge(intervals)) for intervals in covered]
    runs: list[tuple[float, float]] = []
    for low, high in _runs([c <= (1 - MIN_FREE_SHARE) * height for c in coverage]):
        # A short column is as sparse as a gap: the gap is where the run is emptiest.
        floor = min(coverage[low:high]) + size / 2
        for sub_low, sub_high in _runs([c <= floor for c in coverage[low:high]]):
            x0, x1 = start + low + sub_low, start + low + sub_high - 1
            if x1 - x0 >= MIN_GAP * size and x0 > left + size and x1 < right - size:
                runs.append((float(x0), float(x1)))
    runs.sort(key=lambda run: run[1] - run[0], reverse=True)
    runs = sorted(runs[: MAX_COLUMNS - 1])
    while runs:
        columns: list[list[_Char]] = [[] for _ in range(len(runs) + 1)]
        for block in _reading_order(chars, runs):
            if len(block) > 1:
                for column, region in zip(columns, block, strict=True):
                    column.extend(region)
        if all(_is_text_column(column) for column in columns):
            return runs
        narrowest = min(runs, key=lambda run: run[1] - run[0])
        runs = [run for run in runs if run != narrowest]
    return []


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The [start, end) index ranges of the runs of true flags."""
    runs, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index))
            start = None
    return runs


def _is_text_column(chars: list[_Char]) -> bool:
    lines = _lines([c for c in chars if c.text.strip()])
    if len(lines) < 2:
        return False
    return statistics.median(len(line) for line in lines) >= MIN_COLUMN_LINE


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines (those overlapping vertically by half a character),
    top to bottom, each left to right."""
    lines: list[list[_Char]] = []
    bottom = None
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines and bottom is not None and char.top < bottom - char.size / 2:
            lines[-1].append(char)
            bottom = max(bottom, char.bottom)
        else:
            lines.append([char])
            bottom = char.bottom
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _region_text(chars: list[_Char]) -> str:
    """A column's (or a band's) lines top to bottom: an indented line opens a paragraph,
    a larger vertical space ends one."""
    lines = [line for line in _lines(chars) if any(c.text.strip() for c in line)]
    if not lines:
        return ""
    edge = min(_visible(line)[0].x0 for line in lines)
    out: list[str] = []
    previous_bottom = None
    for line in lines:
        visible = _visible(line)
        size = statistics.median(c.size for c in visible)
        top = min(c.top for c in visible)
        if previous_bottom is not None and top - previous_bottom > PARAGRAPH_GAP * size:
            out.append("")
        indent = INDENT if visible[0].x0 - edge >= INDENT_SHARE * size else ""
        out.append(indent + _line_text(line))
        previous_bottom = max(c.bottom for c in visible)
    return "\n".join(out)


def _visible(line: list[_Char]) -> list[_Char]:
    return [c for c in line if c.text.strip()]


def _is_wide(text: str) -> bool:
    return bool(text) and (is_cjk(text[0]) or is_cjk_punctuation(text[0]))


def _line_text(line: list[_Char]) -> str:
    """A line's characters joined: the PDF's own spaces kept (one for a run), a space added
    where a gap shows one between letters or digits, never one between CJK characters that
    merely stand apart (justified or spaced-out type); a gap as wide as a table's between
    its cells becomes the two spaces that keep a row's cells apart."""
    text: list[str] = []
    previous: _Char | None = None
    pending_space = False
    for char in line:
        if not char.text.strip():
            pending_space = previous is not None
            continue
        if previous is not None:
            gap = char.x0 - previous.x1
            both_wide = _is_wide(previous.text[-1]) and _is_wide(char.text)
            if gap >= CELL_GAP * char.size:
                text.append(CELL_SEPARATOR)
            elif pending_space or gap > (CJK_SPACE if both_wide else LATIN_SPACE) * char.size:
                text.append(" ")
        text.append(char.text)
        previous, pending_space = char, False
    return "".join(text).strip()
