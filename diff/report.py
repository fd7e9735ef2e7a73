"""Static review pages and a Markdown summary from diff results.

``write_reports`` writes ``index.html`` (all families) and, per family, a directory with an index
(letters, deviation counts per city and kind, a city × indicator matrix coloured against the
family median), one page per letter (template and letter side by side with inserted and deleted
words highlighted, every deviation linked to its place in the source text) and ``summary.md``.
Pages open straight from disk: the stylesheet is inlined, nothing is fetched, no script runs.
All document text goes through ``html.escape``: a draft holding ``<script>`` shows it as text.
"""

from __future__ import annotations

import functools
import html
import os
import re
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from diff.deviations import KIND_LABELS, SEVERITIES, SEVERITY_LABELS, Deviation, InlineRun
from diff.units import SLOT_DISPLAY
from diff.values import comparator_direction, indicator_direction
from extract.records import STATUS_LABELS, Clause, Document, Target

if TYPE_CHECKING:
    from diff import FamilyResult

CSS_PATH = Path(__file__).with_name("assets") / "report.css"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')




def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def family_dirname(name: str) -> str:
    """Directory name of a family: its name with path-unsafe characters replaced."""
    return _UNSAFE.sub("_", name).strip("._") or "family"


def letter_filename(doc: Document) -> str:
    return _UNSAFE.sub("_", doc.doc_id) + ".html"


def _write(path: Path, text: str) -> Path:
    """Write atomically: a temporary file in the same directory, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


@functools.cache
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def _by_doc(res: FamilyResult) -> dict[str, list[Deviation]]:
    """Each member's deviations in result order (every member present, even without any)."""
    out: dict[str, list[Deviation]] = {d.doc_id: [] for d in res.documents}
    for dv in res.deviations:
        out.setdefault(dv.doc_id, []).append(dv)
    return out


def _page(title: str, body: str) -> str:
    css = _css()
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{_e(title)}</title><style>{css}</style></head><body>\n{body}\n</body></html>\n"
    )


def _label(doc: Document) -> str:
    return doc.entity or doc.title or doc.doc_id


def _inline_html(inline: Sequence[InlineRun]) -> str:
    parts = []
    for run in inline:
        tag, text = run.tag, run.text
        if tag == "-":
            parts.append(f'<del class="del">{_e(text)}</del>')
        elif tag == "+":
            parts.append(f'<ins class="ins">{_e(text)}</ins>')
        else:
            parts.append(_e(text))
    return "".join(parts)


def _slot_columns(res: FamilyResult) -> list[tuple[int, int, str]]:
    """(position, slot, header) of every slot some letters state, in template order."""
    counts = Counter((v.position, v.slot) for v in res.values)
    dev_codes = {(v.position, v.slot): v.indicator for v in res.values if v.indicator}
    cols = []
    for (pos, k), n in sorted(counts.items()):
        if n < 2:
            continue
        tc = res.template.clauses[pos]
        # Header: the indicator code when known, else the words before the slot.
        slot_at = [m.start() for m in re.finditer("□", tc.text)]
        before = tc.text[max(0, slot_at[k] - 10) : slot_at[k]] if k < len(slot_at) else tc.text[:10]
        cols.append((pos, k, dev_codes.get((pos, k)) or before.split("：")[-1]))
    return cols


