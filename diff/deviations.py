"""Compare each letter with its family's template: the deviation rows.

Kinds (``DEVIATION_KINDS``): a clause worded differently (``wording_changed``, with the inserted
and deleted words), a template clause the letter lacks (``clause_missing``), a clause only this
letter has (``clause_extra``), a clause out of the template's order (``clause_moved``), a number
most letters set that this letter does not (``indicator_missing``), a changed comparator or unit
word (``comparator_changed``, ``unit_changed``), and a value unlike the family's median
(``value_differs``, a fact for review with the family's min / median / max and whether the value
is stricter or looser given the measure's direction).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import statistics
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from diff.align import out_of_order
from diff.template import Direction, Template, TemplateClause, slot_comparator
from diff.units import SLOT, Slot, Unit
from diff.words import COMPARATOR_WORDS, Token, convert, diff_tokens, inline_diff, tokenize
from extract.records import Clause, Document, Target

DeviationKind = Literal[
    "wording_changed",
    "clause_missing",
    "clause_extra",
    "clause_moved",
    "indicator_missing",
    "comparator_changed",
    "unit_changed",
    "value_differs",
]
DEVIATION_KINDS: tuple[str, ...] = get_args(DeviationKind)
"""The kinds in report order."""
_HUNK_TO_KIND = {"wording": "wording_changed", "comparator": "comparator_changed", "unit": "unit_changed"}
INDICATORS_TOML = Path(__file__).resolve().parent.parent / "extract" / "data" / "indicators.toml"


@dataclass(frozen=True)
class Deviation:
    """One place where a letter departs from its family's template (a row of ``deviations``)."""

    family: str
    entity: str | None
    doc_id: str
    kind: DeviationKind
    clause_id: int | None
    """The letter's clause at ``span_start`` (None when the letter has no clauses)."""
    template_text: str
    """The template clause ("" for clause_extra)."""
    letter_text: str
    """The letter's text exactly as in the source ("" when the letter lacks it)."""
    span_start: int = field(compare=False)
    """Offset into the letter's ``Document.text``; for a missing clause, where it would be."""
    span_end: int = field(compare=False)
    detail: str = field(default="{}", compare=False)
    """JSON: template position, the word changes, or the value beside the family's statistics."""

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.detail)  # type: ignore[no-any-return]


@functools.cache
def _indicator_table() -> dict[str, str]:
    """Indicator code -> direction from the indicator dictionary, empty until it exists."""
    if not INDICATORS_TOML.exists():
        return {}
    with INDICATORS_TOML.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, str] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if node.get("direction") in ("+", "-", "0"):
                code = node.get("code") or path
                out[str(code)] = node["direction"]
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, path)

    walk(data, "")
    return out


def indicator_direction(code: str | None) -> Direction | None:
    """'+' when a higher value is better for the indicator, '-' when lower is, None if unknown."""
    if not code:
        return None
    d = _indicator_table().get(code)
    return d if d in ("+", "-") else None  # type: ignore[return-value]


def comparator_direction(comparator: str | None) -> Direction | None:
    """A lower bound (不低于) means higher is stricter; an upper bound (控制在…以下) the opposite."""
    if comparator in (">=", ">"):
        return "+"
    if comparator in ("<=", "<"):
        return "-"
    return None


@dataclass(frozen=True)
class SlotValue:
    """A letter's value for a template slot (every letter, not only those that differ)."""

    doc_id: str
    position: int
    slot: int
    value: float
    """In the template's unit."""
    value_text: str
    """As written, with the letter's unit when it is not the template's ("1000公顷")."""
    span_start: int
    span_end: int
    counted: bool = True
    """False for a second copy of a letter already in the family: it is shown, not counted."""


@dataclass
class _Letter:
    index: int
    doc: Document
    units: Sequence[Unit]
    mapping: Sequence[int | None]
    clause_starts: list[int]
    clause_ids: list[int]
    targets: Sequence[Target]

    def clause_at(self, offset: int) -> int | None:
        k = bisect.bisect_right(self.clause_starts, offset) - 1
        if k < 0:
            return self.clause_ids[0] if self.clause_ids else None
        return self.clause_ids[k]

    def target_at(self, start: int, end: int) -> Target | None:
        """The first target statement with an indicator code overlapping ``start:end``."""
        for t in self.targets:
            if t.indicator and t.span_start < end and start < t.span_end:
                return t
        return None


