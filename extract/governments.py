"""The government a statement binds, when the statement names one of its own.

A city's plan or a newspaper page on a city often sets targets for the counties and districts
under it, one after another: 婺城区8个县控以上断面全部达标，…；金东区2个县控以上断面全部稳定达标，….
Such a statement binds the division it opens with, not the document's government. Only divisions
*inside* the document's government count (a county of the city, a city of the province): a
letter to 长春市 that mentions what 吉林省 set is still 长春市's letter. Names come from the
gazetteer (extract.gazetteer), so a text fragment is never a government.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extract import gazetteer
from extract.normalize import fold
from extract.records import Clause, Document, Target

_PIECE_BREAK = re.compile(r"[。；;!?！？\n]")
"""A government named before one of these does not reach past it."""


def _inside(d: gazetteer.Division, doc_code: str | None, doc_level: int | None) -> bool:
    """``d`` lies inside the document's government (a county of its city, a city of its province)."""
    if doc_code is None or doc_level is None or d.code == doc_code:
        return False
    if doc_level == gazetteer.PROVINCE_LEVEL:
        return d.code[:2] == doc_code[:2]
    if doc_level == gazetteer.PREFECTURE_LEVEL:
        return d.parent == doc_code
    return False


def statement_government(doc: Document, text: str, pos: int) -> gazetteer.Place | None:
    """The division inside ``doc``'s government that ``text`` names last before ``pos`` in the same
    piece (up to 。 or ；), or None when the statement names none."""
    if doc.entity_code is None:
        return None
    division = gazetteer.load().by_code.get(doc.entity_code)
    if division is None:
        return None
    start = 0
    for m in _PIECE_BREAK.finditer(text, 0, pos):
        start = m.end()
    piece = fold(text[start:pos])
    for a, b, d in reversed(gazetteer.find_all(piece, province=doc.province)):
        if _inside(d, doc.entity_code, division.level):
            return gazetteer.place(piece[a:b], doc.province)
    return None


def place_statements(doc: Document, clauses: Sequence[Clause], targets: Sequence[Target]) -> list[Target]:
    """``targets`` with the government of each statement that names one inside the document's."""
    if doc.entity_code is None:
        return list(targets)
    by_id = {c.clause_id: c for c in clauses}
    out = []
    for t in targets:
        c = by_id.get(t.clause_id)
        where = statement_government(doc, c.text, t.span_end - c.span_start) if c is not None else None
        if where is not None and t.entity == doc.entity:
            t = replace(t, entity=where.name, entity_code=where.code, province=where.province)
        out.append(t)
    return out
