"""Decoding and normalizing a report: encodings, lines joined across a narrow column's
breaks, spaced-out type squeezed, paragraphs cut where the page starts them, and every
normalized character mapped back to the original."""

import pytest

from banshi.workreports.parsing import ReportDecodeError, decode, normalize


def test_decode_utf8_bom_and_gbk():
    text = "划分网格68个，覆盖居民68231余人。"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("gbk")) == (text, "gb18030")
    assert decode("镕".encode("gb18030")) == ("镕", "gb18030")


def test_decode_refuses_bytes_that_are_not_text():
    with pytest.raises(ReportDecodeError):
        decode(b"\xff\xfe\x00\xd8\x81")


def test_lines_broken_between_cjk_characters_are_joined():
    n = normalize("近日，和林格尔新区政\n务服务局党支部开展\n了活动。\n")
    assert n.text == "近日，和林格尔新区政务服务局党支部开展了活动。"
    assert len(n.paragraphs) == 1


def test_a_blank_line_inside_a_sentence_is_a_column_break():
    n = normalize(
        "以组织落实为抓手，大力推动堡垒示范支部\n\n创建工作。\n\n今年，清水河县将着眼增强。"
    )
    assert [n.paragraph_text(p) for p in n.paragraphs] == [
        "以组织落实为抓手，大力推动堡垒示范支部创建工作。",
        "今年，清水河县将着眼增强。",
    ]


def test_bullets_and_authors_start_paragraphs():
    n = normalize("●近日，开展了活动。\n（李海珍）\n●日前，走访。 （阿柔娜）")
    texts = [n.paragraph_text(p) for p in n.paragraphs]
    assert texts == ["●近日，开展了活动。", "（李海珍）", "●日前，走访。 （阿柔娜）"]
    assert [p.role for p in n.paragraphs] == ["text", "author", "text"]


def test_spaced_out_type_is_squeezed():
    n = normalize(
        "加强村后备力量\n的 发 现 、储 备 、培 养 及 动 态 调 整 工\n作 ，通 过 学 历 提 升"
    )
    assert n.text == "加强村后备力量的发现、储备、培养及动态调整工作，通过学历提升"
    n = normalize("12345 便 民 热 线 表 扬 410 次 ，表 扬 信")
    assert n.text == "12345便民热线表扬410次，表扬信"


def test_spaces_between_names_and_in_headlines_stay():
    n = normalize("本报讯（记者 梁婧姝 通讯员 吕\n\n喜燕 潘磊）近日，每网格 300-500户划分。")
    assert n.text == "本报讯（记者 梁婧姝 通讯员 吕喜燕 潘磊）近日，每网格300-500户划分。"


def test_a_unit_line_opens_a_headline_whose_lines_join_with_a_space():
    n = normalize(
        "土左旗新时代文明实践服务中心：\n\n创新宣讲模式\n让党的二十大精神深入人心\n\n春风起。"
    )
    assert [(p.role, n.paragraph_text(p)) for p in n.paragraphs] == [
        ("unit", "土左旗新时代文明实践服务中心："),
        ("headline", "创新宣讲模式 让党的二十大精神深入人心"),
        ("text", "春风起。"),
    ]


def test_a_line_ending_with_a_colon_inside_a_body_is_no_unit():
    n = normalize("具体做法如下：\n一是加强学习。")
    assert [p.role for p in n.paragraphs] == ["text"]


def test_offsets_map_back_to_the_original():
    original = "\ufeff  划分网格 68个，覆盖居\r\n民68231余人。"
    n = normalize(original)
    assert n.text == "划分网格68个，覆盖居民68231余人。"
    decoded = original[1:]
    for needle in ("68个", "居民", "68231余人"):
        start = n.text.index(needle)
        o_start, o_end = n.to_original(start, start + len(needle))
        assert decoded[o_start:o_end].replace("\r\n", "") == needle
    assert len(n.offsets) == len(n.text) + 1


def test_seed_paragraphs_map_back(seed, seed_text):
    n = seed.normalized
    assert n.original == seed_text
    # Every normalized non-space character is the original character it maps to.
    for i, char in enumerate(n.text):
        if char not in " \n":
            assert seed_text[n.offsets[i]] == char
    assert "的发现、储备、培养及动态调整工作，通过学历提升" in n.text
    assert "12345便民热线表扬410次，表扬信373封" in n.text