def compare_letters(
    family: str,
    template: Template,
    documents: Sequence[Document],
    units: Sequence[Sequence[Unit]],
    mapping: Sequence[Sequence[int | None]],
    clauses: Sequence[Clause] = (),
    targets: Sequence[Target] = (),
    values_out: list[SlotValue] | None = None,
    votes: Sequence[bool] | None = None,
) -> list[Deviation]:
    """Deviations of every letter from ``template``, letter by letter in input order.

    When ``values_out`` is given, every letter's slot values are appended to it (for the report's
    city × indicator matrix). Only letters whose ``votes`` is true count in the family's figures
    (median, how many letters set a measure); every letter gets its deviations.
    """
    votes = [True] * len(documents) if votes is None else list(votes)
    by_doc: dict[str, list[Clause]] = {}
    for c in clauses:
        by_doc.setdefault(c.doc_id, []).append(c)
    t_by_doc: dict[str, list[Target]] = {}
    for t in targets:
        t_by_doc.setdefault(t.doc_id, []).append(t)
    tokens_of_template: dict[int, list[Token]] = {}
    # values[clause position][slot] -> [(letter index, Slot)]
    values: dict[tuple[int, int], list[tuple[int, Any]]] = {}
    missing_slots: list[tuple[int, int, int, int]] = []  # (letter, position, slot, insertion point)
    out: list[Deviation] = []
    letters = []
    for i, doc in enumerate(documents):
        cl = sorted(by_doc.get(doc.doc_id, []), key=lambda c: c.span_start)
        lt = _Letter(i, doc, units[i], mapping[i], [c.span_start for c in cl], [c.clause_id for c in cl],
                     t_by_doc.get(doc.doc_id, []))
        letters.append(lt)
        out.extend(_compare_one(family, template, lt, tokens_of_template, values, missing_slots))
    out.extend(_value_rows(family, template, letters, values, missing_slots, votes))
    if values_out is not None:
        for (pos, k), vals in sorted(values.items()):
            values_out.extend(
                SlotValue(letters[i].doc.doc_id, pos, k, s.value, s.text + (s.unit or ""), s.span_start, s.span_end,
                          votes[i])
                for i, s in vals
            )
    return out


def _row(family: str, lt: _Letter, kind: str, start: int, end: int, template_text: str,
         letter_text: str, detail: dict[str, Any]) -> Deviation:
    page = lt.doc.page_at(start)
    if page is not None:
        detail = {**detail, "page": page}
    return Deviation(
        family=family,
        entity=lt.doc.entity,
        doc_id=lt.doc.doc_id,
        kind=kind,  # type: ignore[arg-type]
        clause_id=lt.clause_at(start),
        template_text=template_text,
        letter_text=letter_text,
        span_start=start,
        span_end=end,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
    )


def _compare_one(
    family: str,
    template: Template,
    lt: _Letter,
    tokens_of_template: dict[int, list[Token]],
    values: dict[tuple[int, int], list[tuple[int, Any]]],
    missing_slots: list[tuple[int, int, int, int]],
) -> list[Deviation]:
    out: list[Deviation] = []
    text = lt.doc.text
    matched = [(j, p) for j, p in enumerate(lt.mapping) if p is not None]
    moved = out_of_order([p for _, p in matched])
    for k, (j, p) in enumerate(matched):
        if k in moved:
            u = lt.units[j]
            out.append(_row(family, lt, "clause_moved", u.span_start, u.span_end, template.clauses[p].text,
                            text[u.span_start:u.span_end], {"template_position": p, "letter_position": u.ordinal}))
    for j, maybe in enumerate(lt.mapping):
        u = lt.units[j]
        if maybe is None:
            out.append(_row(family, lt, "clause_extra", u.span_start, u.span_end, "",
                            text[u.span_start:u.span_end], {"letter_position": u.ordinal}))
            continue
        tc = template.clauses[maybe]
        out.extend(_compare_clause(family, lt, u, tc, tokens_of_template, values, missing_slots))
    have = {p for _, p in matched}
    # Where a missing clause would sit: after the letter's nearest preceding template clause.
    ends = sorted((p, lt.units[j].span_end) for j, p in matched)
    first = lt.units[0].span_start if lt.units else 0
    # Runs of consecutive missing clauses (a bullet's label and its sentences) are one row.
    runs: list[list[TemplateClause]] = []
    for tc in template.clauses:
        if tc.position in have:
            continue
        if runs and runs[-1][-1].position == tc.position - 1:
            runs[-1].append(tc)
        else:
            runs.append([tc])
    for run in runs:
        k = bisect.bisect_left(ends, (run[0].position, -1)) - 1
        point = ends[k][1] if k >= 0 else first
        out.append(_row(family, lt, "clause_missing", point, point, "".join(tc.text for tc in run), "",
                        {"template_position": run[0].position, "template_positions": [tc.position for tc in run]}))
        for tc in run:
            for s in tc.slots:
                missing_slots.append((lt.index, tc.position, s.index, point))
    return out