def _family_index(res: FamilyResult) -> str:
    docs = res.documents
    per_doc: dict[str, Counter[str]] = {d.doc_id: Counter() for d in docs}
    for dv in res.deviations:
        per_doc[dv.doc_id][dv.severity] += 1
    out = [f"<h1>{_e(res.name)}</h1>",
           (f'<p class="muted">{len(docs)} 份文件 · 模板 {len(res.template.clauses)} 条 · '
            f'偏差 {len(res.deviations)} 处 · <a href="summary.md">summary.md</a> · <a href="../index.html">全部</a></p>'),
           "<h2>各地偏差</h2><table><tr><th>地区</th><th>文件</th>"]
    out += [f'<th class="kind" title="{_e(k)}">{_e(SEVERITY_LABELS[k])}</th>' for k in SEVERITIES]
    out.append("<th>合计</th></tr>")
    for d in docs:
        c = per_doc[d.doc_id]
        out.append(f'<tr><td><a href="{quote(letter_filename(d))}">{_e(_label(d))}</a></td>'
                   f'<td class="muted">{_e(d.title)}<br>{_e(d.source_path)}{_draft_note(d)}</td>')
        out += [f'<td class="num">{c[k] or ""}</td>' for k in SEVERITIES]
        out.append(f'<td class="num">{sum(c.values())}</td></tr>')
    out.append("</table>")
    out.append(_matrix(res))
    return _page(res.name, "\n".join(out))


