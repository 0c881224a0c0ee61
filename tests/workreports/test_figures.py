"""Extracting figures: the seed page's, and made-up sentences for Chinese numerals, ranges,
万/余, norms, periods, protected terms and the numbers that are no figures."""

from decimal import Decimal

from banshi.workreports.parsing import PROTECTED_TERMS, parse_report


def _figures(report, article):
    return [(f.text, f.value, f.unit, f.subject) for f in report.figures if f.article == article]


def _one(report, text, **expected):
    matches = [
        f
        for f in report.figures
        if f.text == text and all(getattr(f, k) == v for k, v in expected.items())
    ]
    assert len(matches) == 1, (text, expected, [(f.text, f.subject) for f in report.figures])
    return matches[0]


def test_daxue_donglu_street_figures(seed):
    assert _figures(seed, 5)[:15] == [
        ("6个", 6, "个", "社区"),
        ("300-500户", 300, "户", "户"),
        ("68个", 68, "个", "网格"),
        ("68231余人", 68231, "人", "居民"),
        ("816个", 816, "个", "商业网点"),
        ("517人", 517, "人", "楼栋长"),
        ("1381人", 1381, "人", "单元长"),
        ("76家", 76, "家", "非公企业"),
        ("34家", 34, "家", "党组织企业"),
        ("13名", 13, "名", "党建指导员"),
        ("44%", 44, "%", "组织覆盖率"),
        ("100%", 100, "%", "工作覆盖率"),
        ("4家", 4, "家", "红蜂驿站"),
        ("5个", 5, "个", "小区"),
        ("1个", 1, "个", "小区"),
    ]
    residents = _one(seed, "68231余人")
    assert residents.approximate and residents.qualifier == "余" and residents.low is None
    coverage = _one(seed, "44%")
    assert coverage.percent and not coverage.approximate
    norm = _one(seed, "300-500户")
    assert norm.standard and norm.per == "网格"
    assert (norm.low, norm.high) == (Decimal(300), Decimal(500))
    assert not _one(seed, "68个", subject="网格").standard


def test_wulan_community_figures(seed):
    wulan = _figures(seed, 5)[15:]
    assert wulan == [
        ("5个", 5, "个", "小区"),
        ("68个", 68, "个", "停车位"),
        ("3套", 3, "套", "停车起降杆"),
        ("700平方米", 700, "平方米", "绿化面积"),
    ]
    assert "乌兰社区" in _one(seed, "3套").sentence or "乌兰社区" in seed.articles[5].body


def test_city_bus_company_figures(seed):
    bus = {f.text: f for f in seed.figures if f.article == 9}
    expected = {
        "410次": (410, "表扬", "2022年"),
        "373封": (373, "表扬信", "2022年"),
        "27面": (27, "锦旗", "2022年"),
        "16条": (16, "雷锋线路", "截至目前"),
        "39台": (39, "雷锋主题车厢", "截至目前"),
        "2处": (2, "雷锋示范岗", "截至目前"),
        "42名": (42, "公司级岗位学雷锋标兵", "截至目前"),
        "1000余人": (1000, "志愿服务队", "截至目前"),
    }
    for text, (value, subject, period) in expected.items():
        assert (bus[text].value, bus[text].subject, bus[text].period) == (value, subject, period)
    assert bus["1000余人"].approximate
    # The hotline, the routes' names and the years are no figures.
    values = {f.value for f in seed.figures if f.article == 9}
    assert not values & {
        Decimal(12345),
        Decimal(66),
        Decimal(73),
        Decimal(26),
        Decimal(2022),
        Decimal(365),
    }


def test_qingshuihe_reserve_candidates_norm(seed):
    norm = _one(seed, "3-5名")
    assert norm.article == 3
    assert norm.standard and norm.per == "村" and norm.subject == "后备人选"
    assert (norm.value, norm.low, norm.high) == (3, 3, 5)
    # 二十大, 五面红旗, 一支部一对策, "4月份" and "6月底前" give no figures.
    assert [f.text for f in seed.figures if f.article == 3] == ["3-5名", "百名"]


def test_seed_spans_are_the_original_text(seed, seed_text):
    for figure in seed.figures:
        assert seed.normalized.text[figure.start : figure.end] == figure.text
        original = seed_text[figure.original_start : figure.original_end]
        assert "".join(original.split()) == figure.text


def test_briefs_and_photos_quote_no_figures_on_the_seed(seed):
    assert {f.article for f in seed.figures} == {3, 5, 9}