def _compare_clause(
    family: str,
    lt: _Letter,
    u: Unit,
    tc: TemplateClause,
    tokens_of_template: dict[int, list[Token]],
    values: dict[tuple[int, int], list[tuple[int, Any]]],
    missing_slots: list[tuple[int, int, int, int]],
) -> list[Deviation]:
    if u.key == tc.key:
        for ts in tc.slots:
            values.setdefault((tc.position, ts.index), []).append((lt.index, u.slots[ts.index]))
        return []
    a = tokens_of_template.get(tc.position)
    if a is None:
        a = tokens_of_template[tc.position] = tokenize(tc.key)
    b = tokenize(u.key)
    hunks, pairs = diff_tokens(a, b)
    # Slots: template slot index by token, letter slot by token.
    a_slot = {i: n for n, i in enumerate(i for i, t in enumerate(a) if t.kind == "slot")}
    b_slot = {j: n for n, j in enumerate(j for j, t in enumerate(b) if t.kind == "slot")}
    paired = {a_slot[i]: b_slot[j] for i, j in pairs if i in a_slot and j in b_slot}
    for ts in tc.slots:
        if ts.index in paired:
            slot = _in_template_unit(u.slots[paired[ts.index]], u.key, ts.unit)
            if slot is not None:  # None: a unit that does not convert; unit_changed says so, no value
                values.setdefault((tc.position, ts.index), []).append((lt.index, slot))
        else:
            missing_slots.append((lt.index, tc.position, ts.index, u.span_start))
    text = lt.doc.text

    def a_text(i0: int, i1: int) -> str:
        return "".join("".join(tc.display[a[i].start:a[i].end]) for i in range(i0, i1))

    def b_span(j0: int, j1: int) -> tuple[int, int]:
        if j1 <= j0:
            pos = b[j0].start if j0 < len(b) else len(u.key)
            return u.span_of(pos, pos)
        return u.span_of(b[j0].start, b[j1 - 1].end)

    inline: list[list[Any]] = []
    for tag, i0, i1 in inline_diff(a, b, hunks):
        if tag == "-":
            inline.append(["-", a_text(i0, i1)])
        else:
            s, e = b_span(i0, i1)
            inline.append([tag, text[s:e], s, e])
    out = []
    for kind in ("wording", "comparator", "unit"):
        hs = [h for h in hunks if h.kind == kind]
        if not hs:
            continue
        changes: list[dict[str, Any]] = []
        for h in hs:
            s, e = b_span(h.b0, h.b1)
            changes.append({"op": h.op, "template": a_text(h.a0, h.a1), "letter": text[s:e], "start": s, "end": e})
        detail: dict[str, Any] = {"template_position": tc.position, "changes": changes, "inline": inline}
        if kind == "comparator":
            detail["comparators"] = [
                [COMPARATOR_WORDS.get(c["template"]), COMPARATOR_WORDS.get(c["letter"])] for c in changes
            ]
        out.append(_row(family, lt, _HUNK_TO_KIND[kind], u.span_start, u.span_end, tc.text,
                        text[u.span_start:u.span_end], detail))
    return out


def _in_template_unit(s: Slot, key: str, unit: str | None) -> Slot | None:
    """The letter's number in the template slot's unit: 1000公顷 for □万亩 is 1.5 (万亩). The same
    number when the units agree or either is unwritten; None when the letter's unit measures
    something else (个 for %), whose value cannot be set beside the family's."""
    mine = slot_comparator(key, s.key_pos)[1]
    if mine is None or unit is None or mine == unit:
        return s
    value = convert(s.value, mine, unit)
    if value is None:
        return None
    return Slot(value, s.text, s.key_pos, s.span_start, s.span_end, unit=mine)


