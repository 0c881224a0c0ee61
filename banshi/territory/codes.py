"""Statistical division codes (GB/T 2260 + township + village digits).

A 12-digit code: digits 1-6 county (1-2 province, 3-4 city, 5-6 county), 7-9 township
(001-099 street, 100-199 town, 200-399 township), 10-12 community/village. A grid code is
its community's code plus a 3-digit sequence. The *prefix* of a code is its significant
digits, so a subtree is every code that starts with the prefix.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CITY, DISTRICT, STREET, COMMUNITY, GRID = 1, 2, 3, 4, 5
# The significant digits of a code at each level; a grid's code is all significant.
LEVEL_PREFIX_LEN = {CITY: 4, DISTRICT: 6, STREET: 9, COMMUNITY: 12}
PREFIX_LEN = {**LEVEL_PREFIX_LEN, GRID: 15}
LEVEL_OF_PREFIX_LEN = {n: level for level, n in PREFIX_LEN.items()}
# The levels a figure can exist at.
REGION_LEVELS = frozenset({CITY, DISTRICT, STREET, COMMUNITY})
ALL_LEVELS = REGION_LEVELS | {GRID}
ABOVE_COMMUNITY = frozenset({CITY, DISTRICT, STREET})
REGION_CODE_LEN = 12
GRID_CODE_LEN = 15

STREET_KINDS = {"street": (1, 99), "town": (100, 199), "township": (200, 399)}


def level_of(code: str) -> int:
    validate_region_code(code)
    if code[4:] == "00000000":
        return CITY
    if code[6:] == "000000":
        return DISTRICT
    if code[9:] == "000":
        return STREET
    return COMMUNITY


def prefix_of(code: str) -> str:
    if len(code) == GRID_CODE_LEN:
        return code
    return code[: LEVEL_PREFIX_LEN[level_of(code)]]


# --- prefixes: the significant digits of a region (4, 6, 9 or 12) or a grid (15) ---------


def level_of_prefix(prefix: str) -> int | None:
    """The level a prefix stands for (CITY … GRID), or None for a length no level has."""
    return LEVEL_OF_PREFIX_LEN.get(len(prefix or ""))


def is_grid_prefix(prefix: str) -> bool:
    return len(prefix or "") == GRID_CODE_LEN


def is_region_prefix(prefix: str) -> bool:
    """A region's prefix (a city, district, street or community), not a grid's."""
    return len(prefix or "") in LEVEL_OF_PREFIX_LEN and not is_grid_prefix(prefix)


def padded(prefix: str) -> str:
    """The full code a prefix stands for: a region's 12 digits (a grid's code is its own)."""
    if is_grid_prefix(prefix):
        return prefix
    return prefix.ljust(REGION_CODE_LEN, "0")


def prefix_at(prefix: str, level: int) -> str:
    """The prefix of the ancestor at `level` (or of the node itself)."""
    return prefix[: PREFIX_LEN[level]]


def parent_prefix(prefix: str) -> str | None:
    """The prefix of the node one level up (grid → community → street → district → city),
    or None for a city."""
    level = level_of_prefix(prefix)
    if level is None or level == CITY:
        return None
    return prefix_at(prefix, level - 1)


def at_least(prefix: str, level: int) -> bool:
    """Whether the prefix stands for a node at `level` or above (a street prefix is at least
    a street; a community's is not)."""
    own = level_of_prefix(prefix)
    return own is not None and own <= level


def validate_region_code(code: str) -> None:
    if not isinstance(code, str) or len(code) != 12 or not code.isdigit():
        raise ValidationError(_("区划代码必须是12位数字：%(code)s") % {"code": code})
    if code[2:4] == "00":
        raise ValidationError(_("区划代码缺少地市级代码：%(code)s") % {"code": code})
    # Lower levels cannot be set without the higher ones.
    if code[4:6] == "00" and code[6:] != "000000":
        raise ValidationError(_("区划代码层级不连续：%(code)s") % {"code": code})
    if code[6:9] == "000" and code[9:] != "000":
        raise ValidationError(_("区划代码层级不连续：%(code)s") % {"code": code})


def township_kind_of(code: str) -> str:
    n = int(code[6:9])
    for kind, (lo, hi) in STREET_KINDS.items():
        if lo <= n <= hi:
            return kind
    raise ValidationError(
        _("乡级代码 %(n)03d 不在 001–399 范围内（001–099 街道，100–199 镇，200–399 乡）") % {"n": n}
    )


def validate_child_code(code: str, parent_code: str | None) -> int:
    """Validate a code against its parent's; return its level."""
    level = level_of(code)
    if parent_code is None:
        if level != CITY:
            raise ValidationError(_("只有市级区划可以没有上级：%(code)s") % {"code": code})
        return level
    parent_level = level_of(parent_code)
    if level != parent_level + 1:
        raise ValidationError(
            _("区划 %(code)s 不是 %(parent)s 的下一级") % {"code": code, "parent": parent_code}
        )
    if not code.startswith(prefix_of(parent_code)):
        raise ValidationError(
            _("区划代码 %(code)s 与上级代码 %(parent)s 的前缀不一致")
            % {"code": code, "parent": parent_code}
        )
    if level == STREET:
        township_kind_of(code)
    return level


def validate_grid_code(code: str, community_code: str) -> None:
    if len(code) != 15 or not code.isdigit():
        raise ValidationError(_("网格编码必须是15位数字：%(code)s") % {"code": code})
    if not code.startswith(community_code):
        raise ValidationError(
            _("网格编码 %(code)s 必须以所属社区代码 %(parent)s 开头")
            % {"code": code, "parent": community_code}
        )
    if code[12:] == "000":
        raise ValidationError(_("网格序号不能为000：%(code)s") % {"code": code})
