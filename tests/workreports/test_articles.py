"""Splitting a report into articles: the seed page's 11, with headlines printed apart from
their bodies, unit prefixes, leads, briefs with their authors and photo captions."""

from banshi.workreports.parsing import (
    BRIEF,
    PHOTO,
    STORY,
    UNIT_ALIASES,
    canonical_unit,
    parse_report,
)

# (kind, unit, headline, authors, the body starts with) of the seed's 11 articles, in the
# order of their bodies on the page.
SEED_ARTICLES = [
    (BRIEF, "", "", ("李海珍",), "近日，和林格尔新区政务服务局"),
    (BRIEF, "", "", ("阿柔娜",), "日前，为梳理社情民意"),
    (BRIEF, "", "", ("阿柔娜",), "为进一步提高青少年国防素养"),
    (
        STORY,
        "清水河县",
        "筑牢组织体系 建强“振兴堡垒”",
        ("梁婧姝", "吕喜燕", "潘磊"),
        "近日，清水河县委组织部",
    ),
    (STORY, "玉泉区", "开出“三味”良方 主题党日创新又“走心”", ("阿柔娜",), "主题党日是党组织活动"),
    (
        STORY,
        "大学东路街道",
        "党建“聚势”引领基层治理“增能”",
        ("刘慧慧",),
        "近年来，赛罕区大学东路街道",
    ),
    (
        STORY,
        "中山西路街道",
        "党建引领激发工会服务活力",
        ("祁晓燕",),
        "为进一步开创党建引领群团工作",
    ),
    (PHOTO, "", "", ("杨彩霞",), "近年来，大唐（内蒙古）能源开发有限公司"),
    (
        STORY,
        "土左旗新时代文明实践服务中心",
        "创新宣讲模式 让党的二十大精神深入人心",
        ("吕会生", "郭静"),
        "春风起，杏花香",
    ),
    (STORY, "市公交公司", "弘扬雷锋精神 擦亮党建品牌", ("阿柔娜",), "近年来，市公交公司深刻把握"),
    (PHOTO, "", "", ("祁晓燕",), "日前，市市场监督管理局"),
]


def test_the_seed_gives_its_eleven_articles(seed):
    found = [(a.kind, a.unit, a.headline, a.authors) for a in seed.articles]
    assert found == [row[:4] for row in SEED_ARTICLES]
    assert [a.index for a in seed.articles] == list(range(11))
    for article, row in zip(seed.articles, SEED_ARTICLES, strict=True):
        assert article.body.startswith(row[4])


def test_bylines_keep_their_roles(seed):
    qingshuihe = seed.articles[3]
    assert [(c.name, c.role) for c in qingshuihe.credits] == [
        ("梁婧姝", "reporter"),
        ("吕喜燕", "correspondent"),
        ("潘磊", "correspondent"),
    ]
    assert [(c.name, c.role) for c in seed.articles[7].credits] == [("杨彩霞", "photographer")]
    assert [(c.name, c.role) for c in seed.articles[1].credits] == [("阿柔娜", "author")]


def test_leads_captions_and_authors_are_not_body(seed):
    for article in seed.articles:
        assert "本报讯" not in article.body
        assert "■" not in article.body
        assert "（阿柔娜）" not in article.body and "（李海珍）" not in article.body
        assert not article.body.startswith("●")
    photo = seed.articles[7]
    assert photo.captions == (
        "图为大唐（内蒙古）能源开发有限公司蒙西新能源事业部“阅读追光 共沐书香”主题党日活动。",
    )
    assert "图为" not in photo.body
    assert photo.body.endswith("提供了文化支撑和思想保障。")


def test_the_page_titles_are_sections_not_articles(seed):
    assert seed.layout.sections == ("我为群众办实事", "学习宣传贯彻党的二十大精神党旗领航")
    assert seed.layout.orphan_headlines == ()


def test_spans_cover_the_bodies(seed):
    text = seed.normalized.text
    for article in seed.articles:
        assert "\n".join(text[s.start : s.end] for s in article.body_spans) == article.body
        assert article.span.start <= article.body_spans[0].start
        assert article.body_spans[-1].end <= article.span.end
        if article.headline_span:
            assert text[article.headline_span.start : article.headline_span.end] == article.headline
    # 中山西路街道's headline comes after its body, 清水河县's right before it.
    assert seed.articles[6].headline_span.start > seed.articles[6].span.end
    assert seed.articles[3].headline_span.end < seed.articles[3].span.start


def test_the_original_span_of_a_body_is_the_original_text(seed, seed_text):
    article = seed.articles[9]
    start, end = seed.normalized.to_original(article.body_spans[0].start, article.body_spans[0].end)
    assert seed_text[start:end].startswith("近年来，市\n公交公司")


def test_unit_aliases():
    assert UNIT_ALIASES["土左旗"] == "土默特左旗"
    assert canonical_unit("土左旗新时代文明实践服务中心") == "土默特左旗新时代文明实践服务中心"
    assert canonical_unit("大学东路街道") == "大学东路街道"


def test_a_headline_block_is_matched_by_the_units_the_bodies_name():
    report = parse_report(
        "甲街道：\n\n网格建设见实效\n\n乙社区：\n\n志愿服务暖人心\n\n"
        "本报讯（记者 张三）近日，乙社区组建志愿服务队2支。\n\n"
        "本报讯（记者 李四）今年，甲街道划分网格12个。\n"
    )
    assert [(a.unit, a.headline, a.authors) for a in report.articles] == [
        ("乙社区", "志愿服务暖人心", ("张三",)),
        ("甲街道", "网格建设见实效", ("李四",)),
    ]


def test_a_plain_report_with_a_title_is_one_article():
    report = parse_report(
        "关于网格化管理工作的情况报告\n\n今年以来，全街道划分网格36个。\n\n下一步，继续推进。\n"
    )
    assert len(report.articles) == 1
    article = report.articles[0]
    assert article.headline == "关于网格化管理工作的情况报告"
    assert article.body == "今年以来，全街道划分网格36个。\n下一步，继续推进。"
    assert report.layout.sections == ()


def test_an_empty_report_has_no_articles():
    report = parse_report(b"")
    assert report.articles == () and report.figures == ()
