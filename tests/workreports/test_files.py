"""Reading a report's file into text (report_text): a DOCX and a two-column PDF made here,
a GBK text file, and the files that cannot be read — corrupt, encrypted, scanned, empty,
too large — each refused with its message."""

import io
import zipfile

import docx
import pytest
from weasyprint import HTML

from banshi.workreports.parsing import ReportFileError, parse_report, report_text

DAXUE_HEADLINE = "大学东路街道：党建“聚势”引领基层治理“增能”"
DAXUE_LEAD = "本报讯（记者 刘慧慧）近年来，赛罕区大学东路街道聚焦推进社会治理体系和治理能力现代化。"
DAXUE = (
    "在“新”上见真章，活用载体“鲜味”足。深化网格党支部建设，街道6个社区按照每网格"
    "300-500户划分标准，划分网格68个，覆盖居民68231余人、商业网点816个。选配楼栋长517人、"
    "单元长1381人。街道辖区共有非公企业76家，已建立党组织企业34家，共选派党建指导员13名，"
    "实现党的组织覆盖率44%，党的工作覆盖率100%。"
)
BUS_HEADLINE = "市公交公司：弘扬雷锋精神 擦亮党建品牌"
BUS = (
    "本报讯（记者 阿柔娜）仅2022年，12345便民热线表扬410次，表扬信373封，锦旗27面。"
    "截至目前，公司已创建66路、73路、26路等16条雷锋线路，打造雷锋主题车厢39台；设立2处"
    "雷锋示范岗，评选产生了42名公司级岗位学雷锋标兵，组建的雷锋志愿服务队注册人数达1000余人。"
)
FONT = "font-family: 'Noto Sans CJK SC'; font-size: 10pt;"


def _figures(text):
    return {(f.text, f.subject) for f in parse_report(text).figures}


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(body: str, css: str = "") -> bytes:
    html = f"<html><head><style>@page {{ size: A4; margin: 2cm }} body {{ {FONT} }} {css}"
    return HTML(string=f"{html}</style></head><body>{body}</body></html>").write_pdf()


def _refused(data: bytes, message: str, **kwargs):
    with pytest.raises(ReportFileError) as caught:
        report_text(data, **kwargs)
    assert message in str(caught.value)


# DOCX ----------------------------------------------------------------------------------------


def test_a_docx_gives_its_paragraphs_in_order_and_parse_report_finds_the_figures():
    def build(document):
        document.add_heading(DAXUE_HEADLINE, level=1)
        document.add_paragraph(DAXUE_LEAD)
        document.add_paragraph(DAXUE)

    text, kind = report_text(_docx(build), filename="报告.docx")
    assert kind == "docx"
    lines = [line.strip("\u3000") for line in text.splitlines() if line.strip()]
    assert lines == [DAXUE_HEADLINE, DAXUE_LEAD, DAXUE]
    report = parse_report(text)
    assert [(a.unit, a.headline, a.authors) for a in report.articles] == [
        ("大学东路街道", "党建“聚势”引领基层治理“增能”", ("刘慧慧",))
    ]
    assert {
        ("6个", "社区"),
        ("68个", "网格"),
        ("68231余人", "居民"),
        ("816个", "商业网点"),
        ("517人", "楼栋长"),
        ("1381人", "单元长"),
        ("76家", "非公企业"),
        ("34家", "党组织企业"),
        ("13名", "党建指导员"),
        ("44%", "组织覆盖率"),
        ("100%", "工作覆盖率"),
    } <= _figures(text)


def test_a_docx_keeps_tables_where_they_stand_row_by_row():
    def build(document):
        document.add_paragraph("三率排名如下。")
        table = document.add_table(rows=3, cols=3)
        for row, cells in zip(
            table.rows,
            [("名次", "单位", "响应率"), ("1", "乌兰社区", "98.0%"), ("2", "画报社区", "95.5%")],
            strict=True,
        ):
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
        document.add_paragraph("以上数据截至月底。")

    text, _kind = report_text(_docx(build))
    lines = [line.strip("\u3000") for line in text.splitlines() if line.strip()]
    assert lines == [
        "三率排名如下。",
        "名次  单位  响应率",
        "1  乌兰社区  98.0%",
        "2  画报社区  95.5%",
        "以上数据截至月底。",
    ]


def test_a_docx_with_no_text_is_empty():
    _refused(_docx(lambda d: d.add_paragraph("  ")), "文件中没有可读取的文字")


def test_a_corrupt_docx_is_refused():
    _refused(b"PK\x03\x04" + b"\x00broken" * 20, "DOCX文件已损坏", filename="a.docx")
    # A zip that holds no Word document, named .docx.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "你好")
    _refused(out.getvalue(), "DOCX文件已损坏", filename="a.docx")
    _refused(out.getvalue(), "不支持该文件类型")
    # The document part is there, the rest of the package is not.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    _refused(out.getvalue(), "DOCX文件已损坏")


def test_an_old_word_file_is_refused():
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "不支持旧版Word")


# PDF -----------------------------------------------------------------------------------------


