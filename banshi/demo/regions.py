"""Hohhot's region tree for the demo: the city, its nine county-level units under their real
codes, and their streets, towns and townships (names from the 2023 statistical division
list) under plausible township codes: 001–099 streets, 100–199 towns, 200–399 townships.
大学东路街道 keeps 150105001000 in every build."""

from .plan import STREET_CODE, STREET_NAME

CITY = ("150100000000", "呼和浩特市")

# (county code, name, kind, streets/towns/townships in list order)
COUNTIES = [
    (
        "150102",
        "新城区",
        "district",
        "海东路街道 锡林路街道 中山东路街道 东街街道 西街街道 东风路街道 迎新路街道 "
        "成吉思汗大街街道 保合少镇",
    ),
    (
        "150103",
        "回民区",
        "district",
        "新华西路街道 中山西路街道 光明路街道 海拉尔西路街道 环河街街道 通道街街道 钢铁路街道 "
        "攸攸板镇",
    ),
    (
        "150104",
        "玉泉区",
        "district",
        "小召前街街道 兴隆巷街道 长和廊街道 石东路街道 大南街街道 鄂尔多斯路街道 西菜园街道 "
        "昭君路街道 小黑河镇",
    ),
    (
        "150105",
        "赛罕区",
        "district",
        "人民路街道 大学西路街道 乌兰察布路街道 大学东路街道 中专路街道 昭乌达路街道 巴彦镇 "
        "榆林镇 金河镇 黄合少镇 敕勒川镇",
    ),
    (
        "150121",
        "土默特左旗",
        "banner",
        "察素齐镇 毕克齐镇 善岱镇 台阁牧镇 白庙子镇 沙尔沁镇 北什轴乡 塔布赛乡 敕勒川镇",
    ),
    ("150122", "托克托县", "county", "双河镇 新营子镇 五申镇 伍什家镇 古城镇"),
    (
        "150123",
        "和林格尔县",
        "county",
        "城关镇 盛乐镇 新店子镇 舍必崖乡 大红城乡 羊群沟乡 黑老夭乡",
    ),
    ("150124", "清水河县", "county", "城关镇 宏河镇 喇嘛湾镇 窑沟乡 北堡乡 韭菜庄乡 五良太乡"),
    (
        "150125",
        "武川县",
        "county",
        "可镇 哈乐镇 西乌兰不浪镇 大青山乡 上秃亥乡 得胜沟乡 二份子乡 耗赖山乡",
    ),
]

_FIRST = {"street": 1, "town": 100, "township": 200}


def township_kind(name: str) -> str:
    if name.endswith("街道"):
        return "street"
    if name.endswith("镇"):
        return "town"
    return "township"


def townships(county_code: str, names: str) -> list[tuple[str, str, str]]:
    """(12-digit code, name, kind) of a county's streets, towns and townships."""
    pinned = {STREET_CODE[:9]: STREET_NAME}
    taken = {code[6:9] for code in pinned if code.startswith(county_code)}
    next_no = dict(_FIRST)
    out = []
    for name in names.split():
        kind = township_kind(name)
        pinned_code = next((c for c, n in pinned.items() if n == name), None)
        if pinned_code and pinned_code.startswith(county_code):
            out.append((pinned_code + "000", name, kind))
            continue
        while f"{next_no[kind]:03d}" in taken:
            next_no[kind] += 1
        out.append((f"{county_code}{next_no[kind]:03d}000", name, kind))
        taken.add(f"{next_no[kind]:03d}")
    return out
