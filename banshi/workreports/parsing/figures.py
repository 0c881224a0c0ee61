"""The figures an article quotes: which numbers count something (not years, dates, ordinals,
names such as "12345" or "66路", nor the numerals of fixed terms such as "三会一课"), what
they count, the period they are about, whether they state a norm ("每网格300-500户"), and
where they are in the normalized and the original text."""

import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import jieba
import jieba.posseg

from . import vocabulary as vocab
from .articles import Article
from .normalize import NormalizedText
from .numbers import NumberMatch, find_numbers

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class FigureMention:
    article: int  # the Article.index it belongs to
    start: int  # span in the normalized text
    end: int
    original_start: int  # span in the original (decoded) text
    original_end: int
    text: str  # the number as written, with its measure word: "68231余人"
    value: Decimal  # the number; for a range, its lower bound
    low: Decimal | None  # bounds of a range or of a norm ("不少于3名"), else None
    high: Decimal | None
    approximate: bool  # "余"/"多"
    qualifier: str  # the word that qualifies the number: "余", "多", "约", "超过" … or ""
    percent: bool
    unit: str  # canonical measure word, "%" for a percentage, "" when none
    subject: str  # what it counts: "网格", "居民", "组织覆盖率" …, "" when not found
    period: str  # "2022年", "今年", "4月份", "截至目前" …, "" when the sentence names none
    sentence: str
    standard: bool  # a norm per thing ("每网格300-500户"): subject counted, per the thing
    per: str  # "网格", "村" for a norm, else ""


@dataclass(frozen=True)
class _About:
    """What the text around a number says about it."""

    subject: str
    period: str
    sentence: str
    standard: tuple[str, str] | None  # (per, link) of a norm
    qualifier: str


@cache
def _tokenizer() -> jieba.posseg.POSTokenizer:
    """A private jieba tokenizer that knows the counted nouns (the global one stays as is)."""
    tokenizer = jieba.Tokenizer()
    for term in vocab.SUBJECT_TERMS:
        tokenizer.add_word(term, 100_000, "n")
    return jieba.posseg.POSTokenizer(tokenizer)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in _tokenizer().cut(text)]


@cache
def _protected_pattern() -> re.Pattern:
    terms = sorted(vocab.PROTECTED_TERMS, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms))


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _protected_pattern().finditer(text)]


def _delimits(text: str, index: int) -> bool:
    """Whether text[index] ends a clause; the comma of "68,231" does not."""
    char = text[index]
    if char == "," and 0 < index < len(text) - 1:
        return not (text[index - 1].isdigit() and text[index + 1].isdigit())
    return char in vocab.CLAUSE_DELIMITERS


def _clause_start(text: str, position: int) -> int:
    index = position
    while index > 0 and not _delimits(text, index - 1):
        index -= 1
    return index


def _clause_end(text: str, position: int) -> int:
    index = position
    while index < len(text) and not _delimits(text, index):
        index += 1
    return index


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in vocab.SENTENCE_DELIMITERS:
        left -= 1
    right = end
    while right < len(text) and text[right] not in vocab.SENTENCE_DELIMITERS:
        right += 1
    if right < len(text) and text[right] != "\n":
        right += 1
    return left, right


def _is_verb(word: str, flag: str) -> bool:
    if word in vocab.SUBJECT_TERMS:
        return False
    return word in vocab.VERBS or (flag.startswith("v") and flag != "vn")


def _strip_quotes(text: str) -> str:
    return text.strip(vocab.QUOTES_OPEN + vocab.QUOTES_CLOSE + " ")


def _known_prefix(text: str) -> str:
    return max((t for t in vocab.SUBJECT_TERMS if text.startswith(t)), key=len, default="")


def _known_suffix(text: str) -> str:
    return max((t for t in vocab.SUBJECT_TERMS if text.endswith(t)), key=len, default="")


def subject_after(text: str) -> str:
    """The noun a number counts when it follows the measure word: '6个社区按照……' → 社区,
    '4家“红蜂驿站”' → 红蜂驿站, '3-5名可进班子的后备人选' → 后备人选; '' when a verb follows."""
    text = text.lstrip()
    if not text or text.startswith(vocab.DE):
        return ""  # "300-500户的标准": the number and its unit modify what follows
    if text[0] in vocab.QUOTES_OPEN:
        closing = next((i for i, c in enumerate(text) if c in vocab.QUOTES_CLOSE), len(text))
        return _strip_quotes(text[: closing + 1])
    tokens = _tokens(text)
    if vocab.DE in (word for word, _ in tokens):
        cut = next(i for i, (word, _) in enumerate(tokens) if word == vocab.DE)
        head = tokens[:cut]
        modifier = not head or head[0][1][0] in "vadp" and head[0][0] not in vocab.SUBJECT_TERMS
        if modifier:
            last = max(i for i, (word, _) in enumerate(tokens) if word == vocab.DE)
            return subject_after("".join(word for word, _ in tokens[last + 1 :]))
        tokens = head
    known = _known_prefix(text)
    words = []
    for word, flag in tokens:
        if word in vocab.STOP_WORDS_AFTER or word[0] in vocab.QUOTES_OPEN + vocab.QUOTES_CLOSE:
            break
        if _is_verb(word, flag) or flag[0] in "pcur" or (not words and flag[0] in "mq"):
            if not words or len("".join(words)) < len(known):
                return known
            break
        words.append(word)
    phrase = "".join(words)
    return known if len(known) > len(phrase) else phrase


