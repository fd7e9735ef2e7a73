"""Static review pages and a Markdown summary from diff results.

``write_reports`` writes ``index.html`` (every family, every file that failed or warned) and, per
family, a directory with an index (letters ranked by substantive then wording deviations, a city
× indicator matrix headed by the indicators' Chinese names and coloured against the family
median), one page per letter, named by its government (template and letter side by side with
inserted and deleted words marked, identical stretches folded, every deviation linked to its
place in the source text) and ``summary.md`` for email.

Pages are rendered from the Jinja2 templates in ``diff/templates/`` (one file per page kind) with
autoescaping on: no text reaches a page unescaped by omission, a draft holding ``<script>`` shows
it as text. Pages open straight from disk: the stylesheet is inlined, nothing is fetched, no script
runs; a print stylesheet keeps insertions and deletions visible on paper.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2

from diff.atomic import write_file
from diff.deviations import KIND_LABELS, SEVERITIES, SEVERITY_LABELS, Deviation
from diff.entities import EntityPage
from diff.review import (
    ASSESSMENT_LABELS,
    LetterSummary,
    by_doc,
    change_phrase,
    kinds_text,
    label,
    marked_template,
    matrix_columns,
    missing_phrase,
    ranked_letters,
)
from extract.records import STATUS_LABELS, Clause, Document, Target

if TYPE_CHECKING:
    from diff import FamilyResult

CSS_PATH = Path(__file__).with_name("assets") / "report.css"
TEMPLATES = Path(__file__).with_name("templates")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
DEFAULT_FOLD_RUN = 3
"""Runs of this many clauses identical to the template, or more, fold into one ``<details>``."""
REVISION_LABELS = {"insert": "插入", "delete": "删除"}


@dataclass(frozen=True)
class FileProblem:
    """A file that failed to read, or read with a warning (a row of the ``errors`` table)."""

    source_path: str
    level: str
    """error or warning."""
    code: str
    message: str


@dataclass(frozen=True)
class FamilyEntry:
    """A family's line on the front page."""

    name: str
    letters: int
    deviations: int
    substantive: int = 0
    wording: int = 0
    workbook: str | None = None
    """The family's Excel workbook, relative to its folder, when written."""


@dataclass(frozen=True)
class ReportExtras:
    """What the pages link or mention beyond the diff result: files that failed or warned and
    the downloads written beside the pages."""

    problems: Sequence[FileProblem] = ()
    workbook: str | None = None
    redlines: dict[str, str] = field(default_factory=dict)
    """doc_id -> the letter's Word redline file name."""
    ocr_checks: dict[str, tuple[tuple[int, int, float], ...]] = field(default_factory=dict)
    """doc_id -> (span_start, span_end, confidence) of targets read by OCR with low confidence
    (``extract.file.is_low_confidence``): their numbers are marked for checking against the scan."""
    entities: frozenset[str] = frozenset()
    """Governments with a page of their own (``ENTITY_DIR``/name.html)."""
    checks: Mapping[str, Sequence[dict[str, Any]]] = field(default_factory=dict)
    """doc_id -> the rows of the ``checks`` table resting on that document (as its ``doc_id`` or
    ``ref_doc_id``), for the families' workbooks (``checks_by_document``)."""


