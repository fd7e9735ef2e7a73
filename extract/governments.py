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


_Mentions = tuple[list[int], list[int], list[tuple[int, int, str]]]
"""A clause's piece breaks, the ends of its mentions, and its mentions (start, end, name)."""
_LIST_GAP = re.compile(r"^[、,，和及与\s]*$")
"""What may stand between two governments of one list (长沙、株洲和湘潭)."""
_NOT_A_MEASURE_UNIT = frozenset({"位次"})
"""Places moved in a ranking (上升1位) are not a value of the measure named before."""
_LIST_TAIL = re.compile(r"等?(?:市|州|县|区|地|个市|个县|城市)?")


def _mentions(doc: Document, text: str, level: int) -> _Mentions:
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
            inside.append((m.start(), m.end(), m.group(0)))
    own = gazetteer.own_pattern(doc.entity_code or "")
    if own is not None:  # the document's own government named after a county: the statement is its own
        inside += [(m.start(), m.end(), "") for m in own.finditer(folded)]
        inside.sort()
    return breaks, [b for _, b, _ in inside], inside


def statement_government(doc: Document, text: str, pos: int) -> gazetteer.Place | None:
    """The division inside ``doc``'s government that ``text`` names last before ``pos`` in the same
    piece (up to 。 or ；), or None when the statement names none."""
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None:
        return None
    found = _governments_before(doc, text, _mentions(doc, text, division.level), pos)
    return found[-1] if found else None


def _governments_before(doc: Document, text: str, mentions: _Mentions, pos: int) -> list[gazetteer.Place]:
    """The governments a statement at ``pos`` binds: the last one named before it in its piece, with
    the ones listed right before that one (长沙、株洲、湘潭…下降20%: all three)."""
    breaks, ends, inside = mentions
    k = bisect.bisect_right(ends, pos) - 1
    if k < 0:
        return []
    i = bisect.bisect_right(breaks, pos)
    piece_start = breaks[i - 1] if i else 0
    if inside[k][0] < piece_start:
        return []
    if not inside[k][2]:
        return []  # the document's own government is named last (河北…石家庄…，河北PM2.5…)
    first = k
    while (first > 0 and inside[first - 1][2] and inside[first - 1][0] >= piece_start
           and _LIST_GAP.match(text[inside[first - 1][1]:inside[first][0]])):
        first -= 1
    out = []
    for _, _, name in inside[first:k + 1]:
        where = gazetteer.place(name, doc.province)
        if where is not None and where not in out:
            out.append(where)
    return out


def _only_governments(phrase: str, doc: Document) -> bool:
    """The words naming a statement's measure are only a list of governments (岳阳、常德、吉首)."""
    pattern = gazetteer.children_pattern(doc.entity_code or "")
    rest = pattern.sub("", fold(phrase)) if pattern is not None else fold(phrase)
    return not _LIST_GAP.sub("", _LIST_TAIL.sub("", rest.strip("、,， ")))


def place_statements(doc: Document, clauses: Sequence[Clause], targets: Sequence[Target]) -> list[Target]:
    """``targets`` with the governments of each statement that names some inside the document's: one
    row per government of a list (长沙、株洲、湘潭…下降20%), or, when a list has as many values of one
    measure as governments (西宁、海东、格尔木…分别为93.3%、96.4%、100%), one value each, in order. A
    statement whose only words are that list takes the measure of the statement before it
    (…永州可吸入颗粒物浓度…下降20%左右；岳阳、常德、吉首下降15%)."""
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None:
        return list(targets)
    by_id = {c.clause_id: c for c in clauses}
    scans: dict[int, _Mentions] = {}
    folded: dict[int, str] = {}
    bound: list[tuple[Target, list[gazetteer.Place]]] = []
    measured: Target | None = None
    for t in targets:
        c = by_id.get(t.clause_id)
        found: list[gazetteer.Place] = []
        if c is not None and t.entity == doc.entity:
            if c.clause_id not in scans:  # once per clause: a flattened table is one clause of many targets
                scans[c.clause_id] = _mentions(doc, c.text, division.level)
                folded[c.clause_id] = fold(c.text)
            found = _governments_before(doc, folded[c.clause_id], scans[c.clause_id], t.span_end - c.span_start)
            if (found and t.indicator is None and measured is not None and t.clause_id - measured.clause_id <= 2
                    and t.unit not in _NOT_A_MEASURE_UNIT and _only_governments(t.indicator_text, doc)):
                t = replace(t, indicator=measured.indicator, indicator_text=measured.indicator_text)
        bound.append((t, found))
        if t.indicator is not None:
            measured = t
    groups: dict[tuple, list[int]] = {}
    for i, (t, found) in enumerate(bound):
        if len(found) > 1:
            groups.setdefault((t.clause_id, tuple(w.name for w in found), t.indicator, t.kind), []).append(i)
    paired: dict[int, gazetteer.Place] = {}
    for members in groups.values():
        found = bound[members[0]][1]
        if len(members) == len(found):
            paired.update(zip(members, found))
    out: list[Target] = []
    for i, (t, found) in enumerate(bound):
        places = [paired[i]] if i in paired else found
        if not places:
            out.append(t)
        else:
            out.extend(replace(t, entity=w.name, entity_code=w.code, province=w.province) for w in places)
    return out
