"""Report pages and Markdown summary: escaped text, atomic files, the expected content."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
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
    page = tmp_path / family_dirname(results[0].name) / letter_filename(results[0], docs[1])
    assert page in paths
    body = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for p in paths:
        if p.suffix in (".html", ".md"):
            assert "<script" not in p.read_text(encoding="utf-8").lower()
    summary = (tmp_path / family_dirname(results[0].name) / "summary.md").read_text(encoding="utf-8")
    assert SCRIPT not in summary and "&lt;script&gt;" in summary


def test_files_written(tmp_path: Path):
    fam, docs, clauses, targets, results = injected_family()
    paths = write_reports(results, docs, clauses, targets, tmp_path)
    fdir = tmp_path / "目标责任书-2023"
    assert (tmp_path / "index.html") in paths and (fdir / "index.html") in paths
    assert len([p for p in paths if p.parent == fdir and p.suffix == ".html"]) == 1 + len(docs)
    assert not list(tmp_path.rglob(".tmp-*"))  # atomic writes leave no temporaries
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
    page = (folder / letter_filename(results[0], docs[2])).read_text(encoding="utf-8")
    assert "待定修订（2 处）" in page and '<del class="del">87.6&lt;script&gt;' in page
    assert SCRIPT not in page
    assert "待定修订" not in (folder / letter_filename(results[0], docs[3])).read_text(encoding="utf-8")
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
    page = (folder / letter_filename(results[0], next(x for x in docs if x.doc_id == multi.doc_id))).read_text(encoding="utf-8")
    before = "□".join(multi.template_text.split("□")[:k + 1])
    assert before + '<mark class="slot">□</mark>' in page.replace("&quot;", '"')


def _seed_report(tmp_path: Path, extra_letters: tuple[tuple[str, str], ...] = (), problems=()):
    """The seed bundle's report (optionally with more letters, each its own file)."""
    from diffkit import SEED, records_from_text

    docs, clauses, targets = records_from_text(SEED.read_text(encoding="utf-8"), str(SEED))
    if extra_letters:
        more = records_from_letters(list(extra_letters))
        docs, clauses, targets = docs + more[0], clauses + more[1], targets + more[2]
    results = run_diff(docs, clauses, targets)
    paths = write_reports(results, docs, clauses, targets, tmp_path, problems=problems)
    return docs, results, paths, tmp_path / family_dirname(results[0].name)


def _ranking(index_html: str) -> list[str]:
    import re

    table = index_html.split('<table class="ranking">')[1].split("</table>")[0]
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a>', table)


def test_family_page_ranks_letters_by_substantive_then_wording(tmp_path: Path):
    _, results, _, folder = _seed_report(tmp_path)
    order = _ranking((folder / "index.html").read_text(encoding="utf-8"))
    assert order[:2] == ["长白山管委会", "梅河口市"]
    assert set(order[-2:]) == {"四平市", "松原市"}  # no change to the template at all
    counts = {e: (sum(d.severity == "substantive" for d in results[0].deviations if d.entity == e),
                  sum(d.severity == "wording" for d in results[0].deviations if d.entity == e)) for e in order}
    assert [counts[e] for e in order] == sorted(counts.values(), reverse=True)


def test_matrix_is_headed_by_chinese_names_and_units_with_codes_on_hover(tmp_path: Path):
    _, _, _, folder = _seed_report(tmp_path)
    index = (folder / "index.html").read_text(encoding="utf-8")
    head = index.split('<table class="matrix">')[1].split("</thead>")[0]
    assert '<span class="ind">优良天数比例</span><span class="unit">（%）</span>' in head
    assert 'title="air.good_days_ratio：' in head  # the code on hover
    assert "air.good_days_ratio</" not in head  # ... never as the header text


def test_letter_pages_are_named_by_government_and_locations_are_human(tmp_path: Path):
    docs, _, paths, folder = _seed_report(tmp_path)
    assert {p.name for p in paths if p.parent == folder and p.name != "index.html" and p.suffix == ".html"} == {
        f"{d.entity}.html" for d in docs}
    page = (folder / "梅河口市.html").read_text(encoding="utf-8")
    assert ">一、第2条</a>" in page and "「国家」改为「省」" in page
    assert '<span class="sev sev-substantive">实质性</span>' in page


def test_identical_runs_fold_and_changes_come_first(tmp_path: Path):
    _, _, _, folder = _seed_report(tmp_path)
    page = (folder / "长白山管委会.html").read_text(encoding="utf-8")
    assert "<details><summary>41 条与模板一致</summary>" in page
    assert page.index('<table class="devs">') < page.index('<table class="side">')
    assert "<script" not in page.lower()


