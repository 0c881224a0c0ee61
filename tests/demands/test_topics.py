"""Topic of the month: most frequent categories and words per region and month, with the
trend against the month before."""

import datetime
import json
from io import StringIO

from django.core.management import call_command

from banshi.demands.topics import STOP_WORDS, topic_of_month, words_of

OCT = datetime.timedelta(days=-20)


def test_categories_and_words_with_trend(world, people, submit, t0):
    for i in range(4):
        submit(
            "heating", at=t0 + datetime.timedelta(hours=i), text=f"{i + 1}号楼暖气不热，室温太低"
        )
    submit("heating", grid=2, at=t0, text="暖气片漏水")
    submit("noise", at=t0, text="广场舞音响太吵")
    submit("noise", at=t0 + OCT, text="广场舞音响太吵")
    submit("noise", at=t0 + OCT, text="装修噪音")
    submit("heating", at=t0 + OCT, text="暖气不热")
    result = topic_of_month(period="2026-11", region=world.community)
    assert result["total"] == 5 and result["previous_total"] == 3  # grid 3 is elsewhere
    assert result["topic"]["code"] == "heating"
    cats = {c["code"]: c for c in result["categories"]}
    assert cats["heating"] == {
        "code": "heating",
        "name": "供暖",
        "count": 4,
        "previous": 1,
        "change": 3,
        "trend": "up",
    }
    assert cats["noise"]["trend"] == "down" and cats["noise"]["change"] == -1
    words = {w["word"]: w for w in result["words"]}
    assert words["暖气"]["count"] == 4 and words["暖气"]["previous"] == 1
    assert all(len(w) > 1 and w not in STOP_WORDS for w in words)
    assert "号楼" not in words or words["号楼"]["count"] <= 4
    # the whole street includes grid 3
    street = topic_of_month(period="2026-11", region=world.street)
    assert {c["code"]: c["count"] for c in street["categories"]}["heating"] == 5


def test_words_drop_stop_words_single_characters_and_numbers():
    found = words_of("希望尽快解决：3号楼的暖气不热，已经2天了！！")
    assert "暖气" in found
    assert not {"希望", "尽快", "解决", "已经", "的", "了", "3", "2"} & found


def test_scope_limits_topics(world, people, submit, t0):
    submit("heating", at=t0)
    submit("noise", grid=2, at=t0)
    mine = topic_of_month(period="2026-11", user=people.grid1)
    assert [c["code"] for c in mine["categories"]] == ["heating"]


def test_topics_command_json(world, submit, t0):
    submit("heating", at=t0, text="暖气不热")
    out = StringIO()
    call_command(
        "topics", "--region", world.street.code, "--period", "2026-11", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["region"] == world.street.code and data["topic"]["name"] == "供暖"
    assert data["previous_period"] == "2026-10"
    text = StringIO()
    call_command("topics", "--region", "大学东路街道", "--period", "2026-11", stdout=text)
    assert "本月一题：供暖" in text.getvalue()
