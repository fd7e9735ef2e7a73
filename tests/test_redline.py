"""Word redlines: every seed letter's .docx, read back with python-docx and lxml, gives the letter's
text with every change accepted and the template's with every change rejected."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from diffkit import SEED, records_from_text

from diff import run_diff
from diff.redline import AUTHOR, char_diff, fold_layout, redline_docx
from diff.review import by_doc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


@cache
def _seed():
    docs, clauses, targets = records_from_text(SEED.read_text(encoding="utf-8"), str(SEED))
    (res,) = run_diff(docs, clauses, targets)
    rows = by_doc(res)
    return res, [redline_docx(res, i, rows[d.doc_id], WHEN) for i, d in enumerate(res.documents)]


def accept_and_reject(data: bytes) -> tuple[list[str], list[str]]:
    """The paragraphs with every change accepted and with every change rejected, as Word's
    Accept All / Reject All give them: an inserted paragraph mark goes on reject, a deleted one
    on accept; w:ins text stays on accept only, w:delText comes back on reject only."""
    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    accepted, rejected = [], []
    for p in body.iter(f"{W}p"):
        mark = p.find(f"{W}pPr/{W}rPr")
        keep, back = [], []
        for el in p.iter(f"{W}t", f"{W}delText"):
            inserted = el.getparent().getparent().tag == f"{W}ins"
            if el.tag == f"{W}t":
                keep.append(el.text or "")
                if not inserted:
                    back.append(el.text or "")
            else:
                back.append(el.text or "")
        if mark is None or mark.find(f"{W}del") is None:
            accepted.append("".join(keep))
        if mark is None or mark.find(f"{W}ins") is None:
            rejected.append("".join(back))
    return accepted, rejected


def test_accept_all_is_the_letter_and_reject_all_the_template_for_every_seed_letter():
    res, files = _seed()
    assert len(files) == 11
    template = [c.text for c in res.template.clauses]
    for i, (doc, data) in enumerate(zip(res.documents, files)):
        letter = [t for u in res.alignment[i] if (t := fold_layout(doc.text[u.span_start:u.span_end]))]
        accepted, rejected = accept_and_reject(data)
        assert accepted == letter, doc.entity
        assert rejected == template, doc.entity


def test_changes_are_tracked_by_mubiao_with_the_date_and_deviations_commented():
    import docx

    res, files = _seed()
    k = next(i for i, d in enumerate(res.documents) if d.entity == "梅河口市")
    document = docx.Document(io.BytesIO(files[k]))
    body = document.element.body
    changes = list(body.iter(f"{W}ins", f"{W}del"))
    assert changes and {c.get(f"{W}author") for c in changes} == {AUTHOR}
    assert {c.get(f"{W}date") for c in changes} == {"2026-03-01T08:30:00Z"}
    deleted = "".join(t.text for t in body.iter(f"{W}delText"))
    inserted = "".join(t.text for c in body.iter(f"{W}ins") for t in c.iter(f"{W}t"))
    assert "国家" in deleted and "省" in inserted  # 纳入国家考核 -> 纳入省考核
    assert "地下水环境质量目标" in deleted  # a clause the letter lacks
    notes = [c.text for c in document.comments]
    assert len(notes) == sum(1 for d in res.deviations if d.entity == "梅河口市")
    assert notes[0].startswith("实质性 · 措辞变化")
    assert document.core_properties.author == AUTHOR


def test_a_letter_without_changes_only_fills_the_blanks():
    res, files = _seed()
    k = next(i for i, d in enumerate(res.documents) if d.entity == "四平市")
    deleted = {t.text for t in _body(files[k]).iter(f"{W}delText")}
    assert deleted <= {"□", "XX", "□%"} or all(set(x) <= set("□XX%") for x in deleted), deleted


def _body(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data)).element.body


@pytest.mark.parametrize(("old", "new", "pieces"), [
    ("比例不低于□%", "比例不低于87.6%", [("=", "比例不低于"), ("-", "□"), ("+", "87.6"), ("=", "%")]),
    ("纳入国家考核", "纳入省考核", [("=", "纳入"), ("-", "国家"), ("+", "省"), ("=", "考核")]),
    ("控制在□以下", "控制在□以下", [("=", "控制在□以下")]),
    ("abc", "", [("-", "abc")]),
])
def test_char_diff(old, new, pieces):
    got = char_diff(old, new)
    assert [(p.tag, p.text) for p in got] == pieces
    assert "".join(p.text for p in got if p.tag != "+") == old
    assert "".join(p.text for p in got if p.tag != "-") == new


@pytest.mark.office
@pytest.mark.skipif(not shutil.which("soffice") and not os.environ.get("CI"),
                    reason="Debian's libreoffice-writer-nogui is not installed (in CI this test must run)")
def test_libreoffice_converts_a_redline_and_its_page_shows_the_changes(tmp_path: Path):
    import pypdfium2

    res, files = _seed()
    k = next(i for i, d in enumerate(res.documents) if d.entity == "长白山管委会")
    src = tmp_path / "redline.docx"
    src.write_bytes(files[k])
    run = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=False, capture_output=True, text=True, timeout=240,
    )
    assert run.returncode == 0, run.stderr
    pdf = pypdfium2.PdfDocument(tmp_path / "redline.pdf")
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    # Both sides of a tracked change are on the page: the template's 以下 and the letter's 及以下.
    assert "及以下" in text and "天数控制在" in text
    image = page.render(scale=1).to_pil().convert("RGB")
    image.save(tmp_path / "page1.png")
    # Tracked changes are drawn in colour (LibreOffice colours by author); the text itself is black.
    raw = image.tobytes()
    coloured = sum(1 for n in range(0, len(raw), 3) if max(raw[n:n + 3]) - min(raw[n:n + 3]) > 80)
    assert coloured > 200, coloured
