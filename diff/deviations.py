"""Compare each letter with its family's template: one deviation per place, with a severity.

A place is one sentence of the letter matched to a template clause, one sentence only the letter
has, or one run of template clauses the letter lacks. Everything wrong at a place is one row:
its ``kinds`` (``DEVIATION_KINDS``: words changed, a clause missing / extra / out of order, a
number most letters set that this letter does not, a changed comparator or unit word) and one
``severity``:

- ``substantive``: what the letter binds the government to changed: a clause or a number missing
  or added, a comparator or unit changed, a negation (无, 不) or a level of government (国家 → 省)
  changed, a whole phrase of ``DEFAULT_PHRASE_CHARS`` characters or more added or dropped;
- ``wording``: other words changed, the meaning kept (a stray word, words swapped, a moved clause);
- ``trivial``: punctuation only.

A letter's own number in the template's blank is not a deviation: ``diff.values`` sets it beside
the family's figures.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from diff.align import out_of_order
from diff.tabular import explains, states, table_rows
from diff.template import Template, TemplateClause, statement_at
from diff.units import Slot, Unit
from diff.values import (
    Reading,
    SlotKey,
    SlotValue,
    comparator_direction,
    indicator_direction,
    settle_other_units,
    slot_indicator,
    value_rows,
)
from diff.words import COMPARATOR_WORDS, Op, Token, diff_tokens, inline_diff, tokenize
from extract.records import Clause, Document, Target
from extract.vocabulary.units import convert

DeviationKind = Literal[
    "clause_missing",
    "clause_extra",
    "indicator_missing",
    "comparator_changed",
    "unit_changed",
    "wording_changed",
    "clause_moved",
]
DEVIATION_KINDS: tuple[DeviationKind, ...] = get_args(DeviationKind)
"""The kinds, most serious first: a row's ``kind`` is the first of its ``kinds`` in this order."""
Severity = Literal["substantive", "wording", "trivial"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
"""Most serious first."""
Aspect = Literal["wording", "comparator", "unit"]

KIND_LABELS: dict[str, str] = {
    "clause_missing": "缺少条款", "clause_extra": "多出条款", "indicator_missing": "缺少指标",
    "comparator_changed": "比较词变化", "unit_changed": "单位变化", "wording_changed": "措辞变化",
    "clause_moved": "条款移位",
}
SEVERITY_LABELS: dict[str, str] = {"substantive": "实质性", "wording": "措辞", "trivial": "标点"}
REASON_LABELS: dict[str, str] = {
    "number": "数值增删", "negation": "否定词", "scope": "层级范围", "phrase": "整句增删",
    "comparator": "比较词", "unit": "单位", "punctuation": "标点", "words": "措辞",
}

DEFAULT_PHRASE_CHARS = 6
"""A run of this many Han characters added or dropped with nothing in its place is a commitment
added or dropped (组织开展“绿盾”…专项行动), not a slip of the pen (要, 通化)."""
NEGATIONS = frozenset({"无", "不", "未", "零", "非", "禁止", "不得", "严禁", "杜绝"})
"""Words that turn a requirement into its opposite: 无劣Ⅴ类水体 against 劣Ⅴ类水体比例6.3%."""
SCOPE_WORDS = frozenset({
    "国家", "全国", "中央", "国控", "国考", "省", "全省", "省级", "省控", "省考", "市", "全市", "市级",
    "市控", "县", "全县", "县级", "县控", "地级", "地级市", "乡镇",
})
"""Levels of government: a target 纳入国家考核 and one 纳入省考核 bind different things."""
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_PUNCT_ONLY = re.compile(r"[\s\W_]*")


@dataclass(frozen=True)
class WordChange:
    """One edit of the template's words within a sentence."""

    op: Op
    template: str
    """The template's words ("" for an insertion)."""
    letter: str
    """The letter's words exactly as in the source ("" for a deletion)."""
    start: int
    """Offset of ``letter`` in the letter's text (where it would be, for a deletion)."""
    end: int
    aspect: Aspect
    severity: Severity
    reason: str
    """Why that severity: number, negation, scope, phrase, comparator, unit, punctuation or words."""


@dataclass(frozen=True)
class InlineRun:
    """A run of the merged sentence: ``=`` the letter's words, ``-`` template words it lacks, ``+``
    words only the letter has. ``-`` runs are not in the letter, so they have no offsets."""

    tag: Literal["=", "-", "+"]
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class MissingNumber:
    """A number most letters set at this place and this letter does not."""

    position: int
    slot: int
    indicator: str | None
    unit: str | None
    set_by: int
    """Letters that set it (second copies counted once)."""
    letters: int
    """Letters in the family (second copies counted once)."""


@dataclass(frozen=True)
class Deviation:
    """One place where a letter departs from its family's template (a row of ``deviations``)."""

    family: str
    entity: str | None
    doc_id: str
    kind: DeviationKind
    """The most serious of ``kinds``."""
    kinds: tuple[DeviationKind, ...]
    """Everything wrong at the place, in ``DEVIATION_KINDS`` order."""
    severity: Severity
    clause_id: int | None
    """The letter's clause at ``span_start`` (None when the letter has no clauses)."""
    template_text: str
    """The template clause(s) ("" for clause_extra)."""
    letter_text: str
    """The letter's text exactly as in the source ("" when the letter lacks it)."""
    span_start: int = field(compare=False)
    """Offset into the letter's ``Document.text``; for a missing clause, where it would be."""
    span_end: int = field(compare=False)
    template_positions: tuple[int, ...] = ()
    """The template clauses of the place (several for a run of missing clauses)."""
    letter_position: int | None = None
    """The sentence's position among the letter's sentences (None when the letter lacks it)."""
    location: str = field(default="", compare=False)
    """Where a reader finds it: section, item and page (一、第2条 · 第3页)."""
    page: int | None = field(default=None, compare=False)
    changes: tuple[WordChange, ...] = field(default=(), compare=False)
    inline: tuple[InlineRun, ...] = field(default=(), compare=False)
    missing: tuple[MissingNumber, ...] = ()
    comparators: tuple[tuple[str | None, str | None], ...] = ()
    """(template, letter) comparator of each comparator change (``>=``, ``<=`` …)."""


@dataclass(frozen=True)
class TableStatement:
    """A table of a letter that states template clauses the letter has no sentence for."""

    doc_id: str
    span_start: int
    span_end: int
    positions: tuple[int, ...]
    """The template clauses the table states."""


@dataclass(frozen=True)
class Comparison:
    """A family's deviations and values, and the tables that stand for template sentences."""

    deviations: tuple[Deviation, ...]
    values: tuple[SlotValue, ...]
    tables: tuple[TableStatement, ...] = ()


@dataclass(frozen=True)
class _Letter:
    index: int
    doc: Document
    units: Sequence[Unit]
    mapping: Sequence[int | None]
    clauses: Sequence[Clause]
    clause_starts: Sequence[int]
    targets: Sequence[Target]

    def clause_at(self, offset: int) -> Clause | None:
        k = bisect.bisect_right(self.clause_starts, offset) - 1
        if not self.clauses:
            return None
        return self.clauses[max(k, 0)]


@dataclass
class _Place:
    """A deviation being put together (mutable while the family's numbers are counted)."""

    letter: int
    start: int
    end: int
    template_text: str
    letter_text: str
    template_positions: tuple[int, ...]
    letter_position: int | None
    kinds: set[DeviationKind] = field(default_factory=set)
    changes: tuple[WordChange, ...] = ()
    inline: tuple[InlineRun, ...] = ()
    missing: list[MissingNumber] = field(default_factory=list)


@dataclass(frozen=True)
class _Unset:
    """A template slot a letter does not fill at ``place``."""

    key: SlotKey
    letter: int
    place: _Place


def compare_letters(
    family: str,
    template: Template,
    documents: Sequence[Document],
    units: Sequence[Sequence[Unit]],
    mapping: Sequence[Sequence[int | None]],
    clauses: Sequence[Clause] = (),
    targets: Sequence[Target] = (),
    votes: Sequence[bool] | None = None,
) -> Comparison:
    """Deviations of every letter from ``template`` (letter by letter in input order, then by place)
    and every letter's value for every slot. Only letters whose ``votes`` is true count in the
    family's figures (median, how many letters set a measure); every letter gets its deviations."""
    votes = [True] * len(documents) if votes is None else list(votes)
    by_doc: dict[str, list[Clause]] = {}
    for c in clauses:
        by_doc.setdefault(c.doc_id, []).append(c)
    t_by_doc: dict[str, list[Target]] = {}
    for t in targets:
        t_by_doc.setdefault(t.doc_id, []).append(t)
    letters = []
    for i, doc in enumerate(documents):
        cl = sorted(by_doc.get(doc.doc_id, []), key=lambda c: c.span_start)
        letters.append(_Letter(i, doc, units[i], mapping[i], cl, [c.span_start for c in cl],
                               t_by_doc.get(doc.doc_id, [])))
    tokens_of_template: dict[int, list[Token]] = {}
    readings: dict[SlotKey, list[Reading]] = {}
    unset: list[_Unset] = []
    places: list[_Place] = []
    for lt in letters:
        for place, got, lacks in _compare_one(template, lt, tokens_of_template):
            if place is not None:
                places.append(place)
            for key, slot in got:
                readings.setdefault(key, []).append(Reading(lt.index, slot))
            unset.extend(lacks)
    values = _settle_numbers(family, template, letters, readings, unset, votes)
    places, tables = _fold_tables(template, letters, places)
    rows = [_finish(family, letters[p.letter], p) for p in places]
    order = {d.doc_id: i for i, d in enumerate(documents)}
    rows.sort(key=lambda d: (order[d.doc_id], d.span_start, DEVIATION_KINDS.index(d.kind)))
    return Comparison(tuple(rows), tuple(values), tuple(tables))


def _fold_tables(template: Template, letters: Sequence[_Letter], places: list[_Place],
                 ) -> tuple[list[_Place], list[TableStatement]]:
    """Template clauses a letter states in a table (``diff.tabular``) are not missing, and a table
    whose every row is such a statement is not extra: the letter reads like its prose twin."""
    tables = [p for p in places if p.kinds == {"clause_extra"} and table_rows(p.letter_text)]
    if not tables:
        return places, []
    dropped: set[int] = set()
    found: list[TableStatement] = []
    for table in tables:
        lt = letters[table.letter]
        stated: list[int] = []
        for gap in places:
            if gap.letter != table.letter or "clause_missing" not in gap.kinds:
                continue
            last = max(gap.template_positions)
            after = [u.span_start for u, p in zip(lt.units, lt.mapping) if p is not None and p > last]
            if not gap.start <= table.start < min(after, default=len(lt.doc.text) + 1):
                continue  # the table is not where these clauses would be
            unset = {m.position for m in gap.missing}
            mine = [p for p in gap.template_positions
                    if p not in unset and states(template.clauses[p].text, table.letter_text)]
            if not mine:
                continue
            stated += mine
            gap.template_positions = tuple(p for p in gap.template_positions if p not in mine)
            gap.template_text = "".join(template.clauses[p].text for p in gap.template_positions)
            if not gap.template_positions:
                dropped.add(id(gap))
        if stated and explains(table_rows(table.letter_text), [template.clauses[p].text for p in stated]):
            dropped.add(id(table))
            found.append(TableStatement(lt.doc.doc_id, table.start, table.end, tuple(sorted(stated))))
    return [p for p in places if id(p) not in dropped], found


def _compare_one(
    template: Template, lt: _Letter, tokens_of_template: dict[int, list[Token]],
) -> list[tuple[_Place | None, list[tuple[SlotKey, Slot]], list[_Unset]]]:
    """Per place of one letter: the place (None where the sentence equals its clause), the slot
    values read there and the slots left unset."""
    out: list[tuple[_Place | None, list[tuple[SlotKey, Slot]], list[_Unset]]] = []
    text = lt.doc.text
    matched = [(j, p) for j, p in enumerate(lt.mapping) if p is not None]
    moved_at = {matched[k][0] for k in out_of_order([p for _, p in matched])}
    for j, maybe in enumerate(lt.mapping):
        u = lt.units[j]
        if maybe is None:
            extra = _Place(lt.index, u.span_start, u.span_end, "", text[u.span_start:u.span_end], (), u.ordinal,
                           {"clause_extra"})
            out.append((extra, [], []))
            continue
        tc = template.clauses[maybe]
        place, got, lacks = _compare_clause(lt, u, tc, tokens_of_template)
        if j in moved_at:
            if place is None:
                place = _Place(lt.index, u.span_start, u.span_end, tc.text, text[u.span_start:u.span_end],
                               (tc.position,), u.ordinal)
            place.kinds.add("clause_moved")
        out.append((place, got, lacks))
    have = {p for _, p in matched}
    # Where a missing clause would sit: after the letter's nearest preceding template clause.
    ends = sorted((p, lt.units[j].span_end) for j, p in matched)
    first = lt.units[0].span_start if lt.units else 0
    # Runs of consecutive missing clauses (a bullet's label and its sentences) are one place.
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
        gap = _Place(lt.index, point, point, "".join(tc.text for tc in run), "",
                     tuple(tc.position for tc in run), None, {"clause_missing"})
        out.append((gap, [], [_Unset(SlotKey(tc.position, s.index), lt.index, gap) for tc in run for s in tc.slots]))
    return out


def _compare_clause(
    lt: _Letter, u: Unit, tc: TemplateClause, tokens_of_template: dict[int, list[Token]],
) -> tuple[_Place | None, list[tuple[SlotKey, Slot]], list[_Unset]]:
    if u.key == tc.key:
        return None, [(SlotKey(tc.position, ts.index), u.slots[ts.index]) for ts in tc.slots], []
    a = tokens_of_template.get(tc.position)
    if a is None:
        a = tokens_of_template[tc.position] = tokenize(tc.key)
    b = tokenize(u.key)
    hunks, pairs = diff_tokens(a, b)
    text = lt.doc.text
    place = _Place(lt.index, u.span_start, u.span_end, tc.text, text[u.span_start:u.span_end], (tc.position,),
                   u.ordinal)
    # Slots: template slot index by token, letter slot by token.
    a_slot = {i: n for n, i in enumerate(i for i, t in enumerate(a) if t.kind == "slot")}
    b_slot = {j: n for n, j in enumerate(j for j, t in enumerate(b) if t.kind == "slot")}
    paired = {a_slot[i]: b_slot[j] for i, j in pairs if i in a_slot and j in b_slot}
    got: list[tuple[SlotKey, Slot]] = []
    lacks: list[_Unset] = []
    for ts in tc.slots:
        key = SlotKey(tc.position, ts.index)
        if ts.index in paired:
            slot = _in_template_unit(u.slots[paired[ts.index]], lt.targets, ts.unit)
            if slot is not None:  # None: a unit that does not convert; unit_changed says so, no value
                got.append((key, slot))
        else:
            lacks.append(_Unset(key, lt.index, place))

    def a_text(i0: int, i1: int) -> str:
        return "".join("".join(tc.display[a[i].start:a[i].end]) for i in range(i0, i1))

    def b_span(j0: int, j1: int) -> tuple[int, int]:
        if j1 <= j0:
            pos = b[j0].start if j0 < len(b) else len(u.key)
            return u.span_of(pos, pos)
        return u.span_of(b[j0].start, b[j1 - 1].end)

    inline: list[InlineRun] = []
    for tag, i0, i1 in inline_diff(a, b, hunks):
        if tag == "-":
            inline.append(InlineRun("-", a_text(i0, i1)))
        else:
            s, e = b_span(i0, i1)
            inline.append(InlineRun("+" if tag == "+" else "=", text[s:e], s, e))
    changes = []
    for h in hunks:
        s, e = b_span(h.b0, h.b1)
        severity, reason = change_severity(h.kind, a[h.a0:h.a1], b[h.b0:h.b1])
        changes.append(WordChange(h.op, a_text(h.a0, h.a1), text[s:e], s, e, h.kind, severity, reason))
        place.kinds.add({"wording": "wording_changed", "comparator": "comparator_changed",
                         "unit": "unit_changed"}[h.kind])  # type: ignore[arg-type]
    place.changes = tuple(changes)
    place.inline = tuple(inline)
    return place, got, lacks


def change_severity(aspect: Aspect, old: Sequence[Token], new: Sequence[Token]) -> tuple[Severity, str]:
    """How much one word edit matters, and why (see the module docstring)."""
    if aspect in ("comparator", "unit"):
        return "substantive", aspect
    tokens = [*old, *new]
    if all(t.kind == "punct" or _PUNCT_ONLY.fullmatch(t.text) for t in tokens):
        return "trivial", "punctuation"
    if any(t.kind == "slot" for t in tokens):
        return "substantive", "number"
    olds, news = {t.text for t in old}, {t.text for t in new}
    if (olds ^ news) & NEGATIONS:
        return "substantive", "negation"
    if (olds ^ news) & SCOPE_WORDS:
        return "substantive", "scope"
    if not old or not new:
        han = sum(len(_HAN.findall(t.text)) for t in tokens)
        if han >= DEFAULT_PHRASE_CHARS:
            return "substantive", "phrase"
    return "wording", "words"


def place_severity(kinds: set[DeviationKind] | Sequence[DeviationKind], changes: Sequence[WordChange]) -> Severity:
    """The place's severity: the most serious of its kinds' and its word changes'."""
    if set(kinds) & {"clause_missing", "clause_extra", "indicator_missing", "comparator_changed", "unit_changed"}:
        return "substantive"
    found = {c.severity for c in changes}
    if "clause_moved" in kinds:
        found.add("wording")
    return next((s for s in SEVERITIES if s in found), "trivial")


def location_of(clause: Clause | None, page: int | None, after: bool = False, sentence: int | None = None) -> str:
    """"一、（五）第8条 · 第3页": the headings' markers, the item's number (else ``sentence``, the
    clause's number under its heading: 第2句) and the page; with ``after``, the place follows
    that clause (where a missing clause would be)."""
    parts = []
    if clause is not None:
        for heading in (clause.section_path.split(" / ") if clause.section_path else []):
            m = re.match(r"\s*([一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|\(\d+\)|\d+[.、])", heading)
            if m:
                parts.append(m.group(1).strip())
        digits = re.sub(r"\D", "", clause.item or "")
        if digits:
            parts.append(f"第{int(digits)}条")
        elif sentence and clause.kind != "heading":
            parts.append(f"第{sentence}句")
    where = "".join(parts)
    if where and after:
        where += "之后"
    if page is not None:
        where = f"{where} · 第{page}页" if where else f"第{page}页"
    return where


def _finish(family: str, lt: _Letter, p: _Place) -> Deviation:
    kinds = tuple(k for k in DEVIATION_KINDS if k in p.kinds)
    page = lt.doc.page_at(p.start)
    clause = lt.clause_at(p.start)
    sentence = None
    if clause is not None:
        peers = [c for c in lt.clauses if c.section_path == clause.section_path and c.kind != "heading"]
        sentence = next((k for k, c in enumerate(peers, 1) if c.clause_id == clause.clause_id), None)
    comparators = tuple((COMPARATOR_WORDS.get(c.template), COMPARATOR_WORDS.get(c.letter))
                        for c in p.changes if c.aspect == "comparator")
    return Deviation(
        family=family, entity=lt.doc.entity, doc_id=lt.doc.doc_id, kind=kinds[0], kinds=kinds,
        severity=place_severity(kinds, p.changes), clause_id=clause.clause_id if clause else None,
        template_text=p.template_text, letter_text=p.letter_text, span_start=p.start, span_end=p.end,
        template_positions=p.template_positions, letter_position=p.letter_position,
        location=location_of(clause, page, after="clause_missing" in kinds, sentence=sentence), page=page, changes=p.changes, inline=p.inline,
        missing=tuple(p.missing), comparators=comparators,
    )


def deviation_detail(d: Deviation) -> dict[str, Any]:
    """What a row's ``detail`` column holds (SCHEMA.md lists the keys), as plain values."""
    out: dict[str, Any] = {"template_positions": list(d.template_positions), "letter_position": d.letter_position}
    if d.changes:
        out["changes"] = [
            {"op": c.op, "template": c.template, "letter": c.letter, "start": c.start, "end": c.end,
             "aspect": c.aspect, "severity": c.severity, "reason": c.reason} for c in d.changes
        ]
        out["inline"] = [[r.tag, r.text] if r.start is None else [r.tag, r.text, r.start, r.end] for r in d.inline]
    if d.comparators:
        out["comparators"] = [list(pair) for pair in d.comparators]
    if d.missing:
        out["missing"] = [
            {"template_position": m.position, "slot": m.slot, "indicator": m.indicator, "unit": m.unit,
             "set_by": m.set_by, "letters": m.letters} for m in d.missing
        ]
    return out


def _in_template_unit(s: Slot, targets: Sequence[Target], unit: str | None) -> Slot | None:
    """The letter's number in the template slot's unit: 1000公顷 for □万亩 is 1.5 (万亩). The same
    number when the units agree or either is unwritten; None when the letter's unit measures
    something else (个 for %), whose value cannot be set beside the family's."""
    stated = statement_at(targets, s.span_start, s.span_end)
    mine = stated.unit if stated is not None else None
    if mine is None or unit is None or mine == unit:
        return s
    value = convert(s.value, mine, unit)
    if value is None:
        return None
    return Slot(value, s.text, s.key_pos, s.span_start, s.span_end, unit=mine)


def _settle_numbers(
    family: str,
    template: Template,
    letters: Sequence[_Letter],
    readings: dict[SlotKey, list[Reading]],
    unset: Sequence[_Unset],
    votes: Sequence[bool],
) -> list[SlotValue]:
    """The values view, and the unset slots that are a missing number attached to their places."""
    n = sum(votes)
    targets = [lt.targets for lt in letters]
    readings = {k: settle_other_units(v, votes) for k, v in readings.items()}
    found = {k: slot_indicator(v, targets) for k, v in readings.items()}
    # A letter that states the measure's number elsewhere (its targets in a table instead of the
    # template's sentence) does not miss it: its value joins the comparison with its peers. A
    # measure stated without a number (Ⅴ类无新增 for a ratio) still misses the number.
    # Voting letters stating each slot, kept up to date as readings join (counted once, not once
    # per letter missing the slot: that was quadratic in a family's letters).
    set_by_key = {k: sum(1 for r in v if votes[r.letter]) for k, v in readings.items()}
    for u in unset:
        code, unit = found.get(u.key, (None, None))
        own = [t for t in letters[u.letter].targets
               if code and t.indicator == code and t.kind == "target" and t.value is not None]
        if own:
            same_unit = [t for t in own if t.unit == unit]
            if len(same_unit) == 1:
                t = same_unit[0]
                readings.setdefault(u.key, []).append(Reading(u.letter, Slot(t.value or 0.0, t.value_text or f"{t.value:g}", -1,
                                                              t.span_start, t.span_end)))
                set_by_key[u.key] = set_by_key.get(u.key, 0) + votes[u.letter]
            continue
        set_by = set_by_key.get(u.key, 0)
        if 2 * set_by <= n:
            continue
        ts = template.clauses[u.key.position].slots[u.key.slot]
        u.place.missing.append(MissingNumber(u.key.position, u.key.slot, code, ts.unit, set_by, n))
        u.place.kinds.add("indicator_missing")
    docs = [lt.doc for lt in letters]
    out: list[SlotValue] = []
    for key in sorted(readings, key=lambda k: (k.position, k.slot)):
        out.extend(value_rows(family, template, docs, key, readings[key], found[key][0], votes))
    return out


__all__ = [
    "DEVIATION_KINDS", "KIND_LABELS", "SEVERITIES", "SEVERITY_LABELS", "Comparison", "Deviation", "InlineRun",
    "MissingNumber", "SlotValue", "WordChange", "comparator_direction", "compare_letters", "deviation_detail",
    "indicator_direction",
]