def _matrix(res: FamilyResult) -> str:
    cols = _slot_columns(res)
    if not cols:
        return "<h2>指标矩阵</h2><p>没有数值指标。</p>"
    vals = {(v.doc_id, v.position, v.slot): v for v in res.values}
    direction: dict[tuple[int, int], str | None] = {}
    for pos, k, header in cols:
        ts = res.template.clauses[pos].slots[k]
        direction[(pos, k)] = indicator_direction(header) or comparator_direction(ts.comparator)
    by_slot: dict[tuple[int, int], list[float]] = {(pos, k): [] for pos, k, _ in cols}
    for sv in sorted(res.values, key=lambda sv: not sv.counted):  # second copies only when alone
        got = by_slot.get((sv.position, sv.slot))
        if got is not None and (sv.counted or not got):
            got.append(sv.value)
    medians = {pk: statistics.median(nums) for pk, nums in by_slot.items()}
    out = [('<h2>指标矩阵</h2><p class="legend"><span style="background:var(--stricter)">'
            '严于中位数</span><span style="background:var(--looser)">宽于中位数</span>'
            '<span>无底色：等于中位数或方向未知</span></p><table class="matrix"><tr><th>地区</th>')]
    for pos, k, header in cols:
        out.append(f'<th title="{_e(res.template.clauses[pos].text)}">{_e(header)}<br>'
                   f'<span class="muted">中位数 {medians[(pos, k)]:g}</span></th>')
    out.append("</tr>")
    for d in res.documents:
        out.append(f'<tr><td><a href="{quote(letter_filename(d))}">{_e(_label(d))}</a></td>')
        for pos, k, _ in cols:
            v = vals.get((d.doc_id, pos, k))
            if v is None:
                out.append('<td class="missing">—</td>')
                continue
            med, dr = medians[(pos, k)], direction[(pos, k)]
            cls = ""
            if dr and v.value != med:
                cls = "stricter" if (v.value > med) == (dr == "+") else "looser"
            out.append(f'<td class="num {cls}">{_e(v.value_text)}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _letter_page(res: FamilyResult, index: int, devs: Sequence[Deviation], clause_html: Sequence[str]) -> str:
    """The page of member ``index``, whose deviations are ``devs`` (in result order).

    ``clause_html`` is each template clause's text, escaped once for the whole family.
    """
    doc = res.documents[index]
    out = [f"<h1>{_e(_label(doc))} <span class=\"muted\">{_e(res.name)}</span></h1>",
           (f'<p class="muted">{_e(doc.title)} · {_e(doc.source_path)} · {_e(doc.doc_id)} · '
            f'<a href="index.html">本族索引</a></p>'), "<h2>偏差</h2>"]
    if not devs:
        out.append("<p>与模板一致。</p>")
    out.append('<table class="devs"><tr><th>#</th><th>类型</th><th>位置</th><th>模板</th><th>本文件</th></tr>')
    for n, d in enumerate(devs):
        where = d.location or f"{d.span_start}–{d.span_end}"
        if d.inline:
            letter = _inline_html(d.inline)
        else:
            letter = _e(d.letter_text) or '<span class="muted">（无）</span>'
        kinds = "、".join(KIND_LABELS[k] for k in d.kinds)
        out.append(f'<tr id="dev-{n}"><td><a href="#src-{n}">{n + 1}</a></td>'
                   f'<td class="kind">{_e(SEVERITY_LABELS[d.severity])}<br>{_e(kinds)}</td>'
                   f'<td><a href="#src-{n}">{_e(where)}</a></td><td>{_e(d.template_text)}</td><td>{letter}</td></tr>')
    out.append("</table>")
    out.append(_values_table(res, doc))
    out.append(_revisions(doc))
    out.append(_side_by_side(res, index, devs, clause_html))
    out.append("<h2>原文</h2>" + _source(doc, devs))
    return _page(f"{_label(doc)} – {res.name}", "\n".join(out))


def _mark_slot(text: str, slot: int | None, escape: Callable[[str], str], mark: Callable[[str], str]) -> str:
    """``text`` escaped, with its ``slot``-th number slot (□) marked, so a reader sees which number differs."""
    at = -1
    for _ in range(slot + 1 if slot is not None else 0):
        at = text.find(SLOT_DISPLAY, at + 1)
        if at < 0:
            break
    if at < 0:
        return escape(text)
    return escape(text[:at]) + mark(SLOT_DISPLAY) + escape(text[at + len(SLOT_DISPLAY):])


def _values_table(res: FamilyResult, doc: Document) -> str:
    """The letter's numbers beside the family's: values, not deviations."""
    from diff.review import ASSESSMENT_LABELS

    mine = [v for v in res.values if v.doc_id == doc.doc_id]
    if not mine:
        return ""
    out = [('<h2>数值（与全族对比，不计为偏差）</h2><table class="values"><tr><th>模板</th><th>本文件</th>'
            '<th>最小 / 中位 / 最大</th><th>评价</th></tr>')]
    for v in mine:
        cls = ' class="outlier"' if v.outlier else ""
        tmpl = _mark_slot(v.template_text, v.slot, _e, lambda s: f'<mark class="slot">{s}</mark>')
        out.append(f'<tr{cls}><td>{tmpl}</td><td class="num">{_e(v.value_text)}</td>'
                   f'<td class="num">{v.minimum:g} / {v.median:g} / {v.maximum:g}</td>'
                   f'<td>{_e(ASSESSMENT_LABELS[v.assessment])}{"（离群）" if v.outlier else ""}</td></tr>')
    out.append("</table>")
    return "\n".join(out)


def _draft_note(doc: Document) -> str:
    """征求意见稿 and pending tracked changes, for the index's file column."""
    notes: list[str] = [STATUS_LABELS.get(doc.status, doc.status)] if doc.status and doc.status != "final" else []
    if doc.revisions:
        notes.append(f"{len(doc.revisions)} 处待定修订")
    return f'<br><span class="draft">{_e(" · ".join(notes))}</span>' if notes else ""


REVISION_LABELS = {"insert": "插入", "delete": "删除"}


def _revisions(doc: Document) -> str:
    """The draft's pending tracked changes: the text below reads them as accepted."""
    if not doc.revisions:
        return ""
    out = [f"<h2>待定修订（{len(doc.revisions)} 处）</h2>",
           '<p class="muted">Word 修订模式中尚未接受的修改；下文按“全部接受”读取。</p>',
           '<table class="revs"><tr><th>类型</th><th>内容</th><th>位置</th><th>作者</th><th>时间</th></tr>']
    for r in doc.revisions:
        page = doc.page_at(r.span_start)
        where = (f"第{page}页 " if page else "") + f"{r.span_start}–{r.span_end}"
        mark = "ins" if r.kind == "insert" else "del"
        out.append(f'<tr><td>{_e(REVISION_LABELS.get(r.kind, r.kind))}</td>'
                   f'<td><{mark} class="{mark}">{_e(r.text)}</{mark}></td><td>{_e(where)}</td>'
                   f'<td>{_e(r.author or "")}</td><td>{_e(r.date or "")}</td></tr>')
    out.append("</table>")
    return "\n".join(out)


def _side_by_side(res: FamilyResult, index: int, devs: Sequence[Deviation], clause_html: Sequence[str]) -> str:
    doc = res.documents[index]
    units = res.alignment[index] if index < len(res.alignment) else ()
    inline = {}
    for d in devs:
        if d.inline:
            inline[d.span_start] = _inline_html(d.inline)
    missing = {d.template_positions[0]: d for d in devs if d.kind == "clause_missing"}
    out = ['<h2>模板与本文件对照</h2><table class="side"><tr><th>模板</th><th>本文件</th></tr>']
    # Missing clauses not shown yet, in template order: each row goes before the first later clause.
    pending = sorted(p for p in missing if p is not None)
    pending.reverse()

    def missing_rows(upto: int) -> None:
        while pending and pending[-1] < upto:
            pos = pending.pop()
            out.append(f'<tr class="dev"><td>{_e(missing[pos].template_text)}</td>'
                       '<td class="missing"><del class="del">（缺少）</del></td></tr>')

    for u in units:
        if u.position is not None:
            missing_rows(u.position)
        tmpl = clause_html[u.position] if u.position is not None else ""
        text = doc.text[u.span_start:u.span_end]
        cell = inline.get(u.span_start) or (_e(text) if u.position is not None else f'<ins class="ins">{_e(text)}</ins>')
        cls = ' class="dev"' if (u.span_start in inline or u.position is None) else ""
        out.append(f"<tr{cls}><td>{tmpl}</td><td>{cell}</td></tr>")
    missing_rows(len(res.template.clauses) + 1)
    out.append("</table>")
    return "\n".join(out)


def _source(doc: Document, devs: Sequence[Deviation]) -> str:
    """The letter's text with each deviation's span marked and anchored (#src-N)."""
    marks = sorted(((d.span_start, d.span_end, n) for n, d in enumerate(devs)), key=lambda m: (m[0], -m[1]))
    out, pos = [], 0
    for a, b, n in marks:
        if a < pos:  # nested or overlapping: anchor only
            out.append(f'<a id="src-{n}" href="#dev-{n}"></a>')
            continue
        out.append(_e(doc.text[pos:a]))
        out.append(f'<a id="src-{n}" href="#dev-{n}"><mark class="dev">{_e(doc.text[a:b]) or "▾"}</mark></a>')
        pos = max(b, a)
    out.append(_e(doc.text[pos:]))
    return f'<div class="source">{"".join(out)}</div>'


def _md(text: str) -> str:
    """Text for a Markdown table cell: HTML and table syntax escaped, one line."""
    return html.escape(re.sub(r"\s+", " ", text)).replace("|", "\\|")


def summary_markdown(res: FamilyResult) -> str:
    """The family's review as Markdown for email: letters ranked, each change said in words."""
    from diff.review import (
        ASSESSMENT_LABELS,
        by_doc,
        change_phrase,
        kinds_text,
        marked_template,
        missing_phrase,
        ranked_letters,
    )

    totals = Counter(d.severity for d in res.deviations)
    outliers = sum(1 for v in res.values if v.outlier)
    lines = [f"# {_md(res.name)}", "",
             (f"{len(res.documents)} 份文件，模板 {len(res.template.clauses)} 条。偏差 {len(res.deviations)} 处："
              + "，".join(f"{SEVERITY_LABELS[k]} {totals[k]} 处" for k in SEVERITIES)
              + f"。各地填写的数值另列，不计为偏差（离群值 {outliers} 个）。"), "",
             "| 地区 | " + " | ".join(SEVERITY_LABELS[k] for k in SEVERITIES) + " | 离群值 |",
             "|---" * (len(SEVERITIES) + 2) + "|"]
    ranking = ranked_letters(res)
    for r in ranking:
        lines.append(f"| {_md(r.label)} | " + " | ".join(str(n) for n in r.counts) + f" | {r.outliers} |")
    rows = by_doc(res)
    for r in ranking:
        d = r.doc
        devs = rows[d.doc_id]
        odd = [v for v in res.values if v.doc_id == d.doc_id and (v.outlier or v.letter_unit)]
        if not devs and not d.revisions and not odd:
            continue
        lines += ["", f"## {_md(r.label)}", ""]
        if r.copies:
            lines.append("同一文件另有副本：" + "、".join(_md(c.source_path) for c in r.copies))
            lines.append("")
        if d.revisions:
            shown = "；".join(f"{REVISION_LABELS.get(x.kind, x.kind)} {_md(x.text)}" for x in d.revisions[:10])
            more = f" 等 {len(d.revisions)} 处" if len(d.revisions) > 10 else ""
            lines.append(f"- 待定修订（修订模式，按全部接受读取）：{shown}{more}")
        for x in devs:
            where = f"（{_md(x.location)}）" if x.location else ""
            lines.append(f"- **{SEVERITY_LABELS[x.severity]}** · {kinds_text(x)}{where}")
            for c in x.changes:
                lines.append(f"  - {_md(change_phrase(c))}")
            if x.missing:
                lines.append(f"  - {_md(missing_phrase(x))}")
            if x.kind == "clause_missing":
                lines.append(f"  - 缺少：{_md(x.template_text)}")
            elif x.kind == "clause_extra" or x.kinds == ("clause_moved",):
                lines.append(f"  - 本文件：{_md(x.letter_text)}")
            else:
                lines.append(f"  - 本文件：{_md(x.letter_text)}")
        for v in odd:
            before, blank, after = marked_template(v.template_text, v.slot)
            what = "离群值" if v.outlier else "另一单位"
            lines.append(f"- {what}：{_md(v.value_text)}（全族中位数 {v.median:g}，{v.minimum:g}–{v.maximum:g}，"
                         f"{ASSESSMENT_LABELS[v.assessment]}） — {_md(before)}【{blank}】{_md(after)}")
    return "\n".join(lines) + "\n"


def write_family_report(res: FamilyResult, out_dir: Path) -> list[Path]:
    """One family's index, letter pages and summary.md; returns the paths."""
    fdir = Path(out_dir) / family_dirname(res.name)
    written = [_write(fdir / "index.html", _family_index(res))]
    by_doc = _by_doc(res)
    clause_html = [_e(tc.text) for tc in res.template.clauses]
    for i, doc in enumerate(res.documents):
        written.append(_write(fdir / letter_filename(doc), _letter_page(res, i, by_doc[doc.doc_id], clause_html)))
    written.append(_write(fdir / "summary.md", summary_markdown(res)))
    return written


def write_index(families: Sequence[tuple[str, int, int]], out_dir: Path) -> Path:
    """The report's front page: one row per family, given as (name, letters, deviations)."""
    rows = [f'<tr><td><a href="{quote(family_dirname(name))}/index.html">{_e(name)}</a></td>'
            f'<td class="num">{n_docs}</td><td class="num">{n_devs}</td></tr>' for name, n_docs, n_devs in families]
    body = ("<h1>目标责任书差异报告</h1><table><tr><th>文件族</th><th>文件数</th><th>偏差</th></tr>"
            + "".join(rows) + "</table>")
    return _write(Path(out_dir) / "index.html", _page("差异报告", body))


def write_reports(
    results: Sequence[FamilyResult],
    documents: Sequence[Document],
    clauses: Sequence[Clause],
    targets: Sequence[Target],
    out_dir: Path,
) -> list[Path]:
    """Write the index, each family's pages and summary.md under ``out_dir``; returns the paths."""
    written: list[Path] = []
    for res in results:
        written += write_family_report(res, out_dir)
    written.append(write_index([(r.name, len(r.documents), len(r.deviations)) for r in results], out_dir))
    return written


__all__ = ["family_dirname", "letter_filename", "summary_markdown", "write_family_report", "write_index", "write_reports"]