def test_chinese_numerals_and_multipliers():
    report = parse_report(
        "今年，某街道划分三十六个网格，覆盖居民6.8万余人，投入资金50万元，党员两百名。"
    )
    grids = _one(report, "三十六个")
    assert (grids.value, grids.subject, grids.period) == (36, "网格", "今年")
    residents = _one(report, "6.8万余人")
    assert (residents.value, residents.approximate, residents.subject) == (68000, True, "居民")
    assert _one(report, "50万元").value == 500000 and _one(report, "50万元").unit == "元"
    assert _one(report, "两百名").value == 200


def test_ranges_and_norms():
    report = parse_report("确保每村都有3至5名后备人选，每网格配备1名网格员，服务300-500户。")
    norm = _one(report, "3至5名")
    assert (norm.low, norm.high, norm.per, norm.subject) == (3, 5, "村", "后备人选")
    staff = _one(report, "1名")
    assert staff.standard and staff.per == "网格" and staff.subject == "网格员"
    households = _one(report, "300-500户")
    assert not households.standard and (households.low, households.high) == (300, 500)


def test_percentages_areas_and_qualifiers():
    report = parse_report(
        "覆盖率达百分之九十五，绿化1.2万㎡，约300人参加，超过1000户受益，办结诉求1200余件。"
    )
    assert _one(report, "百分之九十五").percent and _one(report, "百分之九十五").value == 95
    area = _one(report, "1.2万㎡")
    assert (area.value, area.unit) == (12000, "平方米")
    about = _one(report, "300人")
    assert about.qualifier == "约" and not about.approximate
    over = _one(report, "1000户")
    assert over.qualifier == "超过" and over.low == 1000
    assert _one(report, "1200余件").approximate


def test_periods():
    report = parse_report(
        "4月份完成排查3处，6月底前整改12个问题。截至目前，累计办结诉求1200余件。2022年，收到表扬信5封。"
    )
    assert _one(report, "3处").period == "4月份"
    assert _one(report, "12个").period == "6月底前"
    assert _one(report, "1200余件").period == "截至目前"
    assert _one(report, "5封").period == "2022年"
    assert _one(report, "12个").subject == "问题"


def test_a_period_opening_the_paragraph_applies_to_its_sentences():
    report = parse_report("今年，街道新建驿站3家。另外，培训网格员20名。")
    assert _one(report, "20名").period == "今年"


def test_protected_terms_are_not_converted():
    report = parse_report(
        "坚持三会一课制度，创建五面红旗村，选派第一书记，健全四级组织体系，学习二十大精神，"
        "采取一支部一对策，实施头雁工程，发放一次性口罩，每一名党员都参与。"
    )
    assert report.figures == ()
    assert {"三会一课", "五面红旗", "四级组织体系", "二十大", "第一书记", "一支部一对策"} <= set(
        PROTECTED_TERMS
    )


def test_hotlines_years_dates_ordinals_and_route_names_are_not_figures():
    report = parse_report(
        "2022年4月23日，12345便民热线表扬该线路，66路、73路获评第一名，排名第3位，5G基站建设。"
    )
    assert report.figures == ()


def test_counted_routes_are_a_figure():
    report = parse_report("截至目前，已创建66路、73路、26路等16条雷锋线路。")
    assert [(f.text, f.subject) for f in report.figures] == [("16条", "雷锋线路")]


def test_a_gbk_report():
    data = "本报讯（记者 张三）今年，街道划分网格68个，覆盖居民68231余人。".encode("gbk")
    report = parse_report(data)
    assert report.encoding == "gb18030"
    assert report.articles[0].authors == ("张三",)
    assert [(f.text, f.subject, f.period) for f in report.figures] == [
        ("68个", "网格", "今年"),
        ("68231余人", "居民", "今年"),
    ]


def test_a_spaced_out_line_gives_its_figures():
    report = parse_report("仅 2022 年，\n12345 便 民 热 线 表 扬 410 次 ，表 扬 信\n373 封。")
    assert [(f.text, f.subject, f.period) for f in report.figures] == [
        ("410次", "表扬", "2022年"),
        ("373封", "表扬信", "2022年"),
    ]
    first = report.figures[0]
    assert report.original[first.original_start : first.original_end] == "410 次"


def test_a_quoted_word_with_a_numeral_is_no_figure():
    text = (
        "大学东路街道：党建引领基层治理\n\n　　本月群众反映最集中的是环境卫生类诉求，诉求中出现"
        "最多的词是“三天”、“垃圾”，街道已办结诉求三件，其余正在办理。"
    )
    assert [(f.text, f.subject) for f in parse_report(text).figures] == [("三件", "诉求")]
