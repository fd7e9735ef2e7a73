"""The values view: every letter's number for every template slot, beside the family's figures.

A letter's own number in the template's blank (□) is what the template asks for, not a departure
from it: it is never counted as a deviation. It is a fact for review, set beside the family's
min / median / max, judged stricter or looser by the measure's direction (a higher good-days
ratio is stricter; a higher PM2.5 cap is looser), and flagged as an ``outlier`` when it lies far
outside the family: more than ``DEFAULT_OUTLIER_MADS`` robust deviations (1.4826 × the median
absolute deviation) from the median *and* more than ``DEFAULT_OUTLIER_SHARE`` of the median away
from it. The second condition keeps a family whose letters mostly agree (deviation 0) from
flagging every small difference; the first keeps a spread-out measure from flagging its tails.
Four letters or more are needed to call anything an outlier.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from diff.template import Direction, Template
from diff.units import Slot
from extract.records import Document, Target
from extract.vocabulary.indicators import load_dictionary

DEFAULT_OUTLIER_MADS = 3.5
"""Robust z-score beyond which a value is an outlier (Iglewicz and Hoaglin's 3.5)."""
DEFAULT_OUTLIER_SHARE = 0.25
"""…and it must also lie this share of the median away from the median."""
DEFAULT_OUTLIER_MIN_LETTERS = 4

Assessment = Literal["stricter", "looser", "equal", "unknown"]


@dataclass(frozen=True)
class IndicatorInfo:
    """What the indicator dictionary says of a code, for readers."""

    direction: str
    """'+', '-' or '0' (no better side)."""
    name: str
    """Its Chinese name (``label_zh``, else the first of its names): the report's column head."""
    unit: str | None


@functools.cache
def indicator_info() -> dict[str, IndicatorInfo]:
    """Indicator code -> direction, Chinese name and unit, from the shared indicator dictionary."""
    return {x.code: IndicatorInfo(x.direction, x.label_zh or x.names[0], x.unit) for x in load_dictionary().indicators}


def indicator_table() -> dict[str, str]:
    """Indicator code -> direction ('+', '-', '0')."""
    return {code: info.direction for code, info in indicator_info().items()}


def indicator_direction(code: str | None) -> Direction | None:
    """'+' when a higher value is better for the indicator, '-' when lower is, None if unknown."""
    if not code:
        return None
    d = indicator_table().get(code)
    return d if d in ("+", "-") else None  # type: ignore[return-value]


@dataclass(frozen=True)
class SlotKey:
    """A number slot of the template: the clause's position and the slot's index in it."""

    position: int
    slot: int


@dataclass(frozen=True)
class Reading:
    """A letter's number for a slot, as read from its sentence (or from its own table)."""

    letter: int
    """Index of the letter in the family."""
    slot: Slot


@dataclass(frozen=True)
class SlotValue:
    """A letter's value for a template slot, beside the family's figures (a row of ``values``)."""

    family: str
    entity: str | None
    doc_id: str
    position: int
    """The template clause holding the slot."""
    slot: int
    """Which number slot of that clause, from 0."""
    indicator: str | None
    """Indicator code from the letter's targets, the family's most common one; None when unknown."""
    value: float
    """In the template's unit."""
    value_text: str
    """As written, with the letter's unit when it is not the template's ("1000公顷")."""
    unit: str | None
    """The template's unit word for the slot."""
    letter_unit: str | None
    """The unit the letter wrote, when it is not the template's (the value is converted)."""
    comparator: str | None
    direction: Direction | None
    """'+' higher is stricter, '-' lower is stricter, None unknown."""
    minimum: float
    median: float
    maximum: float
    n: int
    """Letters stating the value (second copies counted once)."""
    assessment: Assessment
    outlier: bool
    counted: bool
    """False for a second copy of a letter already in the family: shown, not counted."""
    span_start: int
    span_end: int
    page: int | None
    template_text: str


def comparator_direction(comparator: str | None) -> Direction | None:
    """A lower bound (不低于) means higher is stricter; an upper bound (控制在…以下) the opposite."""
    if comparator in (">=", ">"):
        return "+"
    if comparator in ("<=", "<"):
        return "-"
    return None


def slot_direction(indicator: str | None, comparator: str | None) -> Direction | None:
    """The indicator's direction when the dictionary knows it, else the comparator's."""
    if indicator is not None and indicator in indicator_table():
        return indicator_direction(indicator)
    return comparator_direction(comparator)


def is_outlier(value: float, values: Sequence[float]) -> bool:
    """True when ``value`` lies far outside ``values`` (see the module docstring)."""
    return outlier_test(values)(value)


def outlier_test(values: Sequence[float]) -> Callable[[float], bool]:
    """``is_outlier`` against ``values``, their median and spread worked out once (a slot's every
    reading is tested against the same figures: once per reading was quadratic in the family)."""
    if len(values) < DEFAULT_OUTLIER_MIN_LETTERS:
        return lambda value: False
    med = statistics.median(values)
    mad = statistics.median(abs(v - med) for v in values)
    return lambda value: _far(value, med, mad)


def _far(value: float, med: float, mad: float) -> bool:
    gap = abs(value - med)
    if gap <= DEFAULT_OUTLIER_SHARE * abs(med):
        return False
    return mad == 0 or gap > DEFAULT_OUTLIER_MADS * 1.4826 * mad


def assess(value: float, median: float, direction: Direction | None) -> Assessment:
    if value == median:
        return "equal"
    if direction is None:
        return "unknown"
    return "stricter" if (value > median) == (direction == "+") else "looser"


def settle_other_units(readings: list[Reading], votes: Sequence[bool]) -> list[Reading]:
    """What a number written in another unit says: the number converted (1000公顷 for □万亩 is
    1.5万亩), or the number as the family writes it with a slip of the unit word (33毫克 where
    every letter has 33微克). The reading nearer the median of the letters that write the
    template's unit, as a ratio, wins; with no such letters the conversion stands."""
    base = [r.slot.value for r in readings if votes[r.letter] and r.slot.unit is None]
    if not base:
        return readings
    med = statistics.median(base)

    def off(v: float) -> float:
        if v > 0 and med > 0:
            return abs(math.log(v / med))
        return abs(v - med)

    out = []
    for r in readings:
        s = r.slot
        if s.unit is not None and off(float(s.text)) < off(s.value):
            r = Reading(r.letter, Slot(float(s.text), s.text, s.key_pos, s.span_start, s.span_end))
        out.append(r)
    return out


def slot_indicator(readings: Sequence[Reading], targets: Sequence[Sequence[Target]]) -> tuple[str | None, str | None]:
    """(indicator code, unit) of a slot: the most common among the letters' overlapping targets."""
    stated = [_target_at(targets[r.letter], r.slot.span_start, r.slot.span_end) for r in readings]
    known = [t.indicator for t in stated if t is not None and t.indicator]
    code = max(sorted(set(known)), key=known.count) if known else None
    found = [t.unit for t in stated if t is not None and t.indicator == code]
    unit = max(sorted(set(found), key=str), key=found.count) if found else None
    return code, unit


def _target_at(targets: Sequence[Target], start: int, end: int) -> Target | None:
    """The first target statement with an indicator code overlapping ``start:end``."""
    for t in targets:
        if t.indicator and t.span_start < end and start < t.span_end:
            return t
    return None


def value_rows(
    family: str,
    template: Template,
    documents: Sequence[Document],
    key: SlotKey,
    readings: Sequence[Reading],
    code: str | None,
    votes: Sequence[bool],
) -> list[SlotValue]:
    """The ``values`` rows of one slot: every reading with the family's figures beside it."""
    docs = documents
    nums = [r.slot.value for r in readings if votes[r.letter]] or [r.slot.value for r in readings]
    if not nums:
        return []
    ts = template.clauses[key.position].slots[key.slot]
    direction = slot_direction(code, ts.comparator)
    lo, med, hi = min(nums), statistics.median(nums), max(nums)
    outlier = outlier_test(nums)
    out = []
    for r in readings:
        doc = docs[r.letter]
        s = r.slot
        text = s.text + (s.unit or "")
        out.append(SlotValue(
            family=family, entity=doc.entity, doc_id=doc.doc_id, position=key.position, slot=key.slot,
            indicator=code, value=s.value, value_text=text, unit=ts.unit, letter_unit=s.unit,
            comparator=ts.comparator, direction=direction, minimum=lo, median=med, maximum=hi, n=len(nums),
            assessment=assess(s.value, med, direction), outlier=outlier(s.value), counted=votes[r.letter],
            span_start=s.span_start, span_end=s.span_end, page=doc.page_at(s.span_start),
            template_text=template.clauses[key.position].text,
        ))
    return out
