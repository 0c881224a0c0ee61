"""Identity numbers for the demo: citizen ID numbers (GB 11643) built from Hohhot place
codes, mobile phones, unified social credit codes (GB 32100). Every number is checked by
the same validators the application uses, so the demo never stores what a form would
refuse."""

import datetime
import itertools
import random

from stdnum.cn import uscc

from banshi.people.identity import IdentityError, check_digit, normalize_phone, validate_id_number

# (place code, first year, last year, weight). python-stdnum knows when each county code
# existed: 150102-150105 from 1983, 150123/150124 from 1995, 150125 from 1996; before that
# 和林格尔, 清水河 and 武川 belonged to 乌兰察布盟 (1526xx).
CITY_PLACES = [
    ("150105", 1983, 9999, 45),
    ("150102", 1983, 9999, 10),
    ("150103", 1983, 9999, 9),
    ("150104", 1983, 9999, 9),
    ("150100", 0, 9999, 6),
    ("150121", 0, 9999, 6),
    ("150122", 0, 9999, 4),
    ("150125", 1996, 9999, 2),
    ("152621", 0, 1995, 3),
    ("150221", 0, 9999, 3),
    ("150202", 1983, 9999, 3),
]
OLD_CITY_PLACES = [
    ("150100", 0, 9999, 40),
    ("150121", 0, 9999, 15),
    ("150122", 0, 9999, 10),
    ("150221", 0, 9999, 8),
    ("152621", 0, 1995, 7),
    ("152622", 0, 1994, 5),
    ("152623", 0, 1994, 5),
]
# 清水河县: 152623 until 1994, 150124 since 1995.
QINGSHUIHE_PLACES = [("152623", 0, 1994, 1), ("150124", 1995, 9999, 1)]


class IdentityMaker:
    """Unique ID numbers and phone numbers across the whole demo."""

    def __init__(self) -> None:
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self._blocks: dict[str, bool] = {}
        self._places: dict[tuple[str, int], bool] = {}
        self._fitting_cache: dict[tuple[int, int], tuple] = {}

    def id_number(self, rng: random.Random, *, sex: str, birth: datetime.date, places=None) -> str:
        if places is None:
            places = CITY_PLACES if birth.year >= 1983 else OLD_CITY_PLACES
        codes, cum_weights = self._fitting(places, birth.year)
        born = f"{birth:%Y%m%d}"
        for _attempt in range(50):
            place = rng.choices(codes, cum_weights=cum_weights)[0]
            # The 17th digit is odd for men, even for women.
            seq = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
            first17 = f"{place}{born}{seq:03d}"
            number = first17 + check_digit(first17)
            if number in self.used_ids:
                continue
            # The check digit is right by construction; whether python-stdnum knows the
            # place code in the birth year is checked once per (place, year).
            known = self._places.get((place, birth.year))
            if known is None:
                try:
                    validate_id_number(number)
                    known = True
                except IdentityError:
                    known = False
                self._places[(place, birth.year)] = known
            if not known:
                continue
            self.used_ids.add(number)
            return number
        raise RuntimeError(f"no free ID number for {birth} {sex}")

    def _fitting(self, places, year: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The place codes of `places` in use in `year`, and their cumulative weights (from
        which random.choices draws as it would from the weights). Worked out once per list
        and year rather than for each of the hundred thousand people."""
        key = (id(places), year)
        found = self._fitting_cache.get(key)
        if found is None or found[0] is not places:
            fitting = [(c, w) for c, lo, hi, w in places if lo <= year <= hi]
            if not fitting:
                raise ValueError(f"no place code for birth year {year}")
            codes = tuple(c for c, _w in fitting)
            found = (places, codes, tuple(itertools.accumulate(w for _c, w in fitting)))
            self._fitting_cache[key] = found
        return found[1], found[2]

    _PREFIXES = [
        "139",
        "138",
        "137",
        "136",
        "135",
        "134",
        "150",
        "151",
        "152",
        "158",
        "159",
        "157",
        "187",
        "188",
        "182",
        "183",
        "130",
        "131",
        "132",
        "155",
        "156",
        "185",
        "186",
        "133",
        "153",
        "180",
        "181",
        "189",
    ]

    def phone(self, rng: random.Random) -> str:
        # Hohhot's mobile number blocks look like 139 47xx xxxx. Validity is a property of
        # the 7-digit block, so each block is checked once (resident_fields checks again).
        for _attempt in range(50):
            block = f"{rng.choice(self._PREFIXES)}47{rng.randrange(100):02d}"
            number = f"{block}{rng.randrange(10000):04d}"
            if number in self.used_phones:
                continue
            if block not in self._blocks:
                try:
                    normalize_phone(number)
                    self._blocks[block] = True
                except IdentityError:
                    self._blocks[block] = False
            if not self._blocks[block]:
                continue
            self.used_phones.add(number)
            return number
        raise RuntimeError("no free phone number")


# GB 32100 / GB 11714 alphabets and weights.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(first8: str) -> str:
    """Check character of a 9-character organization code (GB 11714)."""

    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55  # A=10 … Z=35

    c9 = 11 - sum(value(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def uscc_check(first17: str) -> str:
    """Check character of a unified social credit code (GB 32100)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code(rng: random.Random, *, place: str = "150105", used: set[str]) -> str:
    """A valid credit code of an enterprise registered with market regulation (91…),
    with a post-2015 organization code (MA…)."""
    letters = [c for c in USCC_ALPHABET if c.isalnum()]
    while True:
        first8 = "MA" + "".join(rng.choice(letters) for _ in range(6))
        org = first8 + org_code_check(first8)
        first17 = f"91{place}{org}"
        code = first17 + uscc_check(first17)
        if code not in used:
            assert uscc.is_valid(code), code
            used.add(code)
            return code
