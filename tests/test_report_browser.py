"""The report in headless Chromium, opened from disk: highlights shown, no error, no script runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_report import injected_family

from diff.report import family_dirname, letter_filename, write_reports

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (in CI this test must run)",
    ),
]


def test_pages_open_from_disk(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    _, docs, clauses, targets, results = injected_family()
    out = tmp_path / "reports"
    write_reports(results, docs, clauses, targets, out)
    fdir = out / family_dirname(results[0].name)
    index, letter = fdir / "index.html", fdir / letter_filename(results[0], docs[1])
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(index.as_uri())
            assert page.title() == results[0].name
            assert page.locator("table.matrix td.stricter").count() > 0
            assert page.locator("table.matrix td.looser").count() > 0
            page.screenshot(path=str(tmp_path / "index.png"), full_page=True)

            page.goto(letter.as_uri())
            assert page.locator("ins.ins").count() > 0  # inserted words highlighted
            text = page.locator("body").inner_text()
            assert "<script>alert(1)</script>" in text  # shown as text ...
            assert page.evaluate("document.scripts.length") == 0  # ... never as a script
            assert page.locator("mark.dev").count() > 0
            page.click("a[href='#src-0']")
            assert page.evaluate("location.hash") == "#src-0"
            page.screenshot(path=str(tmp_path / "letter.png"), full_page=True)

            moved = next(d for d in docs if d.entity == next(e for e, k in _planted() if k == "clause_moved"))
            page.goto((fdir / letter_filename(results[0], moved)).as_uri())
            assert page.locator("del.del, ins.ins, mark.dev").count() > 0
        finally:
            browser.close()
    assert dialogs == []
    assert errors == []
    assert (tmp_path / "letter.png").stat().st_size > 0


def _planted():
    fam, *_ = injected_family()
    return fam.planted


def _seed_pages(tmp_path: Path) -> Path:
    from diffkit import SEED, records_from_text

    from diff import run_diff

    docs, clauses, targets = records_from_text(SEED.read_text(encoding="utf-8"), str(SEED))
    results = run_diff(docs, clauses, targets)
    write_reports(results, docs, clauses, targets, tmp_path)
    return tmp_path / family_dirname(results[0].name)


def _ink(image, rgb: tuple[int, int, int], tolerance: int = 6) -> int:
    """Pixels of ``image`` within ``tolerance`` of ``rgb`` on every channel."""
    raw = image.convert("RGB").tobytes()
    return sum(1 for n in range(0, len(raw), 3)
               if all(abs(raw[n + k] - rgb[k]) <= tolerance for k in range(3)))


def test_family_page_ranks_and_matrix_is_chinese_and_fits(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    folder = _seed_pages(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto((folder / "index.html").as_uri())
            ranked = page.locator("table.ranking tbody tr td:nth-child(2) a").all_inner_texts()
            assert ranked[:2] == ["长白山管委会", "梅河口市"]
            heads = page.locator("table.matrix thead th .ind").all_inner_texts()
            assert "优良天数比例" in heads and all(not h.isascii() for h in heads)
            assert page.locator("table.matrix thead th[title^='air.good_days_ratio']").count() == 1
            # The page fits the window; the matrix scrolls inside its own box, its header sticky.
            assert page.evaluate("document.documentElement.scrollWidth") <= 1400
            assert page.evaluate("getComputedStyle(document.querySelector('table.matrix thead th')).position") == "sticky"
            # No header wraps one character per line: every header is wider than two characters.
            widths = page.evaluate("[...document.querySelectorAll('table.matrix thead th')].map(e => e.offsetWidth)")
            size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('table.matrix thead th')).fontSize)")
            assert min(widths) > 3 * size
            page.screenshot(path=str(tmp_path / "family.png"), full_page=True)
        finally:
            browser.close()


def test_printed_letter_keeps_inserted_and_deleted_words_visible(tmp_path: Path):
    import pypdfium2
    from playwright.sync_api import sync_playwright

    folder = _seed_pages(tmp_path)
    pdf_path = tmp_path / "letter.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto((folder / "长白山管委会.html").as_uri())
            page.click("a[href='#src-0']")  # the jump target is highlighted
            assert page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle") == "solid"
            # Printed as a reviewer would, backgrounds off: the stylesheet must force them on.
            page.pdf(path=str(pdf_path), format="A4", print_background=False)
        finally:
            browser.close()
    pdf = pypdfium2.PdfDocument(pdf_path)
    text = "".join(pdf[k].get_textpage().get_text_range() for k in range(len(pdf)))
    assert "及以下" in text and "无重度及以上污染天气" in text.replace("\r", "").replace("\n", "")
    first = pdf[0].render(scale=1.5).to_pil()
    first.save(tmp_path / "letter-print.png")
    # Backgrounds print only when the stylesheet forces them (print-color-adjust: exact): without
    # it these counts are 0 (a few anti-aliased pixels come near the colours, none this near).
    assert _ink(first, (0xD8, 0xF5, 0xD0)) > 1000  # inserted words: green ground ...
    assert _ink(first, (0x0A, 0x5C, 0x0A), 40) > 50  # ... and green ink
    assert _ink(first, (0xFB, 0xD9, 0xD9)) > 1000  # deleted words: red ground
