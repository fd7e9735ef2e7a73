"""Group documents into families: letters of one kind, year and issuer.

A family is what a template is built from. Only families of ``DEFAULT_MIN_LETTERS`` letters or
more are compared: with two letters there is no majority to say which one departs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract.records import DOC_KIND_LABELS, Document

DEFAULT_MIN_LETTERS = 3

FamilyKey = tuple[str, int | None, str]
"""(doc_kind code, year, issuer or "")."""


@dataclass(frozen=True)
class Family:
    """Letters that share a template."""

    key: FamilyKey
    name: str
    """Readable and stable: "目标责任书-2022" (the kind's Chinese label), with "-吉林省" when the issuer is known."""
    documents: tuple[Document, ...]


def family_key(doc: Document) -> FamilyKey:
    return (doc.doc_kind, doc.year, doc.issuer or "")


def family_name(key: FamilyKey) -> str:
    kind, year, issuer = key
    parts = [DOC_KIND_LABELS.get(kind, kind), str(year) if year is not None else "无年份"]
    if issuer:
        parts.append(issuer)
    return "-".join(parts)


def families_of(documents: Sequence[Document], min_letters: int = DEFAULT_MIN_LETTERS) -> list[Family]:
    """Families of at least ``min_letters`` documents, members in input order, sorted by name."""
    groups: dict[FamilyKey, list[Document]] = {}
    for doc in documents:
        if doc.doc_kind == "other":
            continue
        groups.setdefault(family_key(doc), []).append(doc)
    out = [
        Family(key=k, name=family_name(k), documents=tuple(docs))
        for k, docs in groups.items()
        if len(docs) >= min_letters
    ]
    return sorted(out, key=lambda f: f.name)