def test_a_two_column_pdf_is_read_column_by_column():
    body = (
        f"<h1>{BUS_HEADLINE.split('：')[1]} · 党建专版</h1>"
        f"<p>{DAXUE_HEADLINE}</p><p>{DAXUE_LEAD}</p><p class=i>{DAXUE}</p>"
        f"<p class=b>{BUS_HEADLINE}</p><p class=i>{BUS}</p>"
    )
    css = (
        ".cols { column-count: 2; column-gap: 2em; text-align: justify }"
        "h1 { font-size: 18pt; text-align: center } .i { text-indent: 2em }"
        ".b { break-before: column } p { margin: 0 0 0.6em 0 }"
    )
    head, rest = body.split("</h1>")
    data = _pdf(f"{head}</h1><div class=cols>{rest}</div>", css)
    text, kind = report_text(data, filename="page.pdf")
    assert kind == "pdf"
    flat = text.replace("\n", "").replace("\u3000", "")
    # The headline across the page first, then all of the left column, then the right.
    assert flat.startswith("弘扬雷锋精神 擦亮党建品牌 · 党建专版")
    assert flat.index("单元长1381人") < flat.index(BUS_HEADLINE)
    for phrase in ("覆盖居民68231余人", "党的工作覆盖率100%。", "表扬信373封", "达1000余人。"):
        assert phrase in flat
    assert flat.index("党的工作覆盖率100%") < flat.index("12345便民热线")
    # No spaces between CJK characters; the spaces of the lead's credit are kept.
    assert "（记者 刘慧慧）" in flat and "（记者 阿柔娜）" in flat
    report = parse_report(text)
    units = [a.unit for a in report.articles]
    assert units[-2:] == ["大学东路街道", "市公交公司"]
    daxue, bus = report.articles[-2:]
    assert {(f.text, f.subject) for f in report.figures_of(daxue)} >= {
        ("68个", "网格"),
        ("68231余人", "居民"),
        ("44%", "组织覆盖率"),
    }
    assert {(f.text, f.subject) for f in report.figures_of(bus)} >= {
        ("410次", "表扬"),
        ("373封", "表扬信"),
        ("16条", "雷锋线路"),
        ("1000余人", "志愿服务队"),
    }


def test_a_three_column_pdf_reads_its_columns_left_to_right():
    columns = [
        "第一栏" + "甲" * 120 + "。",
        "第二栏" + "乙" * 120 + "。",
        "第三栏" + "丙" * 120 + "。",
    ]
    body = "<div class=cols>" + "".join(f"<p class=b>{c}</p>" for c in columns) + "</div>"
    css = ".cols { column-count: 3; column-gap: 1.5em } .b { break-before: column; margin: 0 }"
    text, _kind = report_text(_pdf(body, css))
    flat = text.replace("\n", "")
    assert flat.index("第一栏") < flat.index("第二栏") < flat.index("第三栏")
    assert flat.count("甲") == 120 and "甲乙" not in flat and "乙丙" not in flat


def test_a_one_column_pdf_with_a_table_keeps_its_lines():
    rows = "".join(
        f"<tr><td>{n}</td><td>{unit}</td><td>{rate}</td></tr>"
        for n, unit, rate in [(1, "乌兰社区", "98.0%"), (2, "画报社区", "95.5%")]
    )
    paragraph = "大学东路街道共受理群众诉求1204件，" * 6
    body = f"<p>{paragraph}</p><table>{rows}</table><p>{paragraph}</p>"
    text, _kind = report_text(_pdf(body, "td { padding: 0 3em }"))
    lines = [line.strip("\u3000") for line in text.splitlines()]
    # Not taken for columns: the rows stay whole, their cells two spaces apart.
    assert "1  乌兰社区  98.0%" in lines and "2  画报社区  95.5%" in lines
    assert text.index("诉求1204件，\n\n") < text.index("乌兰社区")


def test_a_pdf_without_a_text_layer_is_a_scan():
    svg = '<svg width="300" height="200"><rect width="300" height="200" fill="#888"/></svg>'
    _refused(_pdf(svg), "该PDF没有文字层（可能是扫描件），请上传文字版")


def test_a_corrupt_pdf_is_refused():
    _refused(b"%PDF-1.7\n" + b"garbage \x00\xff" * 50, "PDF文件已损坏")
    _refused(b"not a pdf at all", "PDF文件已损坏", filename="a.pdf")
    whole = _pdf("<p>大学东路街道</p>")
    _refused(whole[: len(whole) // 3], "PDF文件已损坏")


def _encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose empty user password is wrong."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"ab" * 32
        + b"> /U <"
        + b"cd" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"01" * 16,
        b"01" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_an_encrypted_pdf_is_refused():
    _refused(_encrypted_pdf(), "该PDF已加密")


# Text and limits ---------------------------------------------------------------------------


def test_a_gbk_text_file():
    original = f"{DAXUE_HEADLINE}\n\n{DAXUE_LEAD}\n{DAXUE}\n"
    text, kind = report_text(original.encode("gbk"), filename="报告.txt")
    assert (text, kind) == (original, "text")
    assert ("68231余人", "居民") in _figures(text)


def test_text_that_is_no_text_is_refused():
    _refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不支持该文件类型")
    _refused(b"\x81\xff\xfe\xff", "无法识别文件的文字编码")
    _refused(b"  \n\n\t", "文件中没有可读取的文字")
    _refused(b"", "文件中没有可读取的文字")


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    _refused(b"%PDF-" + b"x" * 200, "文件超过", max_bytes=100)
    assert report_text("划分网格68个。".encode(), max_bytes=100) == ("划分网格68个。", "text")
    with pytest.raises(ReportFileError, match="20 MB"):
        report_text(b"a" * (20 * 1024 * 1024 + 1))
