"""read_pdf: tables, paragraphs rebuilt from the layout, footers, fake bold, broken fonts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract.errors import CorruptFile, EncryptedFile, NeedsOCR
from extract.normalize import normalize
from extract.readers import read_file
from extract.readers.ocr import OcrSettings
from extract.readers.pdf import read_pdf
from extract.readers.pdflayout import (
    Char,
    assemble,
    chars_to_lines,
    clean_text,
    is_page_number,
    joiner,
    repair_char,
)

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
SIPING_TABLE = FIXTURES / "tables" / "siping-2022-table"


def table_lines(text: str) -> list[str]:
    return [normalize(line).text for line in text.split("\n") if "\t" in line]


def test_table_rows_come_out_as_tab_joined_lines() -> None:
    pdf = read_pdf(SIPING_TABLE.with_suffix(".pdf"))
    rows = [line.split("\t") for line in pdf.text.split("\n") if "\t" in line]
    assert len(rows) == 19  # header once + 18 data rows, across two pages
    assert rows[0] == ["序号", "指标类别", "指标名称", "2022年目标值"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 19)]
    assert {len(r) for r in rows} == {4}
    # Merged 指标类别 cells are filled, also where the page break split the merged cell (16).
    assert [r[1] for r in rows[13:17]] == ["污染物排放总量控制"] * 4
    assert rows[2] == ["2", "环境空气质量", "细颗粒物（PM2.5）年均浓度", "≤33微克/立方米"]
    # Wrapped cell text is joined without a break: "好\n于Ⅲ类" reads "好于Ⅲ类".
    assert rows[5][2] == "纳入国家考核的地表水断面水质好于Ⅲ类（水体优良）比例"


def test_table_cells_match_the_docx_and_are_not_repeated_as_prose() -> None:
    pdf = read_file(SIPING_TABLE.with_suffix(".pdf"))
    docx = read_file(SIPING_TABLE.with_suffix(".docx"))
    assert table_lines(pdf.text) == table_lines(docx.text)
    assert pdf.text.count("城市环境空气质量优良天数比例") == 1
    assert pdf.text.count("序号") == 1


def test_letter_pages_footers_and_page_starts() -> None:
    got = read_pdf(FIXTURES / "letters" / "changchun-2022.pdf")
    assert got.warnings == ()
    assert len(got.page_starts) == 6 and got.page_starts[0] == 0
    assert all(not is_page_number(line) for line in got.text.split("\n"))
    assert "不低于87.6%，细颗粒物（PM2.5）年均浓度控制在34微克/立方米以下" in got.text


def test_paragraph_across_a_page_break_is_one_line() -> None:
    pdf = read_file(FIXTURES / "bundle" / "jilin-2022-bundle.pdf")
    docx = read_file(FIXTURES / "bundle" / "jilin-2022-bundle.docx")
    start = pdf.page_starts[56]  # page 57 opens in the middle of a paragraph
    line_start = pdf.text.rfind("\n", 0, start) + 1
    line_end = pdf.text.find("\n", start)
    assert line_start < start < line_end
    assert pdf.text[line_start:line_end] in docx.text.split("\n")
    assert pdf.page_at(start - 1) == 56 and pdf.page_at(start) == 57


def test_stream_input_and_errors() -> None:
    data = (FIXTURES / "letters" / "changchun-2022.pdf").read_bytes()
    assert read_pdf(io.BytesIO(data)).text == read_pdf(FIXTURES / "letters" / "changchun-2022.pdf").text
    with pytest.raises(EncryptedFile, match="password"):
        read_pdf(FIXTURES / "bad" / "encrypted-password-secret.pdf")
    with pytest.raises(CorruptFile, match="truncated.pdf: not a readable PDF"):
        read_pdf(FIXTURES / "bad" / "truncated.pdf")
    with pytest.raises(NeedsOCR, match=r"no text layer .*OCR is off"):
        read_pdf(FIXTURES / "bad" / "image-only.pdf", ocr=OcrSettings(mode="off"))


# --- small hand-made PDFs ------------------------------------------------------------------

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
UNMAPPED = (  # glyph names with no Unicode meaning: what a broken subset font looks like
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
    b"/Encoding << /Type /Encoding /Differences [65 /g1234 /g5678 /g9] >> >>"
)
GREY_PIXEL = b"q 200 0 0 200 100 400 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"


def make_pdf(pages: list[bytes], font: bytes = HELVETICA) -> bytes:
    """A minimal PDF: one content stream per page, the font as /F1 on every page."""
    font_id = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
    ]
    for i, content in enumerate(pages):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >>"
            f" /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(font)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def text_at(x: float, y: float, words: bytes, size: int = 16) -> bytes:
    return b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, words)


def test_fake_bold_glyphs_are_read_once_and_footer_dropped() -> None:
    page = (
        text_at(72, 700, b"Fake bold") + text_at(72.3, 700.2, b"Fake bold") + text_at(290, 40, b"- 3 -", 10)
    )
    got = read_pdf(io.BytesIO(make_pdf([page])))
    assert got.text == "Fake bold"


def test_unmapped_glyphs_and_image_pages_are_warned_about() -> None:
    pages = [text_at(72, 700, b"ABC"), GREY_PIXEL, text_at(72, 700, b"ok")]
    got = read_pdf(io.BytesIO(make_pdf(pages, UNMAPPED)), ocr=OcrSettings(mode="off"))
    assert got.warnings == (
        "page 1: font has no Unicode map for 3 characters (shown as U+FFFD); OCR this page (--ocr auto)",
        "page 2: no text layer, only images; OCR this page (--ocr auto)",
    )
    assert got.text.startswith("\ufffd\ufffd\ufffd") and len(got.page_starts) == 3


def test_pdf_without_any_text_needs_ocr() -> None:
    with pytest.raises(NeedsOCR, match=r"no text layer on any of its 2 page\(s\)"):
        read_pdf(io.BytesIO(make_pdf([GREY_PIXEL, GREY_PIXEL])))


# --- layout rules on synthetic characters ---------------------------------------------------


def chars(text: str, x: float, y: float, size: float = 16.0) -> list[Char]:
    """Characters of ``text`` on baseline ``y`` from ``x``: CJK one em wide, others half."""
    out = []
    for ch in text:
        width = size if ord(ch) > 0x2E80 else size / 2
        out.append(Char(ch, x, x + width, y - 0.12 * size, y + 0.88 * size, size, ch == " "))
        x += width
    return [c for c in out if c.text != " "]


def layout(*lines: tuple[str, float, float], pages: int = 1) -> tuple[str, list[int]]:
    """Assemble lines given as (text, x, y); a y above 1000 means the next page (y - 1000)."""
    by_page: list[list[Char]] = [[] for _ in range(pages)]
    for text, x, y in lines:
        by_page[int(y // 1000)].extend(chars(text, x, y % 1000))
    return assemble([chars_to_lines(page) for page in by_page])


# 25 CJK characters of 16pt fill the line from x=80 to x=480.
FULL = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰"


def test_wrapped_lines_join_and_short_lines_end_paragraphs() -> None:
    text, _ = layout(
        ("●" + FULL[:24], 80, 700), (FULL, 80, 672), ("不低于", 80, 644),
        ("●" + FULL[:24], 80, 616), ("于", 80, 588),
    )  # fmt: skip
    assert text.split("\n") == ["●" + FULL[:24] + FULL + "不低于", "●" + FULL[:24] + "于"]


def test_indent_marker_and_gap_start_paragraphs() -> None:
    text, _ = layout(
        ("一、" + FULL[:23], 80, 700), ("（一）" + FULL[:22], 80, 672),  # marker starts a paragraph
        (FULL[:23], 112, 644), (FULL, 80, 616),  # an indented first line starts one
        (FULL, 80, 588), (FULL, 80, 500),  # a gap of three lines starts one
        (FULL, 80, 472),
    )  # fmt: skip
    assert [len(p) for p in text.split("\n")] == [25, 25, 73, 50]


def test_latin_words_keep_their_space_and_cjk_loses_it() -> None:
    text, _ = layout(
        ("单位 GDP 二氧化碳 PM2.5 and NOx" + FULL[:8], 80, 700), ("emissions" + FULL[:4], 80, 672)
    )
    assert text.split("\n")[0].startswith("单位GDP二氧化碳PM2.5 and NOx")


def test_paragraph_continues_across_pages_and_page_start_is_inside_it() -> None:
    text, starts = layout((FULL, 80, 700), (FULL, 80, 672), (FULL[:5] + "。", 80, 1760), pages=2)
    assert text == FULL + FULL + FULL[:5] + "。"
    assert starts == [0, 50]


def test_mirrored_margins_of_odd_and_even_pages() -> None:
    def page(x: float, number: int) -> list[tuple[str, float, float]]:
        top = 1000 * number + 700
        return [(FULL, x, top - 28 * i) for i in range(10)] + [(FULL[:3] + "。", x, top - 280)]

    # Even pages sit 20pt further right (the binding edge): each half of the pages has its margins.
    text, starts = layout(*page(80, 0), *page(100, 1), *page(80, 2), pages=3)
    assert [len(p) for p in text.split("\n")] == [254, 254, 254] and starts == [0, 255, 510]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("— 3 —", True), ("- 12 -", True), ("第3页", True), ("第 3 页 共 10 页", True), ("3/10", True),
     ("7", True), ("三、重点任务", False), ("100%", False), ("— 附件 —", False)],
)  # fmt: skip
def test_is_page_number(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [("不低", "于", ""), ("PM2.5", "年均", ""), ("Word", "97", " "), ("（VOCs", "）", ""), ("。", "A", "")],
)
def test_joiner(before: str, after: str, expected: str) -> None:
    assert joiner(before, after) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [(0x2F32, ("干", False)), (0x2F46, ("无", False)), (0x6C34, ("水", False)), (0xE123, ("\ufffd", True)),
     (0xFFFD, ("\ufffd", True)), (0, ("\ufffd", True))],
)  # fmt: skip
def test_repair_char_folds_kangxi_radicals_and_flags_unmapped(code: int, expected: tuple[str, bool]) -> None:
    assert repair_char(code) == expected


def test_clean_text_joins_cell_lines() -> None:
    assert clean_text("地下水环境质\n量") == "地下水环境质量"
    assert clean_text("于 87.6%\t以上") == "于87.6%以上"
    assert clean_text("⼲部(cid:123)达标") == "干部\ufffd达标"
