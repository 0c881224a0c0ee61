"""The monthly report's plain text (banshi/dashboards/report/render.py to_text) read back:
one article with its unit, thousands separators, "（上月…）", per-worker averages, and the
ranking table kept out of the figures — what the round trip of issue 15 will feed in."""

from banshi.workreports.parsing import parse_report

MONTHLY = """2026年11月工作月报
大学东路街道：党建“聚势”引领基层治理“增能”

【在“新”上见真章，网格治理“底数”清】
　　全街道6个社区按照每网格300-500户的标准划分网格68个，覆盖居民68,231人、21,004户、商业网点816个。
　　辖区共有非公企业76家，已建立党组织企业34家，实现党的组织覆盖率44.7%，党的工作覆盖率100.0%。

【在“实”上求突破，接诉即办“情味”浓】
　　2026年11月，大学东路街道共受理群众诉求1,204件。派单1,100件，响应率95.5%（上月93.1%）；应办结900件，已办结850件。

【比学赶超，三率排名见实效】
　　从2026年11月大学东路街道所辖6个社区的三率综合排名看，乌兰社区位列第一，响应率98.0%。
2026年11月大学东路街道三率排名
名次  单位  响应率  解决率  满意率  综合得分
1  乌兰社区  98.0%  97.0%  96.0%  97.10

【在“走”上下功夫，巡查走访“常态”化】
　　2026年11月，68名网格员入户走访3,456次，人均每周走访2.5次；已走访9,870户，逾期未走访120户。
　　分片看，乌兰社区入户走访覆盖率最高，为60.0%；画报社区最低，为30.0%。

数据截至 2026-12-02 10:00
"""


def _by_text(report):
    return {f.text: f for f in report.figures}


def test_the_monthly_report_is_one_article_of_its_unit():
    report = parse_report(MONTHLY.encode("utf-8"))
    assert [(a.unit, a.headline) for a in report.articles] == [
        ("大学东路街道", "党建“聚势”引领基层治理“增能”")
    ]
    assert report.layout.sections == ("2026年11月工作月报",)
    body = report.articles[0].body
    assert "【" not in body and "综合得分" not in body and "97.10" not in body


def test_its_figures():
    figures = _by_text(parse_report(MONTHLY))
    expected = {
        "68,231人": (68231, "居民", ""),
        "21,004户": (21004, "户", ""),
        "44.7%": (44.7, "组织覆盖率", ""),
        "100.0%": (100, "工作覆盖率", ""),
        "1,204件": (1204, "群众诉求", "2026年11月"),
        "95.5%": (95.5, "响应率", "2026年11月"),
        "93.1%": (93.1, "响应率", "上月"),
        "900件": (900, "应办结", "2026年11月"),
        "3,456次": (3456, "入户走访", "2026年11月"),
        "9,870户": (9870, "已走访", "2026年11月"),
        "120户": (120, "未走访", "2026年11月"),
        "60.0%": (60, "入户走访覆盖率", ""),
        "30.0%": (30, "入户走访覆盖率", ""),
    }
    for text, (value, subject, period) in expected.items():
        figure = figures[text]
        assert (float(figure.value), figure.subject, figure.period) == (value, subject, period), (
            text
        )
    assert figures["300-500户"].standard and figures["300-500户"].per == "网格"
    # "人均每周": an average, not a norm.
    assert not figures["2.5次"].standard


def test_the_table_and_the_timestamp_give_no_figures():
    report = parse_report(MONTHLY)
    assert "97.0%" not in {f.text for f in report.figures}
    assert not [f for f in report.figures if f.value in (2026, 12, 2, 10)]
