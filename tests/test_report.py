"""Report pages and Markdown summary: escaped text, atomic files, the expected content."""

from __future__ import annotations

from pathlib import Path

from diffkit import records_from_letters

from diff import run_diff
from diff.report import family_dirname, letter_filename, summary_markdown, write_reports
from tools.synth import synth_family

SCRIPT = "<script>alert(1)</script>"


def injected_family():
    """A synthetic family whose second letter carries a raw <script> inside its first target clause."""
    fam = synth_family(12, seed=3)
    letters = list(fam.letters)
    ent, text = letters[1]
    letters[1] = (ent, text.replace("优良天数比例", "优良天数比例" + SCRIPT, 1))
    docs, clauses, targets = records_from_letters(letters)
    return fam, docs, clauses, targets, run_diff(docs, clauses, targets)


def test_script_in_a_clause_is_escaped(tmp_path: Path):
    _, docs, clauses, targets, results = injected_family()
    paths = write_reports(results, docs, clauses, targets, tmp_path)
    page = tmp_path / family_dirname(results[0].name) / letter_filename(docs[1])
    assert page in paths
    body = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for p in paths:
        assert "<script" not in p.read_text(encoding="utf-8").lower()
    summary = (tmp_path / family_dirname(results[0].name) / "summary.md").read_text(encoding="utf-8")
    assert SCRIPT not in summary and "&lt;script&gt;" in summary


def test_files_written(tmp_path: Path):
    fam, docs, clauses, targets, results = injected_family()
    paths = write_reports(results, docs, clauses, targets, tmp_path)
    fdir = tmp_path / "目标责任书-2023"
    assert (tmp_path / "index.html") in paths and (fdir / "index.html") in paths
    assert len([p for p in paths if p.parent == fdir and p.suffix == ".html"]) == 1 + len(docs)
    assert not list(tmp_path.rglob("*.tmp"))  # atomic writes leave no temporaries
    index = (fdir / "index.html").read_text(encoding="utf-8")
    assert "http://" not in index and "https://" not in index  # nothing fetched
    assert 'class="num stricter"' in index and 'class="num looser"' in index  # matrix coloured
    for ent, _ in fam.letters:
        assert ent in index


def test_summary_markdown_content():
    fam, _, _, _, results = injected_family()
    md = summary_markdown(results[0])
    assert md.startswith("# 目标责任书-2023\n")
    assert "| 地区 | 实质性 | 措辞 | 标点 | 离群值 |" in md
    assert "∅" not in md
    moved = next(e for e, k in fam.planted if k == "clause_moved")
    section = md.split(f"## {moved}\n")[1].split("\n## ")[0]
    assert "**措辞** · 条款移位" in section and "加大环保宣传力度" in section
    changed = next(e for e, k in fam.planted if k == "comparator_changed")
    section = md.split(f"## {changed}\n")[1].split("\n## ")[0]
    assert "**实质性** · 比较词变化" in section and "「不低于」改为「不高于」" in section
    # Ranked: the table's rows go from most substantive to none.
    table = [line for line in md.splitlines() if line.startswith("| ") and "地区" not in line]
    counts = [tuple(int(x) for x in line.split("|")[2:4]) for line in table]
    assert counts == sorted(counts, reverse=True)


def test_pending_revisions_are_listed_and_escaped(tmp_path: Path):
    import dataclasses

    from extract.records import Revision

    fam = synth_family(12, seed=4)
    docs, clauses, targets = records_from_letters(list(fam.letters))
    text = docs[2].text
    at = text.index("%")
    revs = (Revision(kind="delete", text="87.6" + SCRIPT, span_start=at, span_end=at, author="省厅", date="2022-03-01"),
            Revision(kind="insert", text="88.2", span_start=at, span_end=at + 1, author="市局", date=None))
    docs = [dataclasses.replace(d, revisions=revs) if i == 2 else d for i, d in enumerate(docs)]
    results = run_diff(docs, clauses, targets)
    write_reports(results, docs, clauses, targets, tmp_path)
    folder = tmp_path / family_dirname(results[0].name)
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert index.count("2 处待定修订") == 1
    page = (folder / letter_filename(docs[2])).read_text(encoding="utf-8")
    assert "待定修订（2 处）" in page and '<del class="del">87.6&lt;script&gt;' in page
    assert SCRIPT not in page
    assert "待定修订" not in (folder / letter_filename(docs[3])).read_text(encoding="utf-8")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "待定修订（修订模式，按全部接受读取）：删除 87.6" in summary and "插入 88.2" in summary


def test_the_differing_number_is_marked_in_its_template_clause(tmp_path: Path):
    fam = synth_family(12, seed=6)
    docs, clauses, targets = records_from_letters(list(fam.letters))
    results = run_diff(docs, clauses, targets)
    write_reports(results, docs, clauses, targets, tmp_path)
    folder = tmp_path / family_dirname(results[0].name)
    differing = [v for v in results[0].values if v.value != v.median]
    multi = next(v for v in differing if v.template_text.count("□") > 1 and v.slot > 0)  # a clause of several numbers
    k = multi.slot
    page = (folder / letter_filename(next(x for x in docs if x.doc_id == multi.doc_id))).read_text(encoding="utf-8")
    before = "□".join(multi.template_text.split("□")[:k + 1])
    assert before + '<mark class="slot">□</mark>' in page.replace("&quot;", '"')
