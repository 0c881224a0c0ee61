"""People of the party-life demo: names, ID numbers and phones for the members of 玉泉区,
和林格尔新区 and the riders, and their creation through the people and organizations
services (so each is validated and encrypted as a form would store it).

The demo street's own generators live in `banshi.demo`, a layer above this app, so this
module keeps its own small ones: Faker's zh_CN name tables (the ones `banshi.demo.names`
draws from) and ID numbers built with `people.identity.check_digit`. A number the street
already holds is skipped (checked by its blind index), so the build never trips the
resident service's uniqueness rule."""

import datetime
import random
from dataclasses import dataclass

from faker.providers.person.zh_CN import Provider

from banshi.core import crypto
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.services import member_admit
from banshi.people.identity import IdentityError, check_digit, normalize_phone
from banshi.people.models import Resident
from banshi.people.services import resident_create

SURNAMES = list(Provider.last_names)
SURNAME_WEIGHTS = list(Provider.last_names.values())
MALE = list(Provider.first_names_male)
FEMALE = list(Provider.first_names_female)
OLD_MALE = "建国 建军 国庆 国华 志刚 振华 福生 德胜 玉山 树林 长青 金山 宝山 文彬 永祥".split()
OLD_FEMALE = "秀英 桂英 玉兰 淑珍 凤英 桂兰 秀兰 玉梅 素芳 兰英 淑华 桂芝 美荣 金花".split()
MONGOLIAN = "巴特尔 朝鲁 额尔敦 苏和 宝音 那顺 孟和 布和 巴雅尔 特木尔 毕力格 乌力吉".split()
MONGOLIAN_F = "其其格 萨仁 乌云 图雅 斯琴 高娃 苏日娜 娜仁 托娅 塔娜 乌兰".split()
HUI = "马 白 杨 金 丁 海 沙 穆".split()
PHONE_PREFIXES = "139 138 137 136 135 150 151 152 158 159 187 188 182 183 130 131 155 186".split()
REFERENCE = datetime.date(2025, 12, 31)  # ages and join dates are drawn against this day


@dataclass
class PersonPlan:
    name: str
    id_number: str
    phone: str
    sex: str
    birth: datetime.date
    ethnicity: str


class People:
    """Deterministic people for one rng; ID numbers unique in the database and the build."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self._blocks: dict[str, bool] = {}

    def person(self, *, min_age: int = 23, max_age: int = 80, sex: str | None = None):
        rng = self.rng
        sex = sex or rng.choice("MF")
        age = rng.randint(min_age, max_age)
        birth = REFERENCE - datetime.timedelta(days=age * 365 + rng.randrange(365))
        ethnicity = rng.choices(["01", "02", "03", "11"], weights=[82, 13, 4, 1])[0]
        return PersonPlan(
            name=self._name(sex, birth.year, ethnicity),
            id_number=self._id_number(sex, birth),
            phone=self._phone(),
            sex=sex,
            birth=birth,
            ethnicity=ethnicity,
        )

    def _name(self, sex: str, year: int, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity == "02" and rng.random() < 0.4:
            return rng.choice(MONGOLIAN if sex == "M" else MONGOLIAN_F)
        family = rng.choice(HUI) if ethnicity == "03" else rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        if year < 1962 and rng.random() < 0.6:
            return family + rng.choice(OLD_MALE if sex == "M" else OLD_FEMALE)
        return family + rng.choice(MALE if sex == "M" else FEMALE)

    def _id_number(self, sex: str, birth: datetime.date) -> str:
        rng = self.rng
        # 玉泉区 (150104) exists since 1983; older members were born in the old city or
        # 土默特左旗.
        places = ["150104", "150104", "150102", "150105"] if birth.year >= 1983 else ["150100"]
        places += ["150121"]
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
            first17 = f"{rng.choice(places)}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number in self.used:
                continue
            self.used.add(number)
            taken = Resident.objects.filter(id_number_hash=crypto.blind_index(number)).exists()
            if not taken:
                return number

    def _phone(self) -> str:
        rng = self.rng
        while True:
            block = f"{rng.choice(PHONE_PREFIXES)}47{rng.randrange(100):02d}"
            number = f"{block}{rng.randrange(10000):04d}"
            if block not in self._blocks:
                try:
                    normalize_phone(number)
                    self._blocks[block] = True
                except IdentityError:
                    self._blocks[block] = False
            if self._blocks[block]:
                return number


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def admit_members(
    people: People,
    organization: PartyOrganization,
    n: int,
    *,
    probationary: int = 0,
    mobile: int = 0,
    occupation: str = "",
    min_age: int = 23,
    max_age: int = 80,
    sex: str | None = None,
) -> list[PartyMember]:
    """`n` new residents admitted to `organization` through the services: the first
    `probationary` joined within the year, the last `mobile` are mobile members."""
    rng = people.rng
    out = []
    for i in range(n):
        prob = i < probationary
        p = people.person(
            min_age=min_age if not prob else 22, max_age=max_age if not prob else 38, sex=sex
        )
        resident = resident_create(
            name=p.name,
            id_number=p.id_number,
            phone=p.phone,
            ethnicity=p.ethnicity,
        )
        if prob:
            joined = REFERENCE - datetime.timedelta(days=rng.randint(30, 330))
        else:
            age = (REFERENCE - p.birth).days // 365
            joined = _years_before(REFERENCE, rng.randint(2, max(3, age - 19)))
        member = member_admit(
            resident=resident,
            organization=organization,
            joined_on=joined,
            status=PartyMember.Status.PROBATIONARY if prob else PartyMember.Status.FULL,
            is_mobile=i >= n - mobile,
            occupation=occupation,
        )
        out.append(member)
    return out