def checks_by_document(checks: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``ReportExtras.checks`` from rows of the ``checks`` table: grouped once, so that each
    family finds its own without a pass over the corpus's."""
    out: dict[str, list[dict[str, Any]]] = {}
    for c in checks:
        out.setdefault(c["doc_id"], []).append(c)
        if c.get("ref_doc_id") and c["ref_doc_id"] != c["doc_id"]:
            out.setdefault(c["ref_doc_id"], []).append(c)
    return out


def ocr_checks(targets: Sequence[Target]) -> dict[str, tuple[tuple[int, int, float], ...]]:
    """``ReportExtras.ocr_checks`` from a family's targets."""
    from extract.file import is_low_confidence

    out: dict[str, list[tuple[int, int, float]]] = {}
    for t in targets:
        if is_low_confidence(t):
            out.setdefault(t.doc_id, []).append((t.span_start, t.span_end, t.ocr_confidence or 0.0))
    return {k: tuple(v) for k, v in out.items()}


def _ocr_note(extras: ReportExtras, doc_id: str, start: int, end: int) -> str:
    """"OCR 置信度 0.82，请对照扫描件核对" when a number lies in a low-confidence OCR'd target, else ""."""
    hits = [c for s, e, c in extras.ocr_checks.get(doc_id, ()) if s < end and start < e]
    return f"OCR 置信度 {min(hits):.2f}，请对照扫描件核对" if hits else ""


@functools.cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


@functools.cache
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def render(page: str, **context: Any) -> str:
    """The page kind ``page`` (a template file name) rendered with ``context``, CSS inlined."""
    return _env().get_template(page).render(css=_css(), **context)


def family_dirname(name: str) -> str:
    """Directory name of a family: its name with path-unsafe characters replaced."""
    return _UNSAFE.sub("_", name).strip("._") or "family"


def letter_filenames(res: FamilyResult) -> list[str]:
    """Per member, its page's file name: the government's name (长春市.html), made unique with
    -2, -3 … when the family holds different texts of one government; a second copy of a letter
    shares its first copy's page."""
    copy_of = res.copy_of or (None,) * len(res.documents)
    names: list[str] = []
    used: set[str] = {"index.html"}
    last: dict[str, int] = {}  # per stem, the number it reached (not counted up from 1 each time)
    for doc, first in zip(res.documents, copy_of):
        if first is not None:
            names.append(names[first])
            continue
        stem = _UNSAFE.sub("_", label(doc)).strip("._") or doc.doc_id
        n = last.get(stem, 1)
        name = f"{stem}.html" if n == 1 else f"{stem}-{n}.html"
        while name in used:
            n += 1
            name = f"{stem}-{n}.html"
        last[stem] = n
        used.add(name)
        names.append(name)
    return names


_PER_FAMILY: dict[str, tuple[FamilyResult, Any]] = {}


def _once(what: str, res: FamilyResult, make: Callable[[FamilyResult], Any]) -> Any:
    """``make(res)`` worked out once per family result (by identity): every letter page asks for
    the same family-wide lookups, and working them out per page was quadratic in the letters."""
    hit = _PER_FAMILY.get(what)
    if hit is None or hit[0] is not res:
        hit = _PER_FAMILY[what] = (res, make(res))
    return hit[1]


def _values_by_letter(res: FamilyResult) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for v in res.values:
        out.setdefault(v.doc_id, []).append(v)
    return out


def _letters_by_entity(res: FamilyResult) -> dict[str | None, list[int]]:
    out: dict[str | None, list[int]] = {}
    for i, d in enumerate(res.documents):
        out.setdefault(d.entity, []).append(i)
    return out


def letter_filename(res: FamilyResult, doc: Document) -> str:
    """The page of ``doc`` in its family's folder."""
    first = _once("index", res, lambda r: {d.doc_id: i for i, d in reversed(list(enumerate(r.documents)))})
    return _once("files", res, letter_filenames)[first[doc.doc_id]]


def _write(path: Path, text: str | bytes) -> Path:
    """Write a report file atomically, readable as the umask allows (see :mod:`diff.atomic`)."""
    return write_file(path, text)


def _notes(doc: Document) -> list[str]:
    """征求意见稿 and pending tracked changes."""
    notes: list[str] = [STATUS_LABELS.get(doc.status, doc.status)] if doc.status and doc.status != "final" else []
    if doc.revisions:
        notes.append(f"{len(doc.revisions)} 处待定修订")
    return notes


def _problems_by_file(problems: Sequence[FileProblem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.source_path, []).append(f"{p.code}：{p.message}")
    return out


def _heat(n: int, most: int) -> int:
    """0 for none, then 1–4 by the share of the family's largest count."""
    if n <= 0 or most <= 0:
        return 0
    return -(-4 * n // most)  # ceil(4n / most)


def _severity_totals(devs: Sequence[Deviation]) -> list[dict[str, Any]]:
    c = Counter(d.severity for d in devs)
    return [{"code": s, "label": SEVERITY_LABELS[s], "total": c[s]} for s in SEVERITIES]


def family_page(res: FamilyResult, extras: ReportExtras = ReportExtras()) -> str:
    """The family's index page."""
    files = letter_filenames(res)
    ranking = ranked_letters(res)
    problems = _problems_by_file(extras.problems)
    most = max((r.substantive for r in ranking), default=0)
    letters = [{
        "href": quote(files[r.index]), "label": r.label, "counts": r.counts, "heat": _heat(r.substantive, most),
        "outliers": r.outliers, "title": r.doc.title, "source_path": r.doc.source_path, "notes": _notes(r.doc),
        "copies": [c.source_path for c in r.copies], "conflicting": r.conflicting,
        "problems": [m for d in (r.doc, *r.copies) for m in problems.get(d.source_path, [])],
        "entity_href": ("../" + entity_href(r.doc.entity)) if r.doc.entity in extras.entities else None,
    } for r in ranking]
    columns = matrix_columns(res)
    vals = {(v.doc_id, v.position, v.slot): v for v in res.values}
    matrix = []
    for r in ranking:
        cells: list[dict[str, str] | None] = []
        for c in columns:
            v = vals.get((r.doc.doc_id, c.position, c.slot))
            if v is None:
                cells.append(None)
                continue
            cls: str = "outlier" if v.outlier else v.assessment if v.assessment in ("stricter", "looser") else ""
            title = f"{ASSESSMENT_LABELS[v.assessment]}；全族 {v.minimum:g}–{v.maximum:g}" + ("；离群值" if v.outlier else "")
            if note := _ocr_note(extras, v.doc_id, v.span_start, v.span_end):
                cls, title = f"{cls} ocr-check", f"{title}；{note}"
            cells.append({"text": v.value_text, "cls": cls, "title": title})
        matrix.append({"href": quote(files[r.index]), "label": r.label, "cells": cells})
    return render(
        "family.html", name=res.name, letters=letters, copies=sum(len(r.copies) for r in ranking),
        clauses=len(res.template.clauses), deviations=len(res.deviations), severities=_severity_totals(res.deviations),
        outliers=sum(1 for v in res.values if v.outlier), workbook=quote(extras.workbook) if extras.workbook else None,
        columns=[{"name": c.name, "unit": c.unit, "code": c.code, "median_text": f"{c.median:g}",
                  "template_text": c.template_text} for c in columns],
        matrix=matrix,
    )


def letter_page(res: FamilyResult, summary: LetterSummary, devs: Sequence[Deviation],
                extras: ReportExtras = ReportExtras()) -> str:
    """The page of one letter (and its copies), whose deviations are ``devs`` in result order."""
    doc = summary.doc
    files = _once("files", res, letter_filenames)
    problems = _problems_by_file(extras.problems)
    others = [{"href": quote(files[i]), "source_path": res.documents[i].source_path}
              for i in (_once("entities", res, _letters_by_entity).get(doc.entity, []) if doc.entity else [])
              if files[i] != files[summary.index]]
    dev_rows = [{
        "n": n, "severity": d.severity, "severity_label": SEVERITY_LABELS[d.severity], "kinds": kinds_text(d),
        "location": d.location, "template_text": d.template_text, "letter_text": d.letter_text,
        "inline": d.inline, "phrases": [change_phrase(c) for c in d.changes] + ([missing_phrase(d)] if d.missing else []),
    } for n, d in enumerate(devs)]
    values = [{
        "parts": marked_template(v.template_text, v.slot), "value_text": v.value_text,
        "stats": f"{v.minimum:g} / {v.median:g} / {v.maximum:g}",
        "assessment": ASSESSMENT_LABELS[v.assessment] + ("（离群值）" if v.outlier else "")
        + (f"（{note}）" if (note := _ocr_note(extras, v.doc_id, v.span_start, v.span_end)) else ""),
        "cls": ("outlier" if v.outlier else "") + (" ocr-check" if note else ""),
    } for v in _once("values", res, _values_by_letter).get(doc.doc_id, [])]
    revisions = [{
        "kind": r.kind, "label": REVISION_LABELS.get(r.kind, r.kind), "text": r.text,
        "where": (f"第{p}页 " if (p := doc.page_at(r.span_start)) else "") + f"{r.span_start}–{r.span_end}",
        "author": r.author or "", "date": r.date or "",
    } for r in doc.revisions]
    return render(
        "letter.html", family=res.name, label=summary.label, title=doc.title, source_path=doc.source_path,
        copies=[c.source_path for c in summary.copies], conflicting=others if summary.conflicting else [],
        problems=[m for d in (doc, *summary.copies) for m in problems.get(d.source_path, [])], notes=_notes(doc),
        redline=quote(extras.redlines[doc.doc_id]) if doc.doc_id in extras.redlines else None, devs=dev_rows, severities=_severity_totals(devs), values=values,
        revisions=revisions, side=_side_by_side(res, summary.index, devs), source=_source(doc, devs),
    )


def _side_by_side(res: FamilyResult, index: int, devs: Sequence[Deviation]) -> list[dict[str, Any]]:
    """Template and letter, row by row, in blocks: runs of identical rows folded."""
    doc = res.documents[index]
    units = res.alignment[index] if index < len(res.alignment) else ()
    inline = {d.span_start: d.inline for d in devs if d.inline}
    marked = {d.span_start for d in devs}
    missing = {d.template_positions[0]: d for d in devs if d.kind == "clause_missing"}
    pending = sorted(missing, reverse=True)
    rows: list[dict[str, Any]] = []

    def missing_rows(upto: int) -> None:
        while pending and pending[-1] < upto:
            rows.append({"template": missing[pending.pop()].template_text, "text": "", "inline": (), "cls": "missing"})

    tables = {t.span_start: t for t in res.tables if t.doc_id == doc.doc_id}
    for u in units:
        if u.position is not None:
            missing_rows(u.position)
        text = doc.text[u.span_start:u.span_end]
        if u.position is None and u.span_start in tables:  # the template's sentences, as a table
            tmpl = "\n".join(res.template.clauses[p].text for p in tables[u.span_start].positions)
            rows.append({"template": tmpl, "text": text, "inline": (), "cls": "table"})
            continue
        if u.position is None:
            rows.append({"template": "", "text": text, "inline": (), "cls": "extra"})
            continue
        tmpl = res.template.clauses[u.position].text
        cls = "dev" if u.span_start in marked else ""
        rows.append({"template": tmpl, "text": text, "inline": inline.get(u.span_start, ()), "cls": cls})
    missing_rows(len(res.template.clauses) + 1)
    blocks: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []

    def flush() -> None:
        if len(run) >= DEFAULT_FOLD_RUN:
            blocks.append({"folded": True, "rows": list(run)})
        elif run:
            blocks.append({"folded": False, "rows": list(run)})
        run.clear()

    for row in rows:
        if row["cls"]:
            flush()
            if blocks and not blocks[-1]["folded"]:
                blocks[-1]["rows"].append(row)
            else:
                blocks.append({"folded": False, "rows": [row]})
        else:
            run.append(row)
    flush()
    return blocks


def _source(doc: Document, devs: Sequence[Deviation]) -> list[dict[str, Any]]:
    """The letter's text in segments, each deviation's span marked and anchored (#src-N)."""
    marks = sorted(((d.span_start, d.span_end, n) for n, d in enumerate(devs)), key=lambda m: (m[0], -m[1]))
    out: list[dict[str, Any]] = []
    pos = 0
    for a, b, n in marks:
        if a < pos:  # nested or overlapping: anchor only
            out.append({"kind": "anchor", "n": n, "text": ""})
            continue
        out.append({"kind": "text", "n": None, "text": doc.text[pos:a]})
        out.append({"kind": "mark", "n": n, "text": doc.text[a:b]})
        pos = max(b, a)
    out.append({"kind": "text", "n": None, "text": doc.text[pos:]})
    return out


_MD_SYNTAX = re.compile(r"([\\`\[\]|])")
"""Markdown punctuation that could turn letter text into a link, an image, code or a table cell
break (``[点此](javascript:…)``); each gets a backslash (a backslash too, so none is undone)."""


def _md(text: str) -> str:
    """Text for Markdown: HTML escaped, link, image, code and table syntax backslashed, one line."""
    return _MD_SYNTAX.sub(r"\\\1", html.escape(re.sub(r"\s+", " ", text)))


def summary_markdown(res: FamilyResult) -> str:
    """The family's review as Markdown for email: letters ranked, each change said in words."""
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
    values = _values_by_letter(res)
    for r in ranking:
        d = r.doc
        devs = rows[d.doc_id]
        odd = [v for v in values.get(d.doc_id, []) if v.outlier or v.letter_unit]
        if not devs and not d.revisions and not odd and not r.copies:
            continue
        lines += ["", f"## {_md(r.label)}", ""]
        if r.copies:
            lines += ["同一文件另有副本（内容相同，只计一次）：" + "、".join(_md(c.source_path) for c in r.copies), ""]
        if d.revisions:
            shown = "；".join(f"{REVISION_LABELS.get(x.kind, x.kind)} {_md(x.text)}" for x in d.revisions[:10])
            more = f" 等 {len(d.revisions)} 处" if len(d.revisions) > 10 else ""
            lines.append(f"- 待定修订（修订模式，按全部接受读取）：{shown}{more}")
        for x in devs:
            where = f"（{_md(x.location)}）" if x.location else ""
            lines.append(f"- **{SEVERITY_LABELS[x.severity]}** · {kinds_text(x)}{where}")
            lines += [f"  - {_md(change_phrase(c))}" for c in x.changes]
            if x.missing:
                lines.append(f"  - {_md(missing_phrase(x))}")
            if x.kind == "clause_missing":
                lines.append(f"  - 缺少：{_md(x.template_text)}")
            else:
                lines.append(f"  - 本文件：{_md(x.letter_text)}")
        for v in odd:
            before, blank, after = marked_template(v.template_text, v.slot)
            what = "离群值" if v.outlier else "另一单位"
            lines.append(f"- {what}：{_md(v.value_text)}（全族中位数 {v.median:g}，{v.minimum:g}–{v.maximum:g}，"
                         f"{ASSESSMENT_LABELS[v.assessment]}） — {_md(before)}【{blank}】{_md(after)}")
    return "\n".join(lines) + "\n"


ENTITY_DIR = "governments"
"""Folder of the report holding one page per government."""


def entity_href(entity: str | None) -> str:
    """A government's page, relative to the report folder."""
    return f"{ENTITY_DIR}/{quote(family_dirname(entity or '') + '.html')}"


def write_entity_pages(pages: Sequence[EntityPage], out_dir: Path) -> list[Path]:
    """One page per government under ``out_dir/governments/``; returns the paths."""
    return [_write(Path(out_dir) / ENTITY_DIR / (family_dirname(p.entity) + ".html"), render("entity.html", gov=p))
            for p in pages]


def workbook_filename(name: str) -> str:
    """The family's Excel workbook, in its folder."""
    return family_dirname(name) + ".xlsx"


def write_family_report(res: FamilyResult, out_dir: Path, extras: ReportExtras = ReportExtras()) -> list[Path]:
    """One family's index, letter pages, Word redlines, Excel workbook and summary.md; returns the paths."""
    from diff.redline import redline_docx
    from diff.workbook import family_workbook

    fdir = Path(out_dir) / family_dirname(res.name)
    files = letter_filenames(res)
    rows = by_doc(res)
    ranking = ranked_letters(res)
    redlines = {r.doc.doc_id: files[r.index].removesuffix(".html") + ".docx" for r in ranking}
    extras = dataclasses.replace(extras, workbook=workbook_filename(res.name), redlines=redlines)
    written: list[Path] = []
    for r in ranking:
        devs = rows[r.doc.doc_id]
        written.append(_write(fdir / files[r.index], letter_page(res, r, devs, extras)))
        written.append(_write(fdir / redlines[r.doc.doc_id], redline_docx(res, r.index, devs)))
    # A check resting on two of the family's letters (doc_id and ref_doc_id) is listed once.
    checks = list({id(c): c for d in res.documents for c in extras.checks.get(d.doc_id, ())}.values())
    written.append(_write(fdir / workbook_filename(res.name), family_workbook(res, checks)))
    written.append(_write(fdir / "summary.md", summary_markdown(res)))
    # The page linking the others comes last: a run stopped part-way (disk full) never leaves
    # it pointing at pages not yet written.
    written.insert(0, _write(fdir / "index.html", family_page(res, extras)))
    return written


def family_entry(res: FamilyResult) -> FamilyEntry:
    c = Counter(d.severity for d in res.deviations)
    return FamilyEntry(res.name, len(res.documents), len(res.deviations), c["substantive"], c["wording"],
                       workbook_filename(res.name))


def write_index(families: Sequence[FamilyEntry], out_dir: Path, problems: Sequence[FileProblem] = (),
                entities: Sequence[tuple[str, int]] = ()) -> Path:
    """The report's front page: one row per family, the governments with a page of their own (and
    how many of their checks are worth a look), then every file that failed or warned."""
    rows = [{"href": quote(family_dirname(f.name)) + "/index.html", "name": f.name, "letters": f.letters,
             "deviations": f.deviations, "substantive": f.substantive, "wording": f.wording,
             "workbook": quote(family_dirname(f.name)) + "/" + quote(f.workbook) if f.workbook else None}
            for f in families]
    order = {"error": 0, "warning": 1}
    shown = sorted(problems, key=lambda p: (order.get(p.level, 2), p.source_path))
    governments = [{"href": entity_href(name), "name": name, "flagged": flagged} for name, flagged in entities]
    return _write(Path(out_dir) / "index.html", render("index.html", families=rows, problems=shown,
                                                        governments=governments))


def write_reports(
    results: Sequence[FamilyResult],
    documents: Sequence[Document],
    clauses: Sequence[Clause],
    targets: Sequence[Target],
    out_dir: Path,
    problems: Sequence[FileProblem] = (),
) -> list[Path]:
    """Write the index, each family's pages and summary.md under ``out_dir``; returns the paths."""
    written: list[Path] = []
    extras = ReportExtras(problems=problems)
    for res in results:
        written += write_family_report(res, out_dir, extras)
    written.append(write_index([family_entry(r) for r in results], out_dir, problems))
    return written


__all__ = [
    "KIND_LABELS",
    "FamilyEntry",
    "FileProblem",
    "ReportExtras",
    "family_dirname",
    "family_entry",
    "family_page",
    "letter_filename",
    "letter_filenames",
    "letter_page",
    "render",
    "summary_markdown",
    "workbook_filename",
    "write_entity_pages",
    "write_family_report",
    "write_index",
    "write_reports",
]
