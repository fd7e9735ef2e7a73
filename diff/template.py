"""Build a family's template: the consensus of its letters, not any one letter.

Units of all letters are clustered against a growing list of clauses (see ``diff.align``): a unit
joins the clause whose key it equals or most resembles, or starts a new clause. A clause is in
the template when more than half of the letters have it; its wording is the key variant most
letters share (ties broken by the key itself, so input order never decides), and its place is
the median of its position in the letters. Numbers are slots, so letters that differ only in
their values share one wording.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from diff.align import DEFAULT_SCORE_CUTOFF, match_letter
from diff.units import ENTITY, ENTITY_DISPLAY, SECTION_MARK, SLOT, SLOT_DISPLAY, Unit, template_display
from extract.records import Target

Direction = Literal["+", "-"]

@dataclass(frozen=True)
class TemplateSlot:
    """A number slot of a template clause."""

    index: int
    """Which slot of the clause, from 0."""
    unit: str | None
    """The unit as the targets table normalises it (μg/m³, %), None when no statement gives one."""
    comparator: str | None
    """">=", "<=" … of the target statements at the slot, None when no statement covers it."""


@dataclass(frozen=True)
class TemplateClause:
    """One clause of the template."""

    position: int
    key: str
    text: str
    """The consensus wording as shown to reviewers: □ for numbers, XX for the government."""
    section: str
    """The heading the clause sits under in the consensus text (the last 一、/（一） clause before it)."""
    support: int
    """How many letters have the clause, in any wording."""
    agree: int
    """How many letters have exactly the consensus wording."""
    slots: tuple[TemplateSlot, ...]
    display: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """Per key character, the text shown for it (□ for a slot, XX for the government)."""


@dataclass(frozen=True)
class Template:
    family: str
    letters: int
    clauses: tuple[TemplateClause, ...]


def statement_at(targets: Sequence[Target], start: int, end: int) -> Target | None:
    """The target statement of the number at ``start:end`` of a letter (``targets`` in text order):
    one overlapping it that holds the number as written, else the first overlapping it."""
    found = None
    k = bisect.bisect_left(targets, end, key=lambda t: t.span_start)
    reach = max((t.span_end - t.span_start for t in targets[:k]), default=0)
    for t in targets[bisect.bisect_left(targets, start - reach, key=lambda t: t.span_start):k]:
        if t.span_start < end and start < t.span_end:
            if t.value is not None and t.span_start <= start and end <= t.span_end:
                return t
            found = found or t
    return found


def _slot_terms(members: Sequence[tuple[Unit, Sequence[Target]]], index: int) -> tuple[str | None, str | None]:
    """(comparator, unit) of slot ``index`` as the letters' target statements read it: the most
    common reading among the letters with the consensus wording (ties broken by the reading)."""
    readings: Counter[tuple[str, str]] = Counter()
    for sentence, targets in members:
        s = sentence.slots[index]
        t = statement_at(targets, s.span_start, s.span_end)
        if t is not None:
            readings[(t.comparator, t.unit or "")] += 1
    if not readings:
        return None, None
    (comparator, unit), _ = min(readings.items(), key=lambda kv: (-kv[1], kv[0]))
    return comparator, unit or None


def build_template(
    family: str, letters: Sequence[Sequence[Unit]], score_cutoff: float = DEFAULT_SCORE_CUTOFF,
    votes: Sequence[bool] | None = None, targets: Sequence[Sequence[Target]] = (),
) -> tuple[Template, list[list[int | None]]]:
    """The family's template and, per letter and unit, the template clause it matches (or None).

    Only letters whose ``votes`` is true shape the consensus (default: all); the others are
    matched against it (a second copy of the same letter, dropped in as PDF and as DOCX, must not
    count twice). ``targets`` (per letter, in text order) give each slot its comparator and unit:
    the target statements at the slot in the letters that have the consensus wording.
    """
    votes = [True] * len(letters) if votes is None else list(votes)
    targets = list(targets) or [()] * len(letters)
    choices: list[str] = []  # one representative key per cluster
    exact: dict[str, int] = {}
    variants: list[Counter[str]] = []
    examples: list[dict[str, Unit]] = []
    members: list[dict[str, list[tuple[Unit, Sequence[Target]]]]] = []
    ordinals: list[list[int]] = []
    assigned: list[list[int | None]] = []
    for units, voting, stated in zip(letters, votes, targets):
        keys = [u.key for u in units]
        match = match_letter(keys, exact, choices, score_cutoff)
        row: list[int | None] = []
        for u, c in zip(units, match):
            if c is None:
                c = len(choices)
                choices.append(u.key)
                variants.append(Counter())
                examples.append({})
                members.append({})
                ordinals.append([])
            exact.setdefault(u.key, c)
            examples[c].setdefault(u.key, u)
            if voting:
                members[c].setdefault(u.key, []).append((u, stated))
                variants[c][u.key] += 1
                ordinals[c].append(u.ordinal)
            row.append(c)
        assigned.append(row)

    n = sum(votes)
    kept = [c for c in range(len(choices)) if 2 * len(ordinals[c]) > n]
    kept.sort(key=lambda c: (statistics.median(ordinals[c]), statistics.fmean(ordinals[c]), choices[c]))
    position = {c: i for i, c in enumerate(kept)}
    clauses = []
    section = ""
    for i, c in enumerate(kept):
        key, agree = min(variants[c].items(), key=lambda kv: (-kv[1], kv[0]))
        text = template_display(examples[c][key])
        if key.startswith(SECTION_MARK):
            section = text[:40]
        slots = []
        for k in range(key.count(SLOT)):
            comparator, unit = _slot_terms(members[c][key], k)
            slots.append(TemplateSlot(index=k, unit=unit, comparator=comparator))
        clauses.append(
            TemplateClause(
                position=i,
                key=key,
                text=text,
                section=section,
                support=len(ordinals[c]),
                agree=agree,
                slots=tuple(slots),
                display=tuple(
                    SLOT_DISPLAY if k == SLOT else ENTITY_DISPLAY if k == ENTITY else d
                    for k, d in zip(key, examples[c][key].display)
                ),
            )
        )
    mapping = [[position.get(c) if c is not None else None for c in row] for row in assigned]
    return Template(family=family, letters=n, clauses=tuple(clauses)), mapping
