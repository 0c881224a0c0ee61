"""Names for the demo: people (Faker zh_CN, with given names by birth cohort and Mongolian
names), compounds, shops, companies and villages. Every choice takes the caller's
`random.Random` or seeded Faker, so the same seed gives the same names."""

import random

from faker import Faker
from faker.providers.person.zh_CN import Provider

CN_NUMERALS = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (up to 99)."""
    if n <= 10:
        return CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens]
    return head + "十" + (CN_NUMERALS[ones] if ones else "")


# Given names by birth cohort (Faker's lists fit the middle cohorts best).
_OLD_MALE = (
    "建国 建军 国庆 国华 志刚 振华 福生 德胜 玉山 树林 长青 金山 宝山 文彬 永祥 占魁 满仓 二虎"
)
_OLD_FEMALE = "秀英 桂英 玉兰 淑珍 凤英 桂兰 秀兰 玉梅 素芳 翠花 兰英 淑华 桂芝 美荣 金花 粉兰"
_YOUNG_MALE = "子涵 梓轩 浩然 宇轩 一诺 子墨 俊熙 思源 博文 皓轩 奕辰 沐阳 铭泽 睿 宇航 嘉懿"
_YOUNG_FEMALE = "欣怡 梓涵 雨桐 诗涵 若曦 佳怡 语桐 可馨 梦瑶 一涵 思琪 紫萱 雅琪 芮 依诺 诗琪"
MONGOLIAN_MALE = (
    "巴特尔 朝鲁 额尔敦 阿拉坦仓 苏和 宝音 那顺 孟和 布和 巴雅尔 特木尔 毕力格 乌力吉 格日勒图"
).split()
MONGOLIAN_FEMALE = "其其格 萨仁 乌云 图雅 斯琴 高娃 苏日娜 娜仁 托娅 塔娜 乌兰 阿拉腾花".split()
HUI_SURNAMES = "马 白 杨 金 丁 海 沙 穆 马 马".split()

OLD_MALE = _OLD_MALE.split()
OLD_FEMALE = _OLD_FEMALE.split()
YOUNG_MALE = _YOUNG_MALE.split()
YOUNG_FEMALE = _YOUNG_FEMALE.split()


def _surname_table() -> tuple[list[str], list[float]]:
    table = Provider.last_names
    total, cum = 0.0, []
    for weight in table.values():
        total += weight
        cum.append(total)
    return list(table), cum


SURNAMES, SURNAME_CUM_WEIGHTS = _surname_table()


def _given_names() -> tuple[list[str], list[str]]:
    return list(Provider.first_names_male), list(Provider.first_names_female)


FAKER_MALE, FAKER_FEMALE = _given_names()


def surname(fake: Faker, rng: random.Random, ethnicity: str) -> str:
    """A surname by Faker's zh_CN frequencies, drawn from the seeded Faker's generator
    (Faker's own weighted draw is slow, and a build draws some 100,000 surnames)."""
    if ethnicity == "03":  # 回族
        return rng.choice(HUI_SURNAMES)
    return fake.random.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]


def given_name(fake: Faker, rng: random.Random, sex: str, birth_year: int) -> str:
    male = sex == "M"
    if birth_year < 1960 and rng.random() < 0.6:
        return rng.choice(OLD_MALE if male else OLD_FEMALE)
    if birth_year >= 2005 and rng.random() < 0.7:
        return rng.choice(YOUNG_MALE if male else YOUNG_FEMALE)
    # Faker's own draw is slow; the same uniform choice from its zh_CN lists, by its
    # seeded generator.
    return fake.random.choice(FAKER_MALE if male else FAKER_FEMALE)


def person_name(
    fake: Faker, rng: random.Random, *, sex: str, birth_year: int, ethnicity: str, family: str
) -> str:
    """A person's name; `family` is the household's surname (children take the father's)."""
    if ethnicity == "02" and rng.random() < 0.45:  # 蒙古族: often a Mongolian name alone
        return rng.choice(MONGOLIAN_MALE if sex == "M" else MONGOLIAN_FEMALE)
    return family + given_name(fake, rng, sex, birth_year)


# Compounds (小区/家属院) near 大学东路; the five of 乌兰社区 are in the seed.
WULAN_COMPOUNDS = ["粮油小区", "画报社小区", "二轻工艺美术小区", "教育局宿舍", "协作办小区"]
COMPOUND_WORDS = (
    "内工大家属院 电力小区 水利厅宿舍 财经学院家属院 民族商场宿舍 气象局家属院 昭君花园 "
    "丰州佳苑 兴安小区 呼伦花园 东瓦窑小区 林业厅宿舍 邮电小区 光华小区 青城嘉园 塞北星城 "
    "供销社家属院 建设厅宿舍 农牧学院家属院 铁路小区 文化宫小区 银河小区 金桥佳苑 "
    "大学东路小区 医学院家属院 水文小区 统计局宿舍 商业局宿舍"
).split()

OUTLET_KINDS = {
    "餐饮": ["烧麦馆", "奶茶馆", "涮肉馆", "早餐店", "面馆", "饺子馆", "烧烤店"],
    "零售": ["便利店", "超市", "水果店", "五金店", "粮油店", "烟酒店", "文具店"],
    "生活服务": ["理发店", "洗衣店", "手机维修", "开锁配钥匙", "快递代收点", "修鞋铺"],
    "医药": ["药店", "诊所"],
    "教育培训": ["托管班", "书法培训", "舞蹈培训"],
}
SHOP_WORDS = (
    "老王 福满 惠民 鑫源 金鹿 兴旺 德顺 家和 青城 敕勒 塞外 大召 万家 康乐 乐购 小李".split()
)

COMPANY_WORDS = (
    "青城 塞外 敕勒 大青山 昭君 金桥 盛乐 北疆 草原 蒙源 鑫泰 华远 恒信 博瑞 嘉禾 "
    "启航 润泽 天骄 驼铃 云中 鸿达 聚力 新华 丰州"
).split()
COMPANY_TRADES = [
    "餐饮管理",
    "物业服务",
    "商贸",
    "信息技术",
    "建筑装饰",
    "文化传媒",
    "教育咨询",
    "医药连锁",
    "物流",
    "广告",
    "汽车服务",
    "乳业销售",
    "家政服务",
    "印务",
    "软件",
]


def company_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "呼和浩特市{}{}{}".format(
            rng.choice(COMPANY_WORDS),
            rng.choice(COMPANY_TRADES),
            rng.choice(["有限公司", "有限公司", "有限责任公司"]),
        )
        if name not in used:
            used.add(name)
            return name


def outlet_name(rng: random.Random) -> tuple[str, str]:
    kind = rng.choices(list(OUTLET_KINDS), weights=[30, 30, 25, 8, 7])[0]
    shop = rng.choice(OUTLET_KINDS[kind])
    return rng.choice(SHOP_WORDS) + shop, kind


# Villages of 清水河县城关镇 (plausible names in the county's style: 窑, 塔, 沟, 峁).
VILLAGE_NAMES = [
    "王桂窑村",
    "杨家窑村",
    "南园村",
    "刘家塔村",
    "石板沟村",
    "韩家峁村",
    "小庙子村",
    "郭家窑村",
    "高家塔村",
    "黑矾沟村",
]
