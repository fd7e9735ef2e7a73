"""The government a statement binds, when the statement names one of its own.

A city's plan or a newspaper page on a city often sets targets for the counties and districts
under it, one after another: 婺城区8个县控以上断面全部达标，…；金东区2个县控以上断面全部稳定达标，….
Such a statement binds the division it opens with, not the document's government. Only divisions
*inside* the document's government count (a county of the city, a city of the province): a
letter to 长春市 that mentions what 吉林省 set is still 长春市's letter. Names come from the
gazetteer (extract.gazetteer), so a text fragment is never a government.
"""

from __future__ import annotations

import bisect
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


def _mentions(doc: Document, text: str, level: int) -> tuple[list[int], list[int], list[tuple[int, str]]]:
    """A clause's piece breaks, and the divisions inside the document's government it names."""
    pattern = gazetteer.children_pattern(doc.entity_code or "")
    if pattern is None:
        return [], [], []
    folded = fold(text)
    breaks = [m.end() for m in _PIECE_BREAK.finditer(folded)]
    inside = []
    for m in pattern.finditer(folded):
        d = gazetteer.resolve(m.group(0), doc.province)
        if d is not None and _inside(d, doc.entity_code, level):
            inside.append((m.end(), m.group(0)))
    return breaks, [b for b, _ in inside], inside


def statement_government(doc: Document, text: str, pos: int) -> gazetteer.Place | None:
    """The division inside ``doc``'s government that ``text`` names last before ``pos`` in the same
    piece (up to 。 or ；), or None when the statement names none."""
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None:
        return None
    return _last_inside(doc, _mentions(doc, text, division.level), pos)


def _last_inside(doc: Document, mentions: tuple[list[int], list[int], list[tuple[int, str]]],
                 pos: int) -> gazetteer.Place | None:
    breaks, ends, inside = mentions
    k = bisect.bisect_right(ends, pos) - 1
    if k < 0:
        return None
    piece_start = breaks[bisect.bisect_right(breaks, pos) - 1] if bisect.bisect_right(breaks, pos) else 0
    end, name = inside[k]
    if end - len(name) < piece_start:
        return None
    return gazetteer.place(name, doc.province)


def place_statements(doc: Document, clauses: Sequence[Clause], targets: Sequence[Target]) -> list[Target]:
    """``targets`` with the government of each statement that names one inside the document's."""
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None:
        return list(targets)
    by_id = {c.clause_id: c for c in clauses}
    scans: dict[int, tuple[list[int], list[int], list[tuple[int, str]]]] = {}
    out = []
    for t in targets:
        c = by_id.get(t.clause_id)
        if c is not None and t.entity == doc.entity:
            if c.clause_id not in scans:
                scans[c.clause_id] = _mentions(doc, c.text, division.level)
            where = _last_inside(doc, scans[c.clause_id], t.span_end - c.span_start)
            if where is not None:
                t = replace(t, entity=where.name, entity_code=where.code, province=where.province)
        out.append(t)
    return out