def test_copies_are_one_letter_and_other_texts_of_a_government_are_flagged(tmp_path: Path):
    from diffkit import SEED

    text = SEED.read_text(encoding="utf-8")
    start = text.index("白山市人民政府生态环境保护目标责任书")
    end = text.index("松原市人民政府生态环境保护目标责任书")
    baishan = text[start:end]
    tonghua = text[text.index("通化市人民政府生态环境保护目标责任书"):start]
    changed = tonghua.replace("强化生态保护红线管理", "强化生态保护红线监管")
    _, _, paths, folder = _seed_report(tmp_path, (("白山市", baishan), ("通化市", changed)))
    names = sorted(p.name for p in paths if p.parent == folder)
    assert "白山市.html" in names and "白山市-2.html" not in names  # the copy shares the page
    assert "通化市.html" in names and "通化市-2.html" in names  # two texts, two pages
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "副本：" in index and index.count("⚠ 多个版本") == 2
    assert _ranking(index).count("白山市") == 1
    page = (folder / "白山市.html").read_text(encoding="utf-8")
    assert "同一文件在本族中出现 2 次" in page
    assert "另有内容不同的文件" in (folder / "通化市-2.html").read_text(encoding="utf-8")


def test_failed_files_and_warnings_are_listed(tmp_path: Path):
    from diffkit import SEED

    from diff.report import FileProblem

    problems = [FileProblem("bad/legacy.doc", "error", "legacy-doc", "legacy Word 97 file; save it as .docx"),
                FileProblem(str(SEED), "warning", "warning", "3 bytes dropped")]
    docs, _, _, folder = _seed_report(tmp_path, problems=problems)
    front = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "读取失败与警告（2）" in front and "bad/legacy.doc" in front and "3 bytes dropped" in front
    assert docs[0].source_path == str(SEED)
    page = (folder / f"{docs[0].entity}.html").read_text(encoding="utf-8")
    assert "读取警告：warning：3 bytes dropped" in page
    assert "3 bytes dropped" in (folder / "index.html").read_text(encoding="utf-8")


def test_print_stylesheet_keeps_changes_visible():
    from diff.report import CSS_PATH

    css = CSS_PATH.read_text(encoding="utf-8")
    printed = css.split("@media print")[1]
    assert "print-color-adjust: exact" in css
    assert "text-decoration: underline" in printed and "line-through" in printed
    assert "thead { display: table-header-group; }" in printed
    assert "page: wide" in printed and "size: A4 landscape" in css
    assert ":target" in css


def test_every_page_is_rendered_from_an_autoescaping_template():
    from diff.report import _env

    env = _env()
    assert env.autoescape is True
    from diff.report import TEMPLATES

    assert {p.name for p in TEMPLATES.glob("*.html")} >= {"base.html", "index.html", "family.html", "letter.html"}
    assert "f'<" not in Path(__file__).resolve().parents[1].joinpath("diff", "report.py").read_text(encoding="utf-8")


def test_each_letter_has_a_word_redline_and_the_family_an_excel_workbook_linked(tmp_path: Path):
    docs, _, paths, folder = _seed_report(tmp_path)
    assert {p.name for p in paths if p.suffix == ".docx"} == {f"{d.entity}.docx" for d in docs}
    assert (folder / "目标责任书-2022.xlsx") in paths
    from urllib.parse import quote

    assert f'href="{quote("长春市.docx")}"' in (folder / "长春市.html").read_text(encoding="utf-8")
    assert f'href="{quote("目标责任书-2022.xlsx")}"' in (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="%E7%9B%AE%E6%A0%87%E8%B4%A3%E4%BB%BB%E4%B9%A6-2022/' in (tmp_path / "index.html").read_text(
        encoding="utf-8")


@pytest.fixture
def umask() -> Iterator[object]:
    """Set the process umask for a test (``umask(0o022)``), restored afterwards."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_report_files_take_the_umask_mode(tmp_path: Path, umask, mask: int, mode: int):
    # Report pages were written mode 600 (mkstemp's) while the Parquet files beside them followed
    # the umask: colleagues sharing the folder could read the tables but not the report.
    _, docs, clauses, targets, results = injected_family()
    umask(mask)
    paths = write_reports(results, docs, clauses, targets, tmp_path)
    assert paths and {stat.S_IMODE(p.stat().st_mode) for p in paths} == {mode}


def test_a_page_is_readable_by_others_under_umask_022(tmp_path: Path, umask):
    _, docs, clauses, targets, results = injected_family()
    umask(0o022)
    page = write_reports(results, docs, clauses, targets, tmp_path)[0]
    assert page.stat().st_mode & stat.S_IROTH and page.stat().st_mode & stat.S_IRGRP
