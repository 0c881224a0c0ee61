"""ID numbers, phones and credit codes of the demo pass the validators the app uses."""

import datetime
import random

import pytest
from stdnum.cn import ric, uscc

from banshi.demo.codes import (
    QINGSHUIHE_PLACES,
    IdentityMaker,
    credit_code,
    org_code_check,
    uscc_check,
)
from banshi.people.identity import normalize_phone


def test_check_characters_match_the_published_example():
    # 91110000600037341L: organization code 60003734-1, check character L.
    assert org_code_check("60003734") == "1"
    assert uscc_check("91110000600037341") == "L"
    assert uscc_check("91110000600037341") == uscc.calc_check_digit("91110000600037341")


def test_credit_codes_are_valid_and_unique():
    rng, used = random.Random(1), set()
    made = [credit_code(rng, used=used) for _ in range(300)]
    assert len(set(made)) == 300
    assert all(uscc.is_valid(c) and c.startswith("91150105") for c in made)


@pytest.mark.parametrize("year", [1931, 1950, 1982, 1983, 1994, 1995, 2000, 2025])
def test_id_numbers_for_any_birth_year_pass_stdnum(year):
    rng, maker = random.Random(year), IdentityMaker()
    for sex in "MF" * 50:
        birth = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        number = maker.id_number(rng, sex=sex, birth=birth)
        assert ric.is_valid(number), number
        assert ric.get_birth_date(number) == birth
        assert int(number[16]) % 2 == (1 if sex == "M" else 0)
        if year < 1983:
            assert number[:6] not in {"150102", "150103", "150104", "150105"}


def test_qingshuihe_people_born_before_1995_carry_the_old_county_code():
    rng, maker = random.Random(3), IdentityMaker()
    old = maker.id_number(rng, sex="M", birth=datetime.date(1960, 5, 1), places=QINGSHUIHE_PLACES)
    new = maker.id_number(rng, sex="F", birth=datetime.date(2001, 5, 1), places=QINGSHUIHE_PLACES)
    assert old.startswith("152623") and new.startswith("150124")


def test_no_place_code_for_the_birth_year_is_refused():
    with pytest.raises(ValueError, match="1950"):
        IdentityMaker().id_number(
            random.Random(0),
            sex="M",
            birth=datetime.date(1950, 1, 1),
            places=[("150124", 1995, 9999, 1)],
        )


def test_id_numbers_and_phones_are_never_repeated():
    rng, maker = random.Random(5), IdentityMaker()
    birth = datetime.date(1990, 1, 1)
    ids = [maker.id_number(rng, sex="M", birth=birth, places=[("150105", 0, 9999, 1)])]
    ids += [
        maker.id_number(rng, sex="M", birth=birth, places=[("150105", 0, 9999, 1)])
        for _ in range(400)
    ]
    assert len(set(ids)) == len(ids)
    phones = [maker.phone(rng) for _ in range(2000)]
    assert len(set(phones)) == 2000
    assert all(normalize_phone(p) == p and p[:2] in {"13", "15", "18"} for p in phones[:300])


def test_a_full_birthday_runs_out_of_numbers_loudly():
    rng, maker = random.Random(7), IdentityMaker()
    birth = datetime.date(1990, 1, 1)
    with pytest.raises(RuntimeError):
        for _ in range(600):  # only 500 sequence numbers per sex and day
            maker.id_number(rng, sex="F", birth=birth, places=[("150105", 0, 9999, 1)])
