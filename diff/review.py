"""What a reviewer reads, worked out once for every output (HTML pages, summary.md, Excel, Word).

Records in, plain values out: the letters ranked by how much of substance they change, each
word change said in words (「国家」改为「省」), the city × indicator columns headed by the
indicator's Chinese name and unit. No formatting here: each writer lays these out its own way.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from diff.deviations import KIND_LABELS, SEVERITIES, SEVERITY_LABELS, Deviation, WordChange
from diff.units import SLOT_DISPLAY
from diff.values import SlotValue, indicator_info
from extract.records import Document

if TYPE_CHECKING:
    from diff import FamilyResult

ASSESSMENT_LABELS = {"stricter": "严于中位数", "looser": "宽于中位数", "equal": "等于中位数", "unknown": "方向未知"}
"""Readers' words for ``values.assessment``."""


@dataclass(frozen=True)
class LetterSummary:
    """A letter of the family with its counts, for the ranking."""

    index: int
    """Position in ``FamilyResult.documents``."""
    doc: Document
    label: str
    counts: tuple[int, ...]
    """Rows per severity, in ``SEVERITIES`` order."""
    outliers: int
    copies: tuple[Document, ...]
    """Other files holding the same government's same text (shown as one letter)."""
    conflicting: bool
    """The same government appears in the family with a different text."""

    @property
    def substantive(self) -> int:
        return self.counts[0]

    @property
    def wording(self) -> int:
        return self.counts[1]


@dataclass(frozen=True)
class Column:
    """A city × indicator matrix column: one number slot of the template."""

    position: int
    slot: int
    code: str | None
    name: str
    """Chinese: the indicator's name, or the template's words before the blank."""
    unit: str
    median: float
    template_text: str


def label(doc: Document) -> str:
    return doc.entity or doc.title or doc.doc_id


def kinds_text(d: Deviation) -> str:
    return "、".join(KIND_LABELS[k] for k in d.kinds)


def severity_text(d: Deviation) -> str:
    return SEVERITY_LABELS[d.severity]


def change_phrase(c: WordChange) -> str:
    """One word change said in words: 「国家」改为「省」, 删去「…」, 增加「…」."""
    if c.op == "insert" or not c.template:
        return f"增加「{c.letter}」"
    if c.op == "delete" or not c.letter:
        return f"删去「{c.template}」"
    return f"「{c.template}」改为「{c.letter}」"


def missing_phrase(d: Deviation) -> str:
    """The numbers a place lacks, by indicator name: 缺少数值：地下水…比例（8/11 份设定）."""
    if not d.missing:
        return ""
    names = []
    for m in d.missing:
        info = indicator_info().get(m.indicator or "")
        names.append(f"{info.name if info else (m.indicator or '数值')}（{m.set_by}/{m.letters} 份设定）")
    return "缺少数值：" + "；".join(names)


def by_doc(res: FamilyResult) -> dict[str, list[Deviation]]:
    """Each member's deviations in result order (every member present, even without any)."""
    out: dict[str, list[Deviation]] = {d.doc_id: [] for d in res.documents}
    for dv in res.deviations:
        out.setdefault(dv.doc_id, []).append(dv)
    return out


def ranked_letters(res: FamilyResult) -> list[LetterSummary]:
    """The family's letters, most substantive rows first, then most wording rows, then in input
    order; a second copy of a letter (same government, same text) folds into the first."""
    rows = by_doc(res)
    outliers = Counter(v.doc_id for v in res.values if v.outlier)
    copy_of = res.copy_of or (None,) * len(res.documents)
    copies: dict[int, list[Document]] = {i: [] for i, c in enumerate(copy_of) if c is None}
    for i, c in enumerate(copy_of):
        if c is not None:
            copies[c].append(res.documents[i])
    versions = Counter(d.entity for d, c in zip(res.documents, copy_of) if c is None and d.entity)
    out = []
    for i, again in copies.items():
        d = res.documents[i]
        n = Counter(x.severity for x in rows[d.doc_id])
        out.append(LetterSummary(i, d, label(d), tuple(n[s] for s in SEVERITIES), outliers[d.doc_id],
                                 tuple(again), bool(d.entity) and versions[d.entity or ""] > 1))
    out.sort(key=lambda r: (-r.counts[0], -r.counts[1], -r.counts[2], r.index))
    return out


def matrix_columns(res: FamilyResult) -> list[Column]:
    """Every slot two or more letters state, in template order, headed in Chinese."""
    counts = Counter((v.position, v.slot) for v in res.values)
    by_slot: dict[tuple[int, int], list[SlotValue]] = {}
    for v in res.values:
        by_slot.setdefault((v.position, v.slot), []).append(v)
    cols = []
    for (pos, k), n in sorted(counts.items()):
        if n < 2:
            continue
        vals = by_slot[(pos, k)]
        first = vals[0]
        tc = res.template.clauses[pos]
        info = indicator_info().get(first.indicator or "")
        if info is not None:
            name = info.name
        else:  # the words before the blank, after the last comma
            at = [m.start() for m in re.finditer(re.escape(SLOT_DISPLAY), tc.text)]
            before = tc.text[: at[k]] if k < len(at) else tc.text
            name = re.split(r"[，。；：,;:●]", before)[-1][-12:] or before[-12:]
        counted = [v.value for v in vals if v.counted] or [v.value for v in vals]
        cols.append(Column(pos, k, first.indicator, name, first.unit or "", statistics.median(counted), tc.text))
    return cols


def marked_template(text: str, slot: int) -> tuple[str, str, str]:
    """``text`` split around its ``slot``-th blank (before, the blank, after), so a reader sees
    which number a value fills; the whole text before and "" for the rest when there is none."""
    at = -1
    for _ in range(slot + 1):
        at = text.find(SLOT_DISPLAY, at + 1)
        if at < 0:
            return text, "", ""
    return text[:at], SLOT_DISPLAY, text[at + len(SLOT_DISPLAY):]
