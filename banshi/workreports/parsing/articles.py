"""A report's articles: which paragraphs are bodies, headlines, bylines and captions, and
which headline goes with which body when the page prints them apart (a block of headlines
near the top, a headline after its body). A headline's unit names a place or an
organization; a body names it in its first paragraphs, and that is how they are matched."""

import re
from dataclasses import dataclass, field

from . import vocabulary as vocab
from .normalize import NormalizedText, Paragraph, TextSpan, split_unit_headline

BRIEF = "brief"  # a short item opened by "●", its author in parentheses
STORY = "story"  # a body under a lead "本报讯（记者 …）" or a headline
PHOTO = "photo"  # a picture's text: a caption "图为……" and/or a credit "■本报记者 … 摄"


@dataclass(frozen=True)
class Credit:
    name: str
    role: str  # "reporter", "correspondent", "intern", "photographer" or "author"


@dataclass(frozen=True)
class Article:
    index: int
    kind: str  # BRIEF, STORY or PHOTO
    headline: str  # "" when the page prints none
    unit: str  # the unit prefix of the headline ("大学东路街道"), "" when none
    authors: tuple[str, ...]
    credits: tuple[Credit, ...]
    body: str  # the body's paragraphs (lead, byline and captions left out), one a line
    span: TextSpan  # the body in the normalized text, from its first paragraph to its last
    body_spans: tuple[TextSpan, ...]  # the pieces of normalized text that make up body
    headline_span: TextSpan | None
    captions: tuple[str, ...]


@dataclass(frozen=True)
class PageLayout:
    """What of the page is not an article: section titles ("我为群众办实事") and headlines
    no body could be found for."""

    sections: tuple[str, ...]
    orphan_headlines: tuple[str, ...]


@dataclass
class _Headline:
    position: int  # paragraph index of its first paragraph
    unit: str
    text: str
    span: TextSpan | None


@dataclass
class _Body:
    kind: str
    position: int
    spans: list[TextSpan] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    headline: _Headline | None = None


def _names(text: str) -> list[str]:
    return [name for name in re.split(r"[\s、，,]+", text) if name]


def parse_byline(text: str, default_role: str = "author") -> list[Credit]:
    """'记者 梁婧姝 通讯员 吕喜燕 潘磊' → 梁婧姝 (reporter), 吕喜燕 and 潘磊 (correspondents)."""
    credits = []
    role = default_role
    for word in _names(text):
        if word in vocab.CREDIT_ROLES:
            role = vocab.CREDIT_ROLES[word]
            continue
        for prefix, prefix_role in vocab.CREDIT_ROLES.items():
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                word, role = word[len(prefix) :], prefix_role
                break
        credits.append(Credit(word, role))
    return credits


def _lead(text: str) -> tuple[list[Credit], int] | None:
    """The byline of a lead '本报讯（记者 阿柔娜）' and where the body starts after it."""
    if not text.startswith(vocab.LEAD_OPENINGS):
        return None
    match = vocab.LEAD_PATTERN.match(text)
    if match is None:
        opening = next(o for o in vocab.LEAD_OPENINGS if text.startswith(o))
        return [], len(opening)
    return parse_byline(match.group(1), "reporter"), match.end()


def _photo_credit(text: str) -> list[Credit] | None:
    """'■本报记者 杨彩霞 摄' → 杨彩霞 (photographer)."""
    stripped = text.lstrip(vocab.CREDIT_MARK).strip()
    if not text.startswith(vocab.CREDIT_MARK) or not stripped.endswith(vocab.PHOTO_VERB):
        return None
    stripped = stripped[: -len(vocab.PHOTO_VERB)].strip()
    for prefix in vocab.PHOTO_BYLINE_PREFIXES:
        if stripped.startswith(prefix):
            stripped = stripped[len(prefix) :]
            break
    return [Credit(name, "photographer") for name in _names(stripped)]