def subject_before(text: str, unit: str = "") -> str:
    """The noun a number counts when it precedes the number: '划分网格' → 网格, '选配楼栋长' →
    楼栋长, '组建的雷锋志愿服务队注册人数达' → 雷锋志愿服务队, '12345便民热线表扬' → 表扬."""
    text = _strip_quotes(text)
    changed = True
    while changed:
        changed = False
        for word in vocab.LINK_WORDS:
            if text.endswith(word):
                text, changed = text[: -len(word)], True
        for suffix in vocab.COUNT_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    for conjunction in vocab.CONJUNCTIONS:
        if conjunction in text:
            text = text.rsplit(conjunction, 1)[1]
    periods = list(vocab.PERIOD_PATTERN.finditer(text))
    if periods:
        text = text[periods[-1].end() :]  # "4月份完成排查": the period is not the noun
    text = _strip_quotes(text)
    if not text:
        return ""
    known = _known_suffix(text)
    if known:
        return known  # a counted noun the vocabulary knows ("便民热线表扬" → 表扬)
    tokens = _tokens(text)
    # Trailing actions: "入户走访345次" counts visits, "已走访9,870户" households visited,
    # "应办结900件" cases due; "口罩发放2000个" counts the masks before the verb.
    verbs: list[str] = []
    while tokens and tokens[-1][0] in vocab.VERBS:
        verbs.insert(0, tokens.pop()[0])
    while verbs and tokens and tokens[-1][0] in vocab.ASPECT_WORDS:
        verbs.insert(0, tokens.pop()[0])
    noun = _noun_phrase(tokens)
    if verbs and (unit in vocab.VERBAL_UNITS or unit in vocab.NOUN_UNITS or not noun):
        return "".join(verbs)
    return noun


def _noun_phrase(tokens: list[tuple[str, str]]) -> str:
    """The words after the last verb, preposition, numeral or particle."""
    cut = 0
    for i, (word, flag) in enumerate(tokens):
        if word in vocab.VERBS or word == vocab.DE or flag[0] in "pmqcr":
            cut = i + 1
    if all(flag[0] in "ad" for _, flag in tokens[cut:]):
        return ""  # "按时签收": an adverb is no noun
    phrase = "".join(word for word, _ in tokens[cut:]).lstrip(vocab.LEADING_PARTICLES)
    return _strip_quotes(phrase)


def _standard(clause_before: str) -> tuple[str, str] | None:
    """'按照每网格' → ('网格', ''); '确保每村都有' → ('村', '都有')."""
    match = vocab.STANDARD_PATTERN.search(clause_before)
    if match is None:
        return None
    return match.group("per"), match.group("link") or ""


def _inside_closed_parentheses(text: str, start: int, position: int) -> bool:
    """'（上月93.1%）；应办结900件': a period in parentheses closed before the figure."""
    return any(c in "）)" for c in text[start:position]) and text.rfind("（", 0, start) > max(
        text.rfind("）", 0, start), text.rfind("(", 0, start)
    )


def _period(text: str, sentence_start: int, position: int, paragraph_start: int) -> str:
    """The last period named in the sentence before the figure; else the last one named
    earlier in its paragraph ("今年，……。……")."""
    for start in (sentence_start, paragraph_start):
        found = [
            m.group()
            for m in vocab.PERIOD_PATTERN.finditer(text, start, position)
            if not _inside_closed_parentheses(text, m.start(), position)
        ]
        if found:
            return found[-1]
    return ""


def _qualifier_before(text: str, start: int) -> str:
    before = text[max(0, start - 2) : start]
    return next((q for q in vocab.QUALIFIERS_BEFORE if before.endswith(q)), "")


QUOTED_WORD_CHARS = 6


def _quoted_word(text: str, number: NumberMatch) -> bool:
    """Whether the number stands inside a short quotation of its own: “三天”, “三味”."""
    opening = text.rfind("“", max(0, number.start - QUOTED_WORD_CHARS), number.start + 1)
    if opening < 0 or "”" in text[opening : number.start]:
        return False
    closing = text.find("”", number.end, number.end + QUOTED_WORD_CHARS)
    return closing >= 0 and closing - opening - 1 <= QUOTED_WORD_CHARS


