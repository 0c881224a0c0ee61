"""Topic of the month (每月一题): the most frequent categories and words of a region's
demands in a month, against the month before. Words come from jieba's segmentation; stop
words, single characters and numbers are dropped, and a word counts once per demand."""

import logging
import re
import warnings
from collections import Counter

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from banshi.access.scope import restrict

from .models import Demand
from .rates import month, previous_period

# Function words and the boilerplate of complaints, which say nothing about the topic.
STOP_WORDS = frozenset(
    """
    一个 一些 一下 一直 一样 不是 不能 不要 不会 也是 了解 事情 什么 今天 今年 以及 以后 但是
    位于 何时 你们 使用 其他 再次 出现 到底 即使 反映 反应 发现 发生 可以 可能 各位 同时 后来
    告诉 咨询 因为 因此 处理 多次 大家 如何 如果 存在 它们 对于 导致 就是 居民 已经 希望 帮助
    并且 应该 当时 影响 怎么 总是 情况 想要 我们 我家 或者 所以 所在 打电话 执行 投诉 报告 持续
    提出 时候 时间 是否 有关 本人 来电 次数 此事 每天 没有 然后 现在 目前 相关 看看 真的 立即
    等等 经常 给予 能否 自己 要求 解决 诉求 请求 负责 这个 这些 这里 这样 进行 那个 那些 部门
    问题 非常 需要 马上 尽快 及时 一次 两次 几天 好几 表示 还是 而且 还有 只是 不过 他们 她们
    这种 那种 其中 为什么 希望能 请问 谢谢 麻烦 有人 一天 每次 近期 最近 之前 以前 至今 依然 仍然
    依旧 始终 严重 特别 比较 十分 已有 已于 联系 无人 没人 管理 工作 人员 小区 社区 街道 市民
    号楼 单元 家里 晚上 白天 门口 附近 地方 东西 出门 回来 这边 那边 上面 下面 里面 一整天
    """.split()
)
_NUMERIC = re.compile(r"^[\d.,:%\-/]+$")
_jieba = None


def _segmenter():
    global _jieba
    if _jieba is None:
        with warnings.catch_warnings():
            # jieba's sources have regex escapes Python now warns about when compiling them
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", SyntaxWarning)
            import jieba  # deferred: a heavy import (~0.4 s), only the topic of the month needs it
            import jieba.finalseg  # noqa: F401  (deferred with jieba)

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def words_of(text: str) -> set[str]:
    jieba = _segmenter()
    found = set()
    for word in jieba.lcut(text or ""):
        word = word.strip()
        if len(word) < 2 or word in STOP_WORDS or _NUMERIC.match(word):
            continue
        if not any(ch.isalnum() for ch in word):
            continue
        found.add(word)
    return found


def _demands(*, region, period: str, user) -> QuerySet[Demand]:
    start, end = month(period)
    qs = Demand.objects.filter(received_at__gte=start, received_at__lt=end)
    if region is not None:
        qs = qs.filter(territory_code__startswith=region.prefix)
    if user is not None:
        qs = restrict(qs, user)
    return qs


def _trend(count: int, previous: int) -> str:
    if not previous:
        return "new" if count else "flat"
    if count > previous:
        return "up"
    return "down" if count < previous else "flat"


def _rows(current: Counter, previous: Counter, top: int, key: str) -> list[dict]:
    rows = []
    for value, count in sorted(current.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        before = previous.get(value, 0)
        rows.append(
            {
                key: value,
                "count": count,
                "previous": before,
                "change": count - before,
                "trend": _trend(count, before),
            }
        )
    return rows


def topic_of_month(*, period: str, region=None, user=None, top: int = 10) -> dict:
    prev = previous_period(period)
    cats, words, totals = {}, {}, {}
    names = {}
    for p in (period, prev):
        qs = _demands(region=region, period=p, user=user)
        rows = qs.values("category__code", "category__name").annotate(n=Count("pk"))
        cats[p] = Counter({r["category__code"]: r["n"] for r in rows})
        names.update({r["category__code"]: _(r["category__name"]) for r in rows})
        counter: Counter = Counter()
        for text in qs.values_list("description", flat=True).iterator(chunk_size=2000):
            counter.update(words_of(text))
        words[p] = counter
        totals[p] = sum(cats[p].values())
    categories = _rows(cats[period], cats[prev], top, "code")
    for row in categories:
        row["name"] = names.get(row["code"], row["code"])
    word_rows = _rows(words[period], words[prev], top * 2, "word")
    topic = categories[0] if categories else None
    return {
        "region": region.code if region is not None else "",
        "region_name": region.name if region is not None else _("全部"),
        "period": period,
        "previous_period": prev,
        "total": totals[period],
        "previous_total": totals[prev],
        "topic": topic,
        "categories": categories,
        "words": word_rows,
    }
