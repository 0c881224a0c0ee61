"""Validation and normalisation of ID numbers, phones and names, with caches for what
repeats across a roster (the 6-digit place code of an ID number, a name's pinyin)."""

import datetime
import re
from functools import lru_cache
from operator import mul

import phonenumbers
from pypinyin import lazy_pinyin
from pypinyin.constants import RE_HANS
from pypinyin.seg.mmseg import p_set as _PHRASE_PREFIXES
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


class IdentityError(ValueError):
    """A value that cannot be accepted; the message is for the user (Chinese)."""


@lru_cache(maxsize=65536)
def _place_code_known(code: str, year: int) -> bool:
    # python-stdnum looks the 6-digit county code up in its table (and checks the county
    # existed in the birth year); that lookup is most of ric.validate's time, and the same
    # few (code, year) pairs repeat across a roster.
    try:
        ric.get_birth_place(f"{code}{year:04d}01010010")
        return True
    except StdnumError:
        return False


_WEIGHTED_ZEROS = ord("0") * sum(_WEIGHTS)


def check_digit(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # The same weighted sum over the ASCII codes, less what the '0's contribute.
        return _CHECK[(sum(map(mul, first17.encode(), _WEIGHTS)) - _WEIGHTED_ZEROS) % 11]
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> tuple[str, str, datetime.date]:
    """Return (normalised ID, sex 'M'/'F', birth date) or raise IdentityError.

    Same checks as stdnum.cn.ric.validate (length, digits, birth date, place code, check
    digit), with the place code lookup cached.
    """
    number = (value or "").strip().upper().replace(" ", "")
    if not number:
        raise IdentityError("公民身份号码为空")
    if len(number) != 18:
        raise IdentityError("公民身份号码应为18位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdentityError("公民身份号码含有非法字符")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError("公民身份号码中的出生日期无效") from None
    if birth > datetime.date.today() or birth.year < 1900:
        raise IdentityError("公民身份号码中的出生日期无效")
    if not _place_code_known(number[:6], birth.year):
        raise IdentityError("公民身份号码中的地区码无效")
    if check_digit(number[:17]) != number[17]:
        raise IdentityError("公民身份号码校验位错误")
    sex = "M" if int(number[16]) % 2 else "F"
    return number, sex, birth


@lru_cache(maxsize=65536)
def _phone_cached(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        raise IdentityError("联系电话格式无效") from None
    if not phonenumbers.is_valid_number(parsed):
        raise IdentityError("联系电话不是有效号码")
    if parsed.country_code == 86:
        return (
            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
            .replace(" ", "")
            .replace("-", "")
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _is_plain_cn_mobile(number: str) -> bool:
    # 11 ASCII digits 13x-19x (not 179x): phonenumbers.parse(number, "CN") keeps these digits
    # as the national number unchanged (CN's national prefix for parsing only strips 0, 11xx,
    # 12xx and 179xx), and the national format of a valid one is the same 11 digits.
    return (
        len(number) == 11
        and number.isascii()
        and number.isdigit()
        and number[0] == "1"
        and number[1] in "3456789"
        and not number.startswith("179")
    )


_CN = phonenumbers.PhoneMetadata.metadata_for_region("CN")
_CN_GENERAL = re.compile(_CN.general_desc.national_number_pattern)
_CN_MOBILE = re.compile(_CN.mobile.national_number_pattern)


def _valid_cn_mobile(number: str) -> bool:
    """phonenumbers.is_valid_number for the number parse() would build from these digits.

    is_valid_number is "matches CN's general pattern and one of its number types"; a number
    that matches the general and the mobile patterns is therefore valid without trying the
    nine types phonenumbers checks before mobile. Anything else takes the full check.
    """
    if (
        not _CN.same_mobile_and_fixed_line_pattern
        and len(number) in _CN.general_desc.possible_length
        and len(number) in _CN.mobile.possible_length
        and _CN_MOBILE.fullmatch(number)
        and _CN_GENERAL.fullmatch(number)
    ):
        return True
    parsed = phonenumbers.PhoneNumber(country_code=86, national_number=int(number))
    return phonenumbers.is_valid_number(parsed)


def normalize_phone(value: str) -> str:
    """Validated phone, national format for China (e.g. 13812345678); '' for empty."""
    number = (value or "").strip().replace(" ", "").replace("-", "")
    if not number:
        return ""
    if _is_plain_cn_mobile(number):
        # Mobile numbers rarely repeat across a roster, so skip the cache and the full parse:
        # the same validity check on the number phonenumbers.parse would have built.
        if not _valid_cn_mobile(number):
            raise IdentityError("联系电话不是有效号码")
        return number
    return _phone_cached(number)


_CHAR_SYLLABLES: dict[str, list[str]] = {}


def _char_syllables(char: str) -> list[str]:
    found = _CHAR_SYLLABLES.get(char)
    if found is None:
        found = _CHAR_SYLLABLES[char] = lazy_pinyin(char, errors="ignore")
    return found


def _syllables(name: str) -> list[str]:
    """lazy_pinyin(name, errors="ignore"), character by character when that is the same.

    pypinyin splits a run of Han characters into the longest words of its phrase dictionary
    (mmseg.seg over the prefix set p_set) and converts each word on its own. When no two
    adjacent characters begin a phrase, every word is a single character, so the name's
    syllables are those of its characters, which repeat far more than whole names do.
    """
    try:
        parts = [_CHAR_SYLLABLES[c] for c in name]  # Han characters seen before
    except KeyError:
        if not all(RE_HANS.match(c) for c in name):
            return lazy_pinyin(name, errors="ignore")
        parts = [_char_syllables(c) for c in name]
    for i in range(len(name) - 1):
        if name[i : i + 2] in _PHRASE_PREFIXES:
            return lazy_pinyin(name, errors="ignore")
    return [s for part in parts for s in part]


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials), both lowercase without spaces: 张三 → ('zhangsan', 'zs')."""
    # One conversion: pypinyin's FIRST_LETTER style is the first letter of the NORMAL style
    # syllable (style/others.py), and the segmentation does not depend on the style.
    syllables = _syllables(name)
    return "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()
