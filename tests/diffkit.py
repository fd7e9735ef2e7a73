"""Shared helpers for the diff tests: records from text, the way the pipeline makes them."""

from __future__ import annotations

from dataclasses import dataclass

from places import SHARED

from extract.file import documents_from_extraction
from extract.records import Clause, Document, Extraction, Target
from extract.segment import segment

SEED = SHARED / "seeds" / "000_da25c240dbbbbbaf.txt"


def records_from_text(text: str, path: str = "letters.txt") -> tuple[list[Document], list[Clause], list[Target]]:
    """Documents, clauses and (when extract.targets exists) targets of one text file."""
    ex = Extraction(text=text, format="txt")
    try:
        from extract.file import records_from_extraction

        rec = records_from_extraction(ex, path, "x" * 64)
        return rec.documents, rec.clauses, rec.targets
    except ImportError:  # targets not written yet: clauses alone
        docs, clauses = [], []
        for doc, body in documents_from_extraction(ex, path, "x" * 64):
            docs.append(doc)
            clauses.extend(segment(doc.doc_id, doc.text, body_start=body, page_at=doc.page_at))
        return docs, clauses, []


def records_from_letters(letters: list[tuple[str, str]]) -> tuple[list[Document], list[Clause], list[Target]]:
    """Records of letters given one file each (doc ids differ by file)."""
    docs: list[Document] = []
    clauses: list[Clause] = []
    targets: list[Target] = []
    for i, (_, text) in enumerate(letters):
        ex = Extraction(text=text, format="txt")
        sha = f"{i:016x}" + "0" * 48
        try:
            from extract.file import records_from_extraction

            rec = records_from_extraction(ex, f"letter-{i}.txt", sha)
            docs += rec.documents
            clauses += rec.clauses
            targets += rec.targets
        except ImportError:
            for doc, body in documents_from_extraction(ex, f"letter-{i}.txt", sha):
                docs.append(doc)
                clauses.extend(segment(doc.doc_id, doc.text, body_start=body, page_at=doc.page_at))
    return docs, clauses, targets


@dataclass(frozen=True)
class Finding:
    """One aspect of a deviation (each of its ``kinds``) or a value unlike the family median
    (``value_differs``): how the tests written per kind of difference see a diff result."""

    entity: str | None
    kind: str
    haystack: str
    """The letter's and the template's words and every word change, for phrase checks."""
    value: float | None = None
    letter_unit: str | None = None
    median: float | None = None
    position: int | None = None
    slot: int | None = None


def findings(result) -> list[Finding]:
    """Every deviation's every kind, then every value that differs from its family's median."""
    out = []
    for d in result.deviations:
        changes = " ".join(c.template + " " + c.letter for c in d.changes)
        hay = f"{d.letter_text} {d.template_text} {changes}"
        out += [Finding(d.entity, k, hay) for k in d.kinds]
    for v in result.values:
        if v.value != v.median:
            out.append(Finding(v.entity, "value_differs", f"{v.value_text} {v.template_text}", v.value,
                               v.letter_unit, v.median, v.position, v.slot))
    return out
