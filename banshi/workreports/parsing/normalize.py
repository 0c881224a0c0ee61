"""From a report's bytes to a normalized text that still knows where every character came
from: decoding, joining lines a narrow column broke in the middle of words, removing the
spaces of spaced-out type, and cutting paragraphs where a newspaper page starts them.

Every character of the normalized text maps back to an offset of the original (decoded)
text, so that a page can highlight, in the text the unit sent, what was found in this one."""

import re
from dataclasses import dataclass

from . import vocabulary as vocab

ENCODINGS = ("utf-8", "gb18030")
BOM = "\ufeff"
STRIP = " \t\u3000\xa0\ufeff"


class ReportDecodeError(ValueError):
    """The bytes are neither UTF-8 nor GB18030 (which covers GBK and GB2312)."""


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the normalized text. role: "text", or what the layout made it:
    "unit" (a "玉泉区：" line), "headline" (the lines after it, or "<unit>：<headline>" on
    one line), "author" ("（阿柔娜）"), "subheading" ("【……】") or "table" (a row, or the
    caption above the rows)."""

    start: int
    end: int
    role: str


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str
    # offsets[i]: the original offset of text[i]; one more entry for the end of the text.
    offsets: tuple[int, ...]
    paragraphs: tuple[Paragraph, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalized span [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]


def decode(data: bytes) -> tuple[str, str]:
    """The text of a report's bytes and the encoding it was read with ("utf-8-sig" when it
    began with a byte-order mark). The mark is not part of the text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReportDecodeError("the report is neither UTF-8 nor GBK/GB18030 text")


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def is_cjk_punctuation(char: str) -> bool:
    return "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or char in "“”‘’—…·"


def _is_wide(char: str) -> bool:
    return is_cjk(char) or is_cjk_punctuation(char)


def _is_tight(char: str) -> bool:
    """Characters a space between a CJK character and a number never separates."""
    return char.isdigit() or char in vocab.PERCENT_SIGNS


# A line of (character, original offset) pairs.
_Chars = list[tuple[str, int]]


def _lines(original: str):
    """(text, offset of its first character, offset of its line break) of every line."""
    position = 0
    for piece in original.splitlines(keepends=True):
        content = piece.splitlines()[0] if piece.splitlines() else ""
        yield content, position, position + len(content)
        position += len(piece)


def _spaced_out(tokens: list[str]) -> bool:
    """'的 发 现 、储 备': most tokens are one character (a punctuation mark aside)."""
    short = [t for t in tokens if len(t.strip("".join(vocab.SENTENCE_PUNCTUATION) + "、")) <= 1]
    return len(tokens) >= 4 and len(short) >= 3 and len(short) * 2 >= len(tokens)


def _squeeze(text: str, offset: int) -> _Chars:
    """The characters of a stripped line with the spaces that mean nothing removed: all the
    spaces around CJK characters on a spaced-out line; elsewhere those between a CJK
    character and a number ("划分网格 68个"). Other spaces (between names, in headlines) stay."""
    spaced = _spaced_out(text.split())
    chars: _Chars = []
    i = 0
    while i < len(text):
        char = text[i]
        if char not in STRIP:
            chars.append((char, offset + i))
            i += 1
            continue
        j = i
        while j < len(text) and text[j] in STRIP:
            j += 1
        before, after = text[i - 1], text[j]
        if spaced and (_is_wide(before) or _is_wide(after)):
            drop = True
        else:
            drop = (_is_wide(before) and _is_tight(after)) or (
                _is_tight(before) and _is_wide(after)
            )
            drop = drop or (before.isdigit() and after in vocab.PERCENT_SIGNS)
        if not drop:
            chars.append((" ", offset + i))
        i = j
    return chars


def is_unit_line(text: str) -> bool:
    """'玉泉区：' alone on its line: the unit of the headline that follows."""
    if len(text) < 3 or text[-1] not in vocab.UNIT_COLONS or len(text) > 25:
        return False
    unit = text[:-1].strip()
    if any(c in unit for c in vocab.SENTENCE_PUNCTUATION + "、（）()“”"):
        return False
    return unit.endswith(vocab.UNIT_SUFFIXES)


def is_author_line(text: str) -> bool:
    """'（李海珍）' alone on its line."""
    return bool(re.fullmatch(r"[（(][^（）()，。]{2,24}[）)]", text))


def split_unit_headline(text: str) -> tuple[str, str] | None:
    """'大学东路街道：党建“聚势”引领基层治理“增能”' on one line → the unit and the headline."""
    for colon in vocab.UNIT_COLONS:
        unit, found, headline = text.partition(colon)
        if found and headline and is_unit_line(unit + colon):
            if len(headline) <= 40 and not any(c in headline for c in vocab.SENTENCE_PUNCTUATION):
                return unit.strip(), headline.strip()
    return None


