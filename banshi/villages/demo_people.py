"""The villagers of the villages demo: deterministic names and ID numbers of 清水河县
(152623 before 1995, 150124 since), none taken by another part of the demo, written in
bulk with the fields `resident_fields` validates and encrypts (the demo builder's way for
its hundred thousand residents; these are a couple of thousand)."""

import datetime
import random
from dataclasses import dataclass

from banshi.core import crypto
from banshi.people.identity import check_digit
from banshi.people.models import Resident
from banshi.people.services import resident_fields

SURNAMES = "王 李 张 刘 杨 赵 郭 高 韩 贾 薛 田 马 武 苗 段 白 任 曹 岳 闫 郝 侯 乔 秦".split()
MALE = "建军 志强 永平 海军 二虎 三宝 润生 拴柱 文斌 占春 怀明 俊峰 宏伟 天亮 来福 有才".split()
FEMALE = "秀梅 海燕 桂兰 二女 玉梅 春花 金凤 丽娟 彩霞 美玲 翠英 红梅 晓燕 润娥".split()
REFERENCE = datetime.date(2025, 12, 31)  # ages are drawn against this day


@dataclass
class Villager:
    name: str
    id_number: str
    sex: str
    birth: datetime.date
    political_status: str = Resident.PoliticalStatus.MASSES
    pk: int | None = None


def _place(birth: datetime.date) -> str:
    return "150124" if birth.year >= 1995 else "152623"


def draw(rng: random.Random, *, min_age: int, max_age: int, sex: str | None = None) -> Villager:
    sex = sex or rng.choices("MF", weights=[60, 40])[0]
    age = rng.randint(min_age, max_age)
    birth = REFERENCE - datetime.timedelta(days=age * 365 + rng.randrange(365))
    name = rng.choice(SURNAMES) + rng.choice(MALE if sex == "M" else FEMALE)
    return Villager(name=name, id_number=_number(rng, sex, birth), sex=sex, birth=birth)


def _number(rng: random.Random, sex: str, birth: datetime.date) -> str:
    seq = rng.randrange(350, 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"{_place(birth)}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def write(rng: random.Random, people: list[Villager]) -> None:
    """Give each person a free ID number (redrawn while another part of the demo, or
    another person here, holds it), then insert them all."""
    for _attempt in range(20):
        hashes = {id(p): crypto.blind_index(p.id_number) for p in people}
        taken = set(
            Resident.objects.filter(id_number_hash__in=list(hashes.values())).values_list(
                "id_number_hash", flat=True
            )
        )
        seen: set[str] = set()
        clash = []
        for p in people:
            if p.id_number in seen or hashes[id(p)] in taken:
                clash.append(p)
            seen.add(p.id_number)
        if not clash:
            break
        for p in clash:
            p.id_number = _number(rng, p.sex, p.birth)
    else:
        raise RuntimeError("no free ID numbers for the villages demo")
    rows = [
        Resident(
            **resident_fields(name=p.name, id_number=p.id_number),
            political_status=p.political_status,
        )
        for p in people
    ]
    Resident.objects.bulk_create(rows, batch_size=1000)
    for p, row in zip(people, rows, strict=True):
        p.pk = row.pk


def resident_of(p: Villager) -> Resident:
    """The resident written in bulk for `p`, by its pk (the services only link to it)."""
    return Resident(pk=p.pk, name=p.name, birth_date=p.birth)