def _read_other_units(vals: list[tuple[int, Any]], votes: Sequence[bool]) -> None:
    """Settle, in place, what a number written in another unit says: the number converted (1000公顷
    for □万亩 is 1.5万亩), or the number as the family writes it with a slip of the unit word (33毫克
    where every letter has 33微克). The reading nearer the median of the letters that write the
    template's unit, as a ratio, wins; with no such letters the conversion stands."""
    base = [s.value for i, s in vals if votes[i] and s.unit is None]
    if not base:
        return
    med = statistics.median(base)

    def off(v: float) -> float:
        if v > 0 and med > 0:
            return abs(math.log(v / med))
        return abs(v - med)

    for n, (i, s) in enumerate(vals):
        if s.unit is None:
            continue
        raw = float(s.text)
        if off(raw) < off(s.value):
            vals[n] = (i, Slot(raw, s.text, s.key_pos, s.span_start, s.span_end))


def _value_rows(
    family: str,
    template: Template,
    letters: Sequence[_Letter],
    values: dict[tuple[int, int], list[tuple[int, Any]]],
    missing_slots: list[tuple[int, int, int, int]],
    votes: Sequence[bool],
) -> list[Deviation]:
    n = sum(votes)
    for vals in values.values():
        _read_other_units(vals, votes)
    rows: list[tuple[int, int, Deviation]] = []
    indicators: dict[tuple[int, int], str | None] = {}
    units: dict[tuple[int, int], str | None] = {}
    for (pos, k), vals in values.items():
        stated = [letters[i].target_at(s.span_start, s.span_end) for i, s in vals]
        known = [t.indicator for t in stated if t is not None and t.indicator]
        code = max(sorted(set(known)), key=known.count) if known else None
        indicators[(pos, k)] = code
        found = [t.unit for t in stated if t is not None and t.indicator == code]
        units[(pos, k)] = max(sorted(set(found), key=str), key=found.count) if found else None
    # A letter that states the measure's number elsewhere (its targets in a table instead of the
    # template's sentence) does not miss it: its value joins the comparison with its peers. A
    # measure stated without a number (Ⅴ类无新增 for a ratio) still misses the number.
    elsewhere: set[tuple[int, int, int]] = set()
    for i, pos, k, _point in missing_slots:
        code = indicators.get((pos, k))
        own = [t for t in letters[i].targets
               if code and t.indicator == code and t.kind == "target" and t.value is not None]
        if not own:
            continue
        elsewhere.add((i, pos, k))
        same_unit = [t for t in own if t.unit == units.get((pos, k))]
        value = same_unit[0].value if len(same_unit) == 1 else None
        if value is not None:
            t = same_unit[0]
            values[(pos, k)].append((i, Slot(value, t.value_text or f"{value:g}", -1, t.span_start, t.span_end)))
    for (pos, k), vals in values.items():
        code = indicators[(pos, k)]
        nums = [s.value for i, s in vals if votes[i]]
        if len(set(nums)) < 2:
            continue
        tc = template.clauses[pos]
        ts = tc.slots[k]
        known_dir = code is not None and code in _indicator_table()
        direction = indicator_direction(code) if known_dir else comparator_direction(ts.comparator)
        lo, med, hi = min(nums), statistics.median(nums), max(nums)
        for i, s in vals:
            if s.value == med:
                continue
            higher = s.value > med
            verdict = "unknown" if direction is None else ("stricter" if higher == (direction == "+") else "looser")
            detail = {
                "template_position": pos, "slot": k, "indicator": code, "value": s.value, "value_text": s.text,
                "unit": ts.unit, "comparator": ts.comparator, "direction": direction, "min": lo,
                "median": med, "max": hi, "n": len(nums), "assessment": verdict,
            }
            if s.unit:
                detail["letter_unit"] = s.unit
            lt = letters[i]
            rows.append((i, s.span_start, _row(family, lt, "value_differs", s.span_start, s.span_end, tc.text,
                                               lt.doc.text[s.span_start:s.span_end], detail)))
    # How many voting letters state each slot, counted once (not once per letter missing it).
    set_by_slot = {pk: sum(1 for j, _ in vals if votes[j]) for pk, vals in values.items()}
    for i, pos, k, point in missing_slots:
        if (i, pos, k) in elsewhere:
            continue
        set_by = set_by_slot.get((pos, k), 0)
        if 2 * set_by <= n:
            continue
        tc = template.clauses[pos]
        detail = {"template_position": pos, "slot": k, "indicator": indicators.get((pos, k)),
                  "unit": tc.slots[k].unit, "set_by": set_by, "letters": n}
        rows.append((i, point, _row(family, letters[i], "indicator_missing", point, point, tc.text, "", detail)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def slot_count(key: str) -> int:
    return key.count(SLOT)
