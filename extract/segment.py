"""Split a document into clauses: sentence-level pieces with the headings above them.

Government documents number their structure with a small, fixed vocabulary: 一、 for sections,
（一） for sub-sections, 1. / 1、 for numbered items and ● or —— for bullets. A heading that
carries body text in the same paragraph ("（一）坚持强化主体责任。各级政府是…") is cut after its
first sentence. Table rows (cells joined by tabs) are one clause each. Blank lines and line
breaks never make a clause of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.normalize import fold, squash
from extract.records import Clause
from extract.vocabulary.markers import marker_of

# Sentence ends: the punctuation stays with its sentence; closing quotes/brackets follow it.
_SENTENCE = re.compile(r"[^。；;！？!?]*(?:[。；;！？!?]+[”’」』）)]*|$)")
_HEADING_MAX_CHARS = 40
"""A marked paragraph this short with no sentence end is a heading, not an item."""


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text`` (offsets shifted by ``start``), whitespace trimmed."""
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        piece = text[a:b]
        kept = piece.strip()
        if not kept:
            continue
        lead = piece.index(kept)  # the first non-space character starts it
        out.append((start + a + lead, start + a + lead + len(kept)))
    return out


def segment(
    doc_id: str,
    text: str,
    *,
    body_start: int = 0,
    page_at: Callable[[int], int | None] | None = None,
    folded: str | None = None,
) -> list[Clause]:
    """Clauses of a document's ``text``. Lines before ``body_start`` are title lines.

    ``folded`` is ``fold(text)`` when the caller already has it.
    """
    clauses: list[Clause] = []
    folded_text = fold(text) if folded is None else folded  # one-to-one: offsets are shared
    path: dict[int, str] = {}
    section = ""  # the headings of ``path`` joined, as every clause below them names them
    item = ""
    bullet_count = 0
    pos = 0

    def add(kind: str, a: int, b: int, para: int) -> None:
        raw = text[a:b]
        norm = squash(folded_text[a:b])
        if not norm:
            return
        clauses.append(
            Clause(
                doc_id=doc_id,
                clause_id=len(clauses),
                section_path=section,
                kind=kind,  # type: ignore[arg-type]
                text=raw,
                norm_text=norm,
                span_start=a,
                span_end=b,
                page=page_at(a) if page_at else None,
                paragraph=para,
                item=item,
            )
        )

    for para, line in enumerate(text.split("\n")):
        a = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        a += len(line) - len(line.lstrip())
        b = a + len(stripped)
        if a < body_start:
            add("title", a, b, para)
            continue
        if "\t" in stripped:
            add("table_row", a, b, para)
            continue
        folded = squash(folded_text[a:b])
        mk = marker_of(folded)
        if mk is None:
            if item and not item[0].isdigit():
                item = ""  # a plain paragraph after bullets is its own paragraph
            for s, e in _sentences(text[a:b], a):
                add("sentence", s, e, para)
            continue
        level, label = mk
        sents = _sentences(text[a:b], a)
        first_end = sents[0][1] if sents else b
        is_heading = level <= 2 or (
            level == 3 and len(sents) == 1 and len(folded) <= _HEADING_MAX_CHARS and not re.search(r"[。；;]$", folded)
        )
        if is_heading:
            path = {k: v for k, v in path.items() if k < level}
            path[level] = re.sub(r"\s+", "", text[a:first_end]).rstrip("。；;.")
            section = " / ".join(path[k] for k in sorted(path))
            item = ""
            bullet_count = 0
            add("heading", a, first_end, para)
            for s, e in sents[1:]:
                add("sentence", s, e, para)
            continue
        # Numbered or bulleted item: the item label stays on every sentence of the item.
        if level == 4:
            bullet_count += 1
            item = f"{label}{bullet_count}"
        else:
            item = label.rstrip("、．.")
        for s, e in sents:
            add("item", s, e, para)
    return clauses
