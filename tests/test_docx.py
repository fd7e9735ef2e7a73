"""read_docx: numbering labels, tracked changes, merged table cells, hostile packages."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from extract.errors import CorruptFile, TooLarge, UnsupportedFormat
from extract.readers.docx import read_docx
from extract.readers.docxnum import format_number

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(body: str, numbering: str | None = None, prolog: str = "") -> bytes:
    """A minimal .docx around ``body`` (the inside of w:body), optionally with numbering.xml."""
    doc = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", doc)
        if numbering is not None:
            zf.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
    return buf.getvalue()


def para(text: str, num: tuple[int, int] | None = None) -> str:
    numpr = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>'
        if num
        else ""
    )
    return f"<w:p>{numpr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def read(data: bytes) -> str:
    return read_docx(io.BytesIO(data)).text


def test_auto_numbered_letter_reads_like_the_typed_one() -> None:
    auto = read_docx(FIXTURES / "docx-features" / "changchun-2022-auto-numbered.docx")
    typed = read_docx(FIXTURES / "letters" / "changchun-2022.docx")
    assert auto.text == typed.text
    assert "\n二、重点任务\n（一）加快推进生态强省建设\n●建立完善生态强省推进工作机制。" in auto.text


def test_tracked_changes_read_as_accepted_with_revisions() -> None:
    got = read_docx(FIXTURES / "docx-features" / "changchun-2022-tracked-changes.docx")
    assert "比例不低于88.2%，细颗粒物" in got.text and "87.6%" not in got.text
    assert "地下水国控区域点位Ⅴ类比例不高于25%。地下水“双源”点位水质保持稳定。" in got.text
    assert [(r.kind, r.text, r.author) for r in got.revisions] == [
        ("delete", "87.6%", "省生态环境厅"),
        ("insert", "88.2%", "省生态环境厅"),
        ("insert", "地下水“双源”点位水质保持稳定。", "长春市生态环境局"),
    ]
    deleted, inserted, sentence = got.revisions
    assert deleted.span_start == deleted.span_end == inserted.span_start
    assert got.text[inserted.span_start : inserted.span_end] == "88.2%"
    assert got.text[sentence.span_start : sentence.span_end] == sentence.text
    assert deleted.date == "2022-03-01T09:00:00Z"


def test_table_letter_rows_with_merged_cells() -> None:
    got = read_docx(FIXTURES / "tables" / "siping-2022-table.docx")
    rows = [line.split("\t") for line in got.text.split("\n") if "\t" in line]
    assert len(rows) == 19
    assert [r[1] for r in rows[1:5]] == ["环境空气质量"] * 4
    assert rows[16] == ["16", "污染物排放总量控制", "氨氮重点工程减排量", "完成年度减排任务"]


def test_vertical_merge_repeats_and_grid_span_appears_once() -> None:
    def cell(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{para(text)}</w:tc>"

    restart, span = '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="2"/>'
    body = (
        "<w:tbl>"
        f"<w:tr>{cell('类别', restart)}{cell('指标')}{cell('目标')}</w:tr>"
        f"<w:tr>{cell('', '<w:vMerge/>')}{cell('合计（两列合并）', span)}</w:tr>"
        f"<w:tr>{cell('水', '')}<w:tc>{para('地表水')}{para('断面')}</w:tc>{cell('≥70%')}</w:tr>"
        "</w:tbl>"
    )
    assert read(make_docx(para("前言") + body)).split("\n") == [
        "前言", "类别\t指标\t目标", "类别\t合计（两列合并）", "水\t地表水断面\t≥70%",
    ]  # fmt: skip


NUMBERING = """
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="ideographTraditional"/><w:suff w:val="nothing"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
"""


def test_numbering_counters_levels_starts_and_overrides() -> None:
    body = "".join(
        para(text, num)
        for text, num in [
            ("总体要求", (1, 0)), ("目标", (1, 1)), ("任务", (1, 1)), ("细则", (1, 2)), ("细则", (1, 2)),
            ("重点任务", (1, 0)), ("大气", (1, 1)), ("甲项", (2, 0)), ("乙项", (2, 0)),
            ("重启", (3, 0)), ("继续", (3, 0)), ("无编号", (0, 0)),
        ]
    )  # fmt: skip
    assert read(make_docx(body, NUMBERING)).split("\n") == [
        "一、总体要求", "（一）目标", "（二）任务", "1. 细则", "2. 细则",
        "二、重点任务", "（一）大气", "丙.甲项", "丁.乙项", "九、重启", "十、继续", "无编号",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
     (20, "chineseCountingThousand", "二十"), (51, "chineseCounting", "五十一"), (105, "chineseCounting", "一百零五"),
     (110, "chineseCounting", "一百一十"), (2, "ideographTraditional", "乙"), (3, "decimalEnclosedCircle", "③"),
     (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (7, "decimal", "7"), (3, "chineseLegalSimplified", "叁")],
)  # fmt: skip
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_moves_hidden_text_breaks_and_tabs() -> None:
    body = (
        "<w:p><w:moveFrom w:author='a'><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>"
        "<w:r><w:t>保留</w:t><w:tab/><w:t>文字</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        "<w:moveTo w:author='a'><w:r><w:t>新位置</w:t></w:r></w:moveTo>"
        "<w:r><w:br/><w:t>换行</w:t></w:r></w:p>"
    )
    got = read_docx(io.BytesIO(make_docx(body)))
    assert got.text == "保留 文字新位置\n换行"
    assert [(r.kind, r.text) for r in got.revisions] == [("delete", "旧位置"), ("insert", "新位置")]


def test_text_boxes_are_skipped_with_a_warning() -> None:
    box = "<w:r><w:pict><w:txbxContent>" + para("框内目标95%") + "</w:txbxContent></w:pict></w:r>"
    got = read_docx(io.BytesIO(make_docx(f"<w:p><w:r><w:t>正文</w:t></w:r>{box}</w:p>")))
    assert got.text == "正文"
    assert got.warnings == ("1 text box(es) with text were not read; check them by hand",)


def test_deleted_paragraph_mark_joins_paragraphs() -> None:
    body = "<w:p><w:pPr><w:rPr><w:del w:author='a'/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>" + para(
        "后半"
    )
    assert read(make_docx(body)) == "前半后半"


# --- hostile and broken packages -------------------------------------------------------------


def zip_bomb(inflated: int = 1 << 30) -> bytes:
    """A real .docx-shaped zip whose document.xml inflates to ``inflated`` zero bytes (~1 MB)."""
    chunk = b"\0" * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # same bytes every MB
    data = piece * (inflated // len(chunk)) + deflate.flush()
    crc = 0
    for _ in range(inflated // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    name = b"word/document.xml"
    sizes = (crc, len(data), inflated, len(name))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, *sizes, 0) + name
    central = (
        struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, *sizes, 0, 0, 0, 0, 0, 0) + name
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    return local + data + central + end


def test_zip_bomb_is_refused_before_inflating() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 2 << 20
    started = time.perf_counter()
    with pytest.raises(TooLarge, match="inflates to 1073741824 bytes"):
        read_docx(io.BytesIO(bomb), name="bomb.docx")
    assert time.perf_counter() - started < 1.0


def test_entity_expansion_bomb_is_refused() -> None:
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    data = make_docx("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=f"<!DOCTYPE w:document [{lol}]>")
    with pytest.raises(CorruptFile, match="declares a DTD or XML entities") as info:
        read_docx(io.BytesIO(data), name="lol.docx")
    assert "entity-expansion" in str(info.value)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", CorruptFile, "empty file"),
        ((FIXTURES / "bad" / "not-a-zip.docx").read_bytes(), UnsupportedFormat, "HTML page"),
        ((FIXTURES / "bad" / "malformed-xml.docx").read_bytes(), CorruptFile, "word/document.xml line 2: Opening and ending tag mismatch"),
        (make_docx("<w:p>")[:-30], CorruptFile, "not a valid zip package"),
        (make_docx("<w:p><w:r><w:t>未闭合</w:r></w:p>"), CorruptFile, "word/document.xml line 1"),
    ],
)  # fmt: skip
def test_broken_packages(data: bytes, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        read_docx(io.BytesIO(data), name="x.docx")


def test_package_without_document_part() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/styles.xml", "<styles/>")
    with pytest.raises(CorruptFile, match="no word/document.xml"):
        read_docx(io.BytesIO(buf.getvalue()))
