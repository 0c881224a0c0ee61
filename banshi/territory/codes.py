"""Statistical division codes (GB/T 2260 + township + village digits).

A 12-digit code: digits 1-6 county (1-2 province, 3-4 city, 5-6 county), 7-9 township
(001-099 street, 100-199 town, 200-399 township), 10-12 community/village. A grid code is
its community's code plus a 3-digit sequence. The *prefix* of a code is its significant
digits, so a subtree is every code that starts with the prefix.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CITY, DISTRICT, STREET, COMMUNITY = 1, 2, 3, 4
LEVEL_PREFIX_LEN = {CITY: 4, DISTRICT: 6, STREET: 9, COMMUNITY: 12}

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
    if len(code) == 15:
        return code
    return code[: LEVEL_PREFIX_LEN[level_of(code)]]


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
