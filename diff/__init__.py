"""Template diff: where each letter of a family departs from the template the letters share.

``run_diff(documents, clauses, targets)`` groups documents into families (kind, year, issuer),
builds each family's consensus template and returns every deviation; ``diff.report`` turns the
results into static HTML pages and a Markdown summary. Records in, records out: no files here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from diff.deviations import DEVIATION_KINDS, SEVERITIES, Deviation, SlotValue, TableStatement, compare_letters
from diff.family import Family, FamilyKey, families_of
from diff.template import Template, build_template
from diff.units import Unit, UnitMemo, split_headings, units_of
from extract.records import Clause, Document, Target

__all__ = ["DEVIATION_KINDS", "SEVERITIES", "Deviation", "FamilyResult", "SlotValue", "diff_family", "run_diff"]


@dataclass(frozen=True)
class AlignedUnit:
    """One sentence of a letter and the template clause it matched (None: extra)."""

    position: int | None
    span_start: int
    span_end: int


@dataclass(frozen=True)
class FamilyResult:
    """A family's template and deviations."""

    key: FamilyKey
    name: str
    documents: tuple[Document, ...]
    template: Template
    deviations: tuple[Deviation, ...]
    alignment: tuple[tuple[AlignedUnit, ...], ...] = field(default=(), compare=False, repr=False)
    """Per member document (same order), its sentences with their template positions."""
    values: tuple[SlotValue, ...] = field(default=(), compare=False, repr=False)
    """Every letter's value for every template number slot, beside the family's figures."""
    tables: tuple[TableStatement, ...] = field(default=(), compare=False, repr=False)
    """Tables of letters that state template clauses in place of the template's sentences."""
    copy_of: tuple[int | None, ...] = field(default=(), compare=False, repr=False)
    """Per member, the earlier member it is a second copy of (same government, same text), or None."""


def copies_of(documents: Sequence[Document], units: Sequence[Sequence[Unit]]) -> list[int | None]:
    """Per letter, the earlier letter it is again (the same government, the same text as the diff
    sees it: line breaks, width and spacing folded away), or None. The same letter dropped in as
    PDF and as DOCX votes once; two governments sent the same wording vote twice."""
    seen: dict[tuple[str | None, tuple[str, ...]], int] = {}
    out: list[int | None] = []
    for i, (doc, us) in enumerate(zip(documents, units)):
        key = (doc.entity, tuple(u.key for u in us))
        out.append(seen.get(key))
        seen.setdefault(key, i)
    return out


def diff_family(fam: Family, clauses: Sequence[Clause], targets: Sequence[Target]) -> FamilyResult:
    """Template and deviations of one family."""
    by_doc: dict[str, list[Clause]] = {}
    ids = {d.doc_id for d in fam.documents}
    for c in clauses:
        if c.doc_id in ids:
            by_doc.setdefault(c.doc_id, []).append(c)
    memo: UnitMemo = {}  # the family's letters share most sentences: each is keyed once
    units: list[list[Unit]] = [units_of(d, by_doc.get(d.doc_id, []), i, memo) for i, d in enumerate(fam.documents)]
    units = split_headings(units, memo)
    copy_of = copies_of(fam.documents, units)
    votes = [c is None for c in copy_of]
    fam_targets = sorted((t for t in targets if t.doc_id in ids), key=lambda t: (t.span_start, t.span_end))
    stated: dict[str, list[Target]] = {}
    for t in fam_targets:
        stated.setdefault(t.doc_id, []).append(t)
    template, mapping = build_template(fam.name, units, votes=votes,
                                       targets=[stated.get(d.doc_id, []) for d in fam.documents])
    comparison = compare_letters(
        fam.name, template, fam.documents, units, mapping,
        clauses=[c for cs in by_doc.values() for c in cs], targets=fam_targets, votes=votes,
    )
    alignment = tuple(
        tuple(AlignedUnit(p, u.span_start, u.span_end) for u, p in zip(us, mp)) for us, mp in zip(units, mapping)
    )
    return FamilyResult(fam.key, fam.name, fam.documents, template, comparison.deviations, alignment,
                        comparison.values, comparison.tables, tuple(copy_of))


def run_diff(
    documents: Sequence[Document],
    clauses: Sequence[Clause],
    targets: Sequence[Target],
    *,
    family: str | None = None,
    entity: str | None = None,
) -> list[FamilyResult]:
    """Every family of three letters or more, compared with its template.

    ``family`` keeps the family of that name; ``entity`` keeps only that government's deviations
    (the template is still built from the whole family).
    """
    out = []
    for fam in families_of(documents):
        if family is not None and fam.name != family:
            continue
        if entity is not None and entity not in {d.entity for d in fam.documents}:
            continue
        res = diff_family(fam, clauses, targets)
        if entity is not None:
            res = dataclasses.replace(res, deviations=tuple(d for d in res.deviations if d.entity == entity))
        out.append(res)
    return out
