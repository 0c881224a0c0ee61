"""Numbers in a sentence: Arabic ("68231", "6.8万") and Chinese ("三十六", "两百") numerals,
ranges ("300-500", "3至5"), the "余"/"多" that make a number a lower bound, percentages and
the measure word after a number. What a number counts is figures.py's business."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from . import vocabulary as vocab

# "68,231" (thousands separated, as the monthly report prints them) or "68231", "6.8万".
_ARABIC = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)?[{''.join(vocab.MULTIPLIERS)}]?"
_CHINESE = rf"[{vocab.CHINESE_DIGITS[:-2]}][{vocab.CHINESE_DIGITS}]*"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
_UNITS = "|".join(re.escape(u) for u in sorted(vocab.UNITS, key=len, reverse=True))
_SEPARATORS = "".join(re.escape(c) for c in vocab.RANGE_SEPARATORS)
PATTERN = re.compile(
    rf"(?P<percent_word>{vocab.PERCENT_WORD})?"
    rf"(?P<low>{_NUMBER})"
    rf"(?:\s*[{_SEPARATORS}]\s*(?P<high>{_NUMBER}))?"
    rf"(?P<mark>[{vocab.APPROXIMATE_MARKS}])?"
    rf"(?:(?P<percent>[{vocab.PERCENT_SIGNS}])|(?P<unit>{_UNITS}))?"
)


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    text: str
    value: Decimal
    high: Decimal | None  # the upper bound of a range ("300-500"), else None
    approximate: bool  # "余"/"多": at least value, less than one unit of its last digit more
    mark: str  # that "余" or "多", else ""
    percent: bool
    unit: str  # the canonical measure word ("平方米" for "㎡"), "%" or ""
    multiplied: bool  # the number carried 万/亿
    chinese: bool  # written in Chinese numerals


def _integral(value: Decimal) -> Decimal:
    return Decimal(int(value)) if value == value.to_integral_value() else value


def chinese_value(text: str) -> Decimal | None:
    """'三十六' → 36, '两百' → 200, '百' → 100; None for what is not a numeral."""
    if text in vocab.BARE_CHINESE:
        return Decimal(vocab.BARE_CHINESE[text])
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    try:
        return _integral(Decimal(str(value)))
    except InvalidOperation:
        return None


def number_value(text: str) -> tuple[Decimal, bool, bool] | None:
    """The value of a numeral, whether it carried 万/亿, and whether it is Chinese."""
    if text[0].isdigit():
        multiplier = vocab.MULTIPLIERS.get(text[-1], 1)
        digits = (text[:-1] if multiplier != 1 else text).replace(",", "")
        try:
            return _integral(Decimal(digits) * multiplier), multiplier != 1, False
        except InvalidOperation:
            return None
    value = chinese_value(text)
    if value is None:
        return None
    return value, any(c in text for c in vocab.MULTIPLIERS), True


def _unit_is_word(text: str, match: re.Match) -> bool:
    """'一次性', '3名单': the measure word starts another word."""
    unit = match.group("unit")
    if not unit:
        return False
    following = text[match.end() : match.end() + 1]
    return bool(following) and following in vocab.UNIT_WORD_ENDINGS.get(unit, "")


def find_numbers(text: str) -> list[NumberMatch]:
    """Every numeral of text with what is written around it, figures or not."""
    found = []
    for match in PATTERN.finditer(text):
        low = number_value(match.group("low"))
        if low is None:
            continue
        value, multiplied, chinese = low
        high = None
        if match.group("high"):
            parsed = number_value(match.group("high"))
            if parsed is None:
                continue
            high = parsed[0]
            multiplied = multiplied or parsed[1]
            # "3-5万": the multiplier of the upper bound is the lower's too.
            if parsed[1] and not low[1] and match.group("low")[0].isdigit():
                value = _integral(value * vocab.MULTIPLIERS[match.group("high")[-1]])
        end = match.end()
        unit = match.group("unit") or ""
        if _unit_is_word(text, match):
            end -= len(unit)
            unit = ""
        percent = bool(match.group("percent") or match.group("percent_word"))
        found.append(
            NumberMatch(
                start=match.start(),
                end=end,
                text=text[match.start() : end],
                value=value,
                high=high,
                approximate=bool(match.group("mark")),
                mark=match.group("mark") or "",
                percent=percent,
                unit="%" if percent else vocab.UNITS.get(unit, unit),
                multiplied=multiplied,
                chinese=chinese,
            )
        )
    return found
