"""Scanned pages: corrections, layout from boxes, seals, sniffing, the missing-engine error, and
(slow, a few small pages through the real engine) a text PDF with a scanned page in the middle,
an image file, the cache and the per-file records."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from extract.errors import NeedsOCR
from extract.file import is_low_confidence, process_bytes
from extract.readers import ocr as ocr_mod
from extract.readers import pdf as pdf_mod
from extract.readers import read_bytes, sniff
from extract.readers.ocr import OcrBox, OcrSettings, has_seal, prepare
from extract.readers.ocrlayout import CORRECTIONS, correct, page_lines, skew_degrees
from extract.readers.pdf import read_pdf
from tools.scans import LETTERS, degrade, render, seal, with_scanned_pages

ENGINE = ocr_mod.engine_version() is not None
needs_engine = pytest.mark.skipif(not ENGINE, reason="the OCR extra is not installed")


# --- corrections: each rule of the table, with what it must leave alone ---------------------

@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("·环境空气质量目标：", "●环境空气质量目标："),           # bullet read as a middle dot
        ("•水环境质量目标", "●水环境质量目标"),
        (".生态保护指标", "●生态保护指标"),
        ("好于Ill类（水体优良）比例", "好于Ⅲ类（水体优良）比例"),   # Roman class numerals
        ("劣V类水体控制比例6.3%", "劣Ⅴ类水体控制比例6.3%"),
        ("点位 V 类比例不高于25%", "点位Ⅴ类比例不高于25%"),
        ("臭氧（03）污染天数", "臭氧（O3）污染天数"),              # ozone's O read as zero
        ("细颗粒物（PM2,5）年均浓度", "细颗粒物（PM2.5）年均浓度"),  # decimal point read as a comma
        ("比例不低于 87.6%，细颗粒物", "比例不低于87.6%，细颗粒物"),  # spaces beside Chinese
        ("削减 1,000 吨,完成任务", "削减1,000吨，完成任务"),       # full-width comma; 1,000 kept
        ("开展排查;推进整治", "开展排查；推进整治"),
        ("环境空气质量目标:城市", "环境空气质量目标：城市"),
        ("挥发性有机物(VOCs)、化学需氧量", "挥发性有机物（VOCs）、化学需氧量"),
    ],
)
def test_corrections(raw: str, fixed: str) -> None:
    assert correct(raw) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "PM2.5 10:30 V1.2 (draft)",        # no Chinese: left as read
        "城市空气质量优良天数比例不低于87.6%。",  # already right
        "Ⅴ类水体",                          # a real Roman numeral stays
        "第3页共10页",
        "二、重点任务",
        "年均浓度为03微克",                   # 03 not after 臭氧（ is a number
        "投资V8项目类",                      # V not right before 类 is a letter
    ],
)
def test_corrections_leave_right_text_alone(text: str) -> None:
    assert correct(text) == text


def test_every_correction_is_exercised() -> None:
    examples = [raw for raw, _ in test_corrections.pytestmark[0].args[1]]  # type: ignore[attr-defined]
    for pattern, _replacement, why in CORRECTIONS:
        assert why and any(pattern.search(e) for e in examples), pattern.pattern


# --- layout from boxes, no engine -------------------------------------------------------------

def _box(text: str, x0: float, y0: float, x1: float, y1: float, conf: float = 0.99, skew: float = 0.0) -> OcrBox:
    """A box as the engine gives it: four corners clockwise from the top left (y down); ``skew``
    tilts it by that many pixels over its width."""
    return OcrBox(text, ((x0, y0), (x1, y0 + skew), (x1, y1 + skew), (x0, y1)), conf)


W, H = 1400, 2000
CH = 40.0  # a character's width and height, pixels


def _text_line(text: str, y: float, x0: float = 200.0, skew: float = 0.0) -> OcrBox:
    return _box(text, x0, y, x0 + CH * len(text), y + CH, skew=skew)


def test_lines_join_into_paragraphs_and_footers_go() -> None:
    full = 25  # characters in a full line: 200 + 25 * 40 = 1200, the right margin
    boxes = [
        _text_line("一、生态环境质量目标和考核指标", 300),
        _text_line("●" + "甲" * (full - 1), 370),
        _text_line("乙" * (full + 2), 440, x0=200 - 80),  # continuation lines start 2 characters out
        _text_line("丙" * 6 + "。", 510, x0=120),
        _text_line("●" + "丁" * 10 + "。", 580),
        _box("一 2 一", 660, 1850, 740, 1890),  # page number read with 一 for the dashes
    ]
    lines = page_lines(boxes, W, H, 0.36)
    texts = [ol.line.text for ol in lines]
    assert "一2一" not in "".join(texts) and len(texts) == 5
    from extract.readers.image import assemble_ocr

    text, starts, ocr_lines = assemble_ocr([lines], {0})
    assert text.split("\n") == [
        "一、生态环境质量目标和考核指标",
        "●" + "甲" * 24 + "乙" * 27 + "丙" * 6 + "。",
        "●" + "丁" * 10 + "。",
    ]
    assert starts == [0]
    assert [text[ln.span_start:ln.span_end] for ln in ocr_lines] == texts
    assert all(0 <= v <= 1 for ln in ocr_lines for v in ln.box)


def test_a_page_number_set_apart_at_the_bottom_goes_even_outside_the_margin() -> None:
    # A photographed page: the sheet sits inside a border, so its footer is above the margin zone.
    body = [_text_line("正文" * 10, 300 + 70 * i) for i in range(8)]
    texts = [ol.line.text for ol in page_lines([*body, _box("-3-", 660, 1500, 740, 1540)], W, H, 0.36)]
    assert texts == ["正文" * 10] * 8
    close = [*body, _box("3", 200, 860, 240, 900)]  # a number right under the text, at the line pitch, stays
    assert [ol.line.text for ol in page_lines(close, W, H, 0.36)][-1] == "3"


def test_two_boxes_on_one_row_are_one_line() -> None:
    boxes = [_box("比例不低于", 200, 300, 400, 340), _box("87.6%，", 420, 302, 560, 342, conf=0.7)]
    [line] = page_lines(boxes, W, H, 0.36)
    assert line.line.text == "比例不低于87.6%，" and line.confidence == 0.7


def test_skewed_page_is_read_line_by_line() -> None:
    tilt = 30.0  # 30 px over a 1000 px line: about 1.7 degrees, more than a line's gap
    boxes = [_text_line(f"第{i}行" + "字" * 22, 300 + 70 * i, skew=tilt) for i in range(6)]
    assert skew_degrees(boxes) == pytest.approx(1.7, abs=0.1)
    texts = [ol.line.text for ol in page_lines(boxes, W, H, 0.36)]
    assert texts == [f"第{i}行" + "字" * 22 for i in range(6)]


def test_two_columns_are_read_column_by_column() -> None:
    boxes = [_box("两栏的标题", 500, 150, 900, 200)]
    for i in range(5):
        boxes.append(_box(f"左栏第{i}行文字", 100, 300 + 60 * i, 620, 340 + 60 * i))
        boxes.append(_box(f"右栏第{i}行文字", 760, 300 + 60 * i, 1280, 340 + 60 * i))
    texts = [ol.line.text for ol in page_lines(boxes, W, H, 0.36)]
    assert texts == ["两栏的标题"] + [f"左栏第{i}行文字" for i in range(5)] + [f"右栏第{i}行文字" for i in range(5)]
    right = [ol.line for ol in page_lines(boxes, W, H, 0.36) if ol.line.text.startswith("右")]
    assert right[0].x0 == pytest.approx(100 * 0.36)  # moved onto the first column's margin


# --- which pages are OCR'd -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("chars", "unmapped", "images", "mode", "ocr"),
    [
        (500, 0, False, "auto", False),   # a good text layer: never
        (500, 0, True, "auto", False),    # a good text layer with a logo: never
        (500, 3, False, "auto", False),   # a few characters without a Unicode value: warned, not OCR'd
        (500, 200, False, "auto", True),  # mostly U+FFFD: garbled, OCR'd
        (0, 0, True, "auto", True),       # images only: a scan
        (0, 0, False, "auto", False),     # a blank page
        (0, 0, True, "off", False),
        (500, 0, False, "force", True),
    ],
)
def test_which_pages_are_ocrd(chars: int, unmapped: int, images: bool, mode: str, ocr: bool) -> None:
    from extract.readers.pdf import _PageText, needs_ocr

    assert needs_ocr(_PageText((), (), chars, unmapped, images), mode) is ocr


# --- seals, sniffing, the missing engine ------------------------------------------------------

def test_a_red_seal_is_read_through_its_red_channel() -> None:
    page = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(page).rectangle((50, 140, 350, 160), fill="black")  # a line of text
    stamped = seal(page, __import__("random").Random(1), centre=(0.5, 0.5))
    assert has_seal(stamped) and not has_seal(page)
    seen = prepare(stamped)
    assert seen.sealed and seen.image.mode == "L"
    assert seen.image.getpixel((200, 150)) < 60  # the text under the seal stays black
    red = [(x, y) for x in range(0, 400, 2) for y in range(0, 300, 2)
           if (p := stamped.getpixel((x, y)))[0] > 150 and p[1] < 120]  # type: ignore[index]
    assert len(red) > 50 and all(seen.image.getpixel(xy) > 150 for xy in red)  # the seal's ink is gone
    assert not prepare(page).sealed


@pytest.mark.parametrize(
    ("first", "dot"),
    [
        ("disc", True),       # ● printed, and dropped by the recogniser
        ("square", False),    # 口: a hollow box, not a filled dot
        ("stroke", False),    # 1 or 丨: a thin upright stroke
        ("bar", False),       # 一: a flat dash
    ],
)
def test_a_dropped_bullet_is_seen_on_the_page(first: str, dot: bool) -> None:
    from extract.readers.ocr import starts_with_dot

    page = Image.new("L", (800, 100), 255)
    draw = ImageDraw.Draw(page)
    shapes = {
        "disc": lambda: draw.ellipse((112, 40, 128, 56), fill=0),
        "square": lambda: draw.rectangle((106, 32, 134, 64), outline=0, width=3),
        "stroke": lambda: draw.rectangle((116, 30, 120, 66), fill=0),
        "bar": lambda: draw.rectangle((104, 46, 136, 50), fill=0),
    }
    shapes[first]()
    for k in range(12):  # the characters after it
        draw.rectangle((150 + 36 * k, 32, 178 + 36 * k, 64), fill=0)
    quad = ((100.0, 28.0), (600.0, 28.0), (600.0, 68.0), (100.0, 68.0))
    assert starts_with_dot(page, quad) is dot


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_images_are_sniffed_as_scans(fmt: str) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buf, fmt)
    assert sniff(buf.getvalue(), "scan.bin") == "ocr"


def test_without_the_engine_a_scan_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_mod, "engine_version", lambda: None)
    monkeypatch.setattr(pdf_mod, "engine_version", lambda: None)
    scan = with_scanned_pages(LETTERS / "changchun-2022.pdf", {0: Image.new("RGB", (100, 140), "white")}, 72)
    only_scan = _scan_pdf(Image.new("RGB", (100, 140), "white"))
    with pytest.raises(NeedsOCR, match=r"mubiao\[ocr\]"):
        read_pdf(io.BytesIO(only_scan))
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buf, "PNG")
    with pytest.raises(NeedsOCR, match=r"scan.png: .*OCR engine is not installed.*mubiao\[ocr\]"):
        read_bytes(buf.getvalue(), "scan.png")
    mixed = read_pdf(io.BytesIO(scan))  # the text pages still read; the scanned one is named
    assert mixed.format == "pdf" and not mixed.ocr_lines
    assert "page 1: no text layer, only images; OCR this page (install the OCR extra" in mixed.warnings[0]


def test_ocr_off_keeps_scans_out(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buf, "PNG")
    rec = process_bytes(buf.getvalue(), "scan.png", ocr=OcrSettings(mode="off"))
    assert [e.code for e in rec.errors] == ["needs-ocr"] and "--ocr off" in rec.errors[0].message
    with pytest.raises(ValueError, match="ocr mode must be one of auto, off, force"):
        OcrSettings(mode="sometimes")  # type: ignore[arg-type]


def _scan_pdf(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=72.0)
    return buf.getvalue()


# --- the real engine on a few small pages (slow) -----------------------------------------------

@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> OcrSettings:
    return OcrSettings(cache_dir=tmp_path_factory.mktemp("ocr-cache"))


@pytest.fixture(scope="module")
def mixed_pdf() -> bytes:
    """The 长春市 letter with page 3 replaced by a skewed, noisy scan of itself."""
    pages = degrade(LETTERS / "changchun-2022.pdf", "rotated")
    return with_scanned_pages(LETTERS / "changchun-2022.pdf", {2: pages[2]}, 200)


@needs_engine
@pytest.mark.slow
def test_a_scanned_page_in_a_text_pdf_is_the_only_page_ocrd(mixed_pdf: bytes, ocr_cache: OcrSettings) -> None:
    clean = process_bytes((LETTERS / "changchun-2022.pdf").read_bytes(), "changchun-2022.pdf")
    got = process_bytes(mixed_pdf, "changchun-2022-mixed.pdf", ocr=ocr_cache)
    assert {ln.page for ln in got.ocr_lines} == {3}
    assert [(c.page, c.norm_text) for c in got.clauses] == [(c.page, c.norm_text) for c in clean.clauses]
    key = lambda t: (t.indicator, t.comparator, t.value, t.unit, t.page)
    assert sorted(map(key, got.targets), key=str) == sorted(map(key, clean.targets), key=str)
    [doc] = got.documents
    assert doc.format == "ocr"
    assert got.warnings[0].startswith("read by OCR (page 3; rapidocr==")
    for ln in got.ocr_lines:  # every OCR'd line maps into the document's text and onto its page
        assert ln.doc_id == doc.doc_id and doc.text[ln.span_start:ln.span_end] == ln.text
        assert doc.page_at(ln.span_start) == 3
    page3 = [t for t in got.targets if t.page == 3]
    assert page3 and all(t.ocr_confidence is not None for t in page3)
    assert all(t.ocr_confidence is None for t in got.targets if t.page != 3)


@needs_engine
@pytest.mark.slow
def test_force_reads_every_page_and_the_cache_answers_again(
    mixed_pdf: bytes, ocr_cache: OcrSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = read_pdf(io.BytesIO(mixed_pdf), ocr=ocr_cache)  # page 3 is in the cache by now or after this
    monkeypatch.setattr(ocr_mod, "_run_engine", lambda *a: pytest.fail("the cache should have answered"))
    again = read_pdf(io.BytesIO(mixed_pdf), ocr=ocr_cache)
    assert again == first
    pages: list[tuple[int, int]] = []
    off = read_pdf(io.BytesIO(mixed_pdf), ocr=OcrSettings(mode="off", on_page=lambda n, t: pages.append((n, t))))
    assert not off.ocr_lines and pages == [] and "page 3: no text layer" in off.warnings[0]


@needs_engine
@pytest.mark.slow
def test_an_image_file_with_a_seal_is_read(ocr_cache: OcrSettings) -> None:
    page = render(LETTERS / "jilin-2022.pdf", 150)[0]
    top = page.crop((0, 0, page.width, page.height // 2))  # title and the air targets
    stamped = seal(top, __import__("random").Random(3), centre=(0.62, 0.8))
    buf = io.BytesIO()
    stamped.save(buf, "JPEG", quality=80)
    seen: list[tuple[int, int]] = []
    settings = OcrSettings(cache_dir=ocr_cache.cache_dir, on_page=lambda n, t: seen.append((n, t)))
    rec = process_bytes(buf.getvalue(), "jilin-scan.jpg", ocr=settings)
    [doc] = rec.documents
    assert doc.format == "ocr" and doc.entity == "吉林市" and seen == [(1, 1)]
    assert any("red seal" in w for w in rec.warnings)
    air = {(t.indicator, t.value) for t in rec.targets}
    assert ("air.good_days_ratio", 86.8) in air and ("air.pm25", 35.0) in air
    assert all(doc.text[t.span_start:t.span_end] == t.quote for t in rec.targets)
    flagged = [t for t in rec.targets if is_low_confidence(t)]
    assert all(t.ocr_confidence is not None and t.ocr_confidence < 0.9 for t in flagged)
    assert not re.search(r"生态环境保护目标责任专用章", doc.text)  # the seal's lettering is not text


def test_the_report_marks_numbers_read_with_low_ocr_confidence() -> None:
    import dataclasses

    from diff import diff_family
    from diff.family import families_of
    from diff.report import ReportExtras, family_page, letter_page, ocr_checks
    from diff.review import ranked_letters as rank_letters

    recs = [process_bytes((LETTERS / f"{n}-2022.pdf").read_bytes(), f"{n}-2022.pdf")
            for n in ("changchun", "jilin", "siping")]
    docs = [d for r in recs for d in r.documents]
    targets = [t for r in recs for t in r.targets]
    pm25 = next(t for t in targets if t.doc_id == docs[1].doc_id and t.indicator == "air.pm25")
    targets = [dataclasses.replace(t, ocr_confidence=0.62) if t is pm25 else t for t in targets]
    [fam] = families_of(docs)
    res = diff_family(fam, [c for r in recs for c in r.clauses], targets)
    extras = ReportExtras(ocr_checks=ocr_checks(targets))
    assert list(extras.ocr_checks) == [docs[1].doc_id]
    page = family_page(res, extras)
    assert page.count(" ocr-check\" title=") == 1 and "OCR 置信度 0.62，请对照扫描件核对" in page
    summary = next(s for s in rank_letters(res) if s.doc.doc_id == docs[1].doc_id)
    assert "OCR 置信度 0.62" in letter_page(res, summary, [d for d in res.deviations if d.doc_id == docs[1].doc_id],
                                            extras)
    other = next(s for s in rank_letters(res) if s.doc.doc_id == docs[0].doc_id)
    assert "请对照扫描件核对" not in letter_page(res, other, [], extras)
