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