def _is_figure(text: str, number: NumberMatch, protected: list[tuple[int, int]]) -> bool:
    if any(s < number.end and number.start < e for s, e in protected):
        return False
    before = text[number.start - 1] if number.start else ""
    after = text[number.end] if number.end < len(text) else ""
    if before in vocab.ORDINAL_BEFORE or (before.isascii() and before.isalnum()):
        return False
    if after.isascii() and after.isalpha() and not number.unit:
        return False
    if number.chinese and number.value == 1 and number.high is None:
        return False  # "一": an article ("一场", "一名"), rarely a count
    if number.chinese and _quoted_word(text, number):
        return False  # "出现最多的词是“三天”": a word quoted, not a count
    if before == vocab.EVERY and number.chinese:
        return False  # "每一名党员": every member
    if text.startswith(vocab.NAME_AFTER, number.end):
        return False  # "12345便民热线": a name (without a unit it would not count anyway)
    return bool(number.unit or number.percent or number.multiplied or number.approximate)


def extract_from_text(
    text: str, *, paragraph_start: int = 0, start: int = 0, end: int | None = None
) -> list[tuple[NumberMatch, _About]]:
    """The figures of text[start:end] with what the text says about each (subject, period,
    sentence, norm, qualifier). Paragraph_start is where the figure's paragraph begins."""
    end = len(text) if end is None else end
    protected = _protected_spans(text)
    results = []
    for local in find_numbers(text[start:end]):
        number = replace(local, start=local.start + start, end=local.end + start)
        if not _is_figure(text, number, protected):
            continue
        clause_start = max(_clause_start(text, number.start), paragraph_start)
        clause_before = text[clause_start : number.start]
        qualifier = _qualifier_before(text, number.start)
        if qualifier:
            clause_before = clause_before[: -len(qualifier)]
        after = text[number.end : _clause_end(text, number.end)]
        average = any(word in clause_before for word in vocab.AVERAGE_WORDS)
        standard = None if average else _standard(clause_before)
        subject = subject_after(after)
        if not subject and standard is None:
            subject = subject_before(clause_before, number.unit)
        opener = text[clause_start - 1] if clause_start > paragraph_start else ""
        if not subject and opener in "（(" and results and results[-1][0].end == clause_start - 1:
            subject = results[-1][1].subject  # "响应率95.5%（上月93.1%）"
        if not subject and number.unit in vocab.NOUN_UNITS:
            subject = number.unit
        if not subject and opener in "，,":
            # "XX覆盖率最高，为44.7%": the noun is in the clause before.
            previous = text[
                max(_clause_start(text, clause_start - 1), paragraph_start) : clause_start - 1
            ]
            for word in vocab.COMPARATIVES:
                previous = previous.removesuffix(word)
            subject = subject_before(previous, number.unit)
            if subject.endswith(vocab.PLACE_SUFFIXES) and results:
                subject = results[-1][1].subject  # "……最高，为60%；画报社区最低，为30%"
        sentence_start, sentence_end = _sentence_bounds(text, number.start, number.end)
        about = _About(
            subject=subject,
            period=_period(text, sentence_start, number.start, paragraph_start),
            sentence=text[sentence_start:sentence_end].strip(),
            standard=standard,
            qualifier=number.mark or qualifier,
        )
        results.append((number, about))
    return results


def extract_figures(
    normalized: NormalizedText, articles: tuple[Article, ...]
) -> list[FigureMention]:
    """Every figure of the articles' bodies (captions, headlines and bylines aside)."""
    text = normalized.text
    mentions = []
    for article in articles:
        for span in article.body_spans:
            paragraph_start = text.rfind("\n", 0, span.start) + 1
            for number, about in extract_from_text(
                text, paragraph_start=paragraph_start, start=span.start, end=span.end
            ):
                mentions.append(_mention(normalized, article.index, number, about))
    return mentions


def _mention(
    normalized: NormalizedText, article: int, number: NumberMatch, about: _About
) -> FigureMention:
    standard = about.standard
    low = high = None
    if number.high is not None:
        low, high = number.value, number.high
    elif standard is not None and standard[1] in vocab.LOWER_BOUND_WORDS:
        low = number.value
    elif standard is not None and standard[1] in vocab.UPPER_BOUND_WORDS:
        high = number.value
    elif about.qualifier in vocab.LOWER_BOUND_WORDS:
        low = number.value
    elif about.qualifier in vocab.UPPER_BOUND_WORDS:
        high = number.value
    original_start, original_end = normalized.to_original(number.start, number.end)
    return FigureMention(
        article=article,
        start=number.start,
        end=number.end,
        original_start=original_start,
        original_end=original_end,
        text=number.text,
        value=number.value,
        low=low,
        high=high,
        approximate=number.approximate,
        qualifier=about.qualifier,
        percent=number.percent,
        unit=number.unit,
        subject=about.subject,
        period=about.period,
        sentence=about.sentence,
        standard=standard is not None,
        per=standard[0] if standard else "",
    )