def _trailing_author(text: str) -> tuple[list[Credit], int] | None:
    """A brief's author at the end of its last paragraph: '……治理实效。 （阿柔娜）'."""
    match = re.search(r"\s*[（(]([^（）()，。]{2,24})[）)]$", text)
    if match is None or match.start() == 0:
        return None
    return parse_byline(match.group(1)), match.start()


def _is_title(text: str) -> bool:
    """A short line with no sentence punctuation: a section title or a headline."""
    return len(text) <= 40 and not any(c in text for c in vocab.SENTENCE_PUNCTUATION)


def _place(unit: str) -> str:
    """The place a unit's name starts with: '土左旗新时代文明实践服务中心' → '土左旗'."""
    best = ""
    for suffix in vocab.PLACE_SUFFIXES:
        index = unit.find(suffix)
        while index > 0:
            candidate = unit[: index + len(suffix)]
            if len(candidate) > len(best) and candidate != unit:
                best = candidate
            index = unit.find(suffix, index + 1)
    return best if len(best) >= 2 else ""


def unit_keys(unit: str) -> list[str]:
    """The names under which a body may mention a headline's unit, most specific first."""
    keys = [unit]
    for short, full in vocab.UNIT_ALIASES.items():
        if short in unit:
            keys.append(unit.replace(short, full))
    place = _place(unit)
    if place:
        keys.append(place)
        keys.extend(place.replace(s, f) for s, f in vocab.UNIT_ALIASES.items() if s in place)
    return [k for k in dict.fromkeys(keys) if k]


def canonical_unit(unit: str) -> str:
    """The unit with its short names spelled out ('土左旗' → '土默特左旗'), for the Django side."""
    for short, full in vocab.UNIT_ALIASES.items():
        if short in unit and full not in unit:
            unit = unit.replace(short, full)
    return unit


class _Segmenter:
    def __init__(self, normalized: NormalizedText):
        self.n = normalized
        self.bodies: list[_Body] = []
        self.headlines: list[_Headline] = []
        self.titles: list[_Headline] = []
        self.current: _Body | None = None
        self.pending_unit: tuple[int, str] | None = None

    def _open(self, kind: str, position: int, paragraph: Paragraph) -> _Body:
        body = _Body(kind, position, start=paragraph.start, end=paragraph.end)
        self.bodies.append(body)
        self.current = body
        return body

    def _add(self, body: _Body, start: int, end: int) -> None:
        while start < end and self.n.text[start] in " \u3000":
            start += 1
        if start < end:
            body.spans.append(TextSpan(start, end))
        body.end = max(body.end, end)

    def run(self) -> None:
        for position, paragraph in enumerate(self.n.paragraphs):
            self._paragraph(position, paragraph, self.n.paragraph_text(paragraph))

    def _paragraph(self, position: int, paragraph: Paragraph, text: str) -> None:
        start, end = paragraph.start, paragraph.end
        if paragraph.role == "unit":
            self.current = None
            self.pending_unit = (position, text[:-1].strip())
            return
        if paragraph.role in ("subheading", "table"):
            return
        if paragraph.role == "headline":
            unit_position, unit = self.pending_unit or (position, "")
            one_line = None if self.pending_unit else split_unit_headline(text)
            if one_line is not None:
                unit, text = one_line
                start = end - len(text)
            self.headlines.append(_Headline(unit_position, unit, text, TextSpan(start, end)))
            self.pending_unit = None
            return
        if paragraph.role == "author":
            if self.current is not None:
                self.current.credits.extend(parse_byline(text[1:-1]))
                self.current.end = end
                if self.current.kind == BRIEF:
                    self.current = None
            return
        photo = _photo_credit(text)
        if photo is not None:
            if self.current is None:
                self._open(PHOTO, position, paragraph)
            if not any(c.role in ("reporter", "correspondent") for c in self.current.credits):
                self.current.kind = PHOTO
            self.current.credits.extend(photo)
            self.current.end = end
            self.current = None
            return
        if text.startswith(vocab.CAPTION_OPENINGS) and self.current is not None:
            self.current.captions.append(text)
            self.current.end = end
            if not any(c.role in ("reporter", "correspondent") for c in self.current.credits):
                self.current.kind = PHOTO
            return
        if text[0] in vocab.BULLETS:
            body = self._open(BRIEF, position, paragraph)
            self._brief_text(body, start + 1, end, text[1:])
            return
        lead = _lead(text)
        if lead is not None:
            credits, offset = lead
            body = self._open(STORY, position, paragraph)
            body.credits.extend(credits)
            self._add(body, start + offset, end)
            return
        if self.current is None and _is_title(text):
            self.titles.append(_Headline(position, "", text, TextSpan(start, end)))
            return
        if self.current is None:
            self._open(STORY, position, paragraph)
        if self.current.kind == BRIEF:
            self._brief_text(self.current, start, end, text)
        else:
            self._add(self.current, start, end)

    def _brief_text(self, body: _Body, start: int, end: int, text: str) -> None:
        author = _trailing_author(text)
        if author is None:
            self._add(body, start, end)
            return
        credits, cut = author
        self._add(body, start, start + cut)
        body.credits.extend(credits)
        body.end = end
        self.current = None


