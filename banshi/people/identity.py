"""Validation and normalisation of ID numbers, phones and names, with caches for what
repeats across a roster (the 6-digit place code of an ID number, a name's pinyin)."""

import datetime
from functools import lru_cache

import phonenumbers
from pypinyin import Style, lazy_pinyin
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


def check_digit(first17: str) -> str:
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


def validate_id_number_strict(value: str) -> str:
    """python-stdnum's own validation, uncached; used by tests to cross-check."""
    try:
        return ric.validate(value)
    except StdnumError as exc:
        raise IdentityError("公民身份号码无效") from exc


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


def normalize_phone(value: str) -> str:
    """Validated phone, national format for China (e.g. 13812345678); '' for empty."""
    number = (value or "").strip().replace(" ", "").replace("-", "")
    if not number:
        return ""
    return _phone_cached(number)


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials), both lowercase without spaces: 张三 → ('zhangsan', 'zs')."""
    syllables = lazy_pinyin(name, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(syllables).lower(), "".join(initials).lower()