def is_subheading(text: str) -> bool:
    """'【在“新”上见真章，网格治理“底数”清】': a heading inside a body."""
    opening, closing = vocab.SUBHEADING_BRACKETS
    return text.startswith(opening) and text.endswith(closing)


def is_table_row(text: str) -> bool:
    """'1  乌兰社区  95.0%': cells set apart by runs of spaces."""
    return len(re.findall(r"\S(?: {2,}|\t|\u3000{2,})\S", text)) >= 2


def starts_paragraph(text: str) -> bool:
    """Lines that open a paragraph wherever they are: bullets, leads, captions, credits."""
    return (
        text[0] in vocab.BULLETS
        or text[0] == vocab.CREDIT_MARK
        or text.startswith(vocab.LEAD_OPENINGS)
        or text.startswith(vocab.CAPTION_OPENINGS)
        or is_unit_line(text)
        or is_author_line(text)
        or is_subheading(text)
        or split_unit_headline(text) is not None
    )


def _continues_across_blank(previous: str, line: str) -> bool:
    """A blank line is a column or page break, not a paragraph's end, when the text before
    it stops in the middle of a sentence: a CJK character, a digit, a comma, an opening
    quote — or a closing quote followed by an opening one ("以“听得懂”" / "“记得牢”")."""
    last, first = previous[-1], line[0]
    if is_cjk(last) or last.isdigit() or last in "，、“‘（《—":
        return True
    return last in "”’" and first in "“‘"


def _is_title(chars: _Chars) -> bool:
    """A short block without sentence punctuation is a title: a blank line ends it."""
    text = "".join(c for c, _ in chars)
    if len(text) > 40 or text.startswith(vocab.LEAD_OPENINGS):
        return False
    return not any(c in vocab.SENTENCE_PUNCTUATION + "（(" for c in text)


@dataclass
class _Block:
    role: str
    chars: _Chars


def _role(text: str, current: _Block | None, blank: bool) -> str:
    if is_unit_line(text):
        return "unit"
    if is_author_line(text):
        return "author"
    if is_subheading(text):
        return "subheading"
    if current is not None and current.role == "unit":
        return "headline"
    if current is not None and current.role == "headline" and not blank:
        return "text" if starts_paragraph(text) else "headline"
    return "text"


def _blocks(original: str) -> list[_Block]:
    blocks: list[_Block] = []
    previous: str | None = None  # the previous non-blank line (squeezed text)
    previous_break = 0
    blank = False
    lines = list(_lines(original))
    for number, (raw, start, end) in enumerate(lines):
        stripped = raw.strip(STRIP)
        if not stripped:
            blank = previous is not None
            continue
        lead = len(raw) - len(raw.lstrip(STRIP))
        following = next((line[0].strip(STRIP) for line in lines[number + 1 :]), "")
        if is_table_row(stripped) or is_table_row(following):
            # A table's rows, and the caption right above them, keep their spaces and lines.
            chars = [(c, start + lead + i) for i, c in enumerate(stripped)]
            blocks.append(_Block("table", chars))
            previous, previous_break, blank = stripped, end, False
            continue
        chars = _squeeze(stripped, start + lead)
        text = "".join(c for c, _ in chars)
        current = blocks[-1] if blocks else None
        role = _role(text, current, blank)
        joins = (
            current is not None
            and previous is not None
            and role == current.role
            and role in ("text", "headline")
            and not starts_paragraph(text)
            and not (blank and (role == "headline" or not _continues_across_blank(previous, text)))
            and not (blank and _is_title(current.chars))
            # An indented line ("　　……") opens a paragraph.
            and lead < 2
        )
        if joins:
            if role == "headline" or (previous[-1].isascii() and text[0].isascii()):
                current.chars.append((" ", previous_break))
            current.chars.extend(chars)
        else:
            if role == "text" and split_unit_headline(text) is not None:
                role = "headline"
            blocks.append(_Block(role, chars))
        previous, previous_break, blank = text, end, False
    return blocks


def normalize(original: str) -> NormalizedText:
    """The normalized text of a report, one paragraph a line."""
    if original.startswith(BOM):
        original = original[1:]
    text: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Paragraph] = []
    for block in _blocks(original):
        if text:
            text.append("\n")
            offsets.append(offsets[-1] + 1)
        start = len(text)
        for char, offset in block.chars:
            text.append(char)
            offsets.append(offset)
        paragraphs.append(Paragraph(start, len(text), block.role))
    offsets.append(len(original))
    return NormalizedText(original, "".join(text), tuple(offsets), tuple(paragraphs))