def _mentions(body: _Body, text: str, keys: list[str]) -> float:
    """How strongly a body names a unit: in its first paragraph, or anywhere."""
    pieces = [text[s.start : s.end] for s in body.spans]
    first = pieces[0] if pieces else ""
    for weight, key in zip((4.0, 3.0, 2.5, 2.0), keys[:4], strict=False):
        if key in first:
            return weight
    whole = "".join(pieces)
    return 1.5 if any(key in whole for key in keys) else 0.0


def _match_headlines(segmenter: _Segmenter) -> list[_Headline]:
    """Give each headline the body that names its unit, the nearest one breaking ties; with
    no unit named, the body right after it. Briefs carry no headline."""
    text = segmenter.n.text
    orphans = []
    for headline in segmenter.headlines:
        free = [b for b in segmenter.bodies if b.kind != BRIEF and b.headline is None]
        keys = unit_keys(headline.unit) if headline.unit else []
        best, best_score = None, 0.0
        for body in free:
            score = _mentions(body, text, keys) if keys else 0.0
            after = [b for b in segmenter.bodies if b.position > headline.position]
            before = [b for b in segmenter.bodies if b.position < headline.position]
            if after and body is after[0]:
                score += 1.0
            elif before and body is before[-1]:
                score += 0.5
            distance = abs(body.position - headline.position) / 1000
            if score - distance > best_score:
                best, best_score = body, score - distance
        if best is None:
            orphans.append(headline)
        else:
            best.headline = headline
    return orphans


def split_articles(normalized: NormalizedText) -> tuple[tuple[Article, ...], PageLayout]:
    """The articles of a normalized report, in the order their bodies appear, and the rest
    of its layout."""
    segmenter = _Segmenter(normalized)
    segmenter.run()
    orphans = _match_headlines(segmenter)
    sections = []
    for title in segmenter.titles:
        following = [b for b in segmenter.bodies if b.position == title.position + 1]
        if following and following[0].kind != BRIEF and following[0].headline is None:
            following[0].headline = title
        else:
            sections.append(title.text)
    articles = []
    bodies = [b for b in segmenter.bodies if b.spans or b.captions]
    for index, body in enumerate(sorted(bodies, key=lambda b: b.start)):
        headline = body.headline
        articles.append(
            Article(
                index=index,
                kind=body.kind,
                headline=headline.text if headline else "",
                unit=headline.unit if headline else "",
                authors=tuple(dict.fromkeys(c.name for c in body.credits)),
                credits=tuple(body.credits),
                body="\n".join(normalized.text[s.start : s.end] for s in body.spans),
                span=TextSpan(body.start, body.end),
                body_spans=tuple(body.spans),
                headline_span=headline.span if headline else None,
                captions=tuple(body.captions),
            )
        )
    layout = PageLayout(tuple(sections), tuple(h.text for h in orphans))
    return tuple(articles), layout
