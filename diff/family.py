"""Group documents into families: letters of one kind, year and issuer that share a template.

A family is what a template is built from. Only families of ``DEFAULT_MIN_LETTERS`` letters or
more are compared: with two letters there is no majority to say which one departs. Sharing a kind
and a year is not enough: plans of 泰州 and 浦东新区 of one year are strangers. Letters share a
template when their titles read alike once each letter's own government, numbers and years are
masked (长春市人民政府生态环境保护目标责任书 and 白城市人民政府… both read "□人民政府生态环境保护目标责任书"),
and when their governments lie in one province (a province writes its own letters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extract.normalize import fold
from extract.records import DOC_KIND_LABELS, Document

DEFAULT_MIN_LETTERS = 3
TEMPLATE_KINDS = frozenset({"letter", "plan", "assessment", "decomposition"})
"""Kinds of documents written from a template; bulletins, press releases and news are not."""
DEFAULT_TITLE_SIMILARITY = 85.0
"""How alike (rapidfuzz ratio, 0-100) two masked titles must be for their letters to share a template."""

_NUMBERS = re.compile(r"[0-9０-９〇零一二三四五六七八九十]+")
_DECOR = re.compile(r"[\s《》“”\"'()（）〔〕\[\]【】]")

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


def title_pattern(doc: Document) -> str:
    """The title with the letter's own government, numbers and decoration masked."""
    title = fold(doc.title or "")
    if doc.entity:
        title = title.replace(doc.entity, "□")
    return _DECOR.sub("", _NUMBERS.sub("#", title))


def _by_title(docs: list[Document], similarity: float) -> list[list[Document]]:
    """``docs`` in groups whose masked titles read alike (each compared with its group's first)."""
    groups: list[tuple[str, list[Document]]] = []
    for doc in docs:
        pattern = title_pattern(doc)
        for first, members in groups:
            if fuzz.ratio(first, pattern) >= similarity:
                members.append(doc)
                break
        else:
            groups.append((pattern, [doc]))
    return [members for _, members in groups]


def _by_province(docs: list[Document], min_letters: int) -> list[list[Document]]:
    """``docs`` split by the province their governments lie in: each province writes its own
    letters, so two provinces' letters of one title (□人民政府生态环境保护目标责任书) are two families.
    Only a province with ``min_letters`` letters or more splits off; a letter whose government the
    gazetteer does not know (长白山管委会), or places in a province of fewer letters (a name that
    happens to be another province's too), joins the largest group."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.province:
            groups.setdefault(doc.province, []).append(doc)
    apart = [g for g in groups.values() if len(g) >= min_letters]
    if len(apart) <= 1:
        return [docs]
    largest = max(apart, key=len)
    alone = {id(d) for g in apart if g is not largest for d in g}
    return [[d for d in docs if id(d) not in alone]] + [g for g in apart if g is not largest]


def _province_of(docs: list[Document]) -> str | None:
    """The one province of ``docs``' governments, None when they lie in none or several."""
    known = {d.province for d in docs if d.province}
    return known.pop() if len(known) == 1 else None


def families_of(documents: Sequence[Document], min_letters: int = DEFAULT_MIN_LETTERS,
                similarity: float = DEFAULT_TITLE_SIMILARITY) -> list[Family]:
    """Families of at least ``min_letters`` documents that share a template, members in input
    order, sorted by name; a document that shares none stays alone (and is not diffed)."""
    groups: dict[FamilyKey, list[Document]] = {}
    for doc in documents:
        if doc.doc_kind not in TEMPLATE_KINDS:
            continue
        groups.setdefault(family_key(doc), []).append(doc)
    out = []
    for k, docs in groups.items():
        if len(docs) < min_letters:
            continue
        kin = [p for g in _by_title(docs, similarity) for p in _by_province(g, min_letters) if len(p) >= min_letters]
        provinces = [_province_of(members) for members in kin]
        named = len(kin) > 1 and None not in provinces and len(set(provinces)) == len(kin) and not k[2]
        for i, members in enumerate(sorted(kin, key=len, reverse=True)):
            if named:  # one family per province: 目标责任书-2022-河北省
                name = f"{family_name(k)}-{_province_of(members)}"
            else:
                name = family_name(k) if i == 0 else f"{family_name(k)}-{i + 1}"
            out.append(Family(key=k, name=name, documents=tuple(members)))
    return sorted(out, key=lambda f: f.name)
