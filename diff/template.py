"""Build a family's template: the consensus of its letters, not any one letter.

Units of all letters are clustered against a growing list of clauses (see ``diff.align``): a unit
joins the clause whose key it equals or most resembles, or starts a new clause. A clause is in
the template when more than half of the letters have it; its wording is the key variant most
letters share (ties broken by the key itself, so input order never decides), and its place is
the median of its position in the letters. Numbers are slots, so letters that differ only in
their values share one wording.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from diff.align import DEFAULT_SCORE_CUTOFF, match_letter
from diff.units import ENTITY, ENTITY_DISPLAY, SECTION_MARK, SLOT, SLOT_DISPLAY, Unit, template_display
from diff.words import COMPARATOR_WORDS, UNIT_WORDS

Direction = Literal["+", "-"]

_CMP_BEFORE = re.compile("(" + "|".join(sorted(map(re.escape, COMPARATOR_WORDS), key=len, reverse=True)) + ")")
_UNIT_AFTER = re.compile("(" + "|".join(map(re.escape, sorted(UNIT_WORDS, key=len, reverse=True))) + ")")
_CMP_AFTER = re.compile(r"(及以上|以上|及以下|以下|以内)")
CONTEXT_CHARS = 8
"""How far before a slot a comparator phrase still governs it (控制在34微克…: 3 characters)."""


@dataclass(frozen=True)
class TemplateSlot:
    """A number slot of a template clause."""

    index: int
    """Which slot of the clause, from 0."""
    unit: str | None
    comparator: str | None
    """">=", "<=" ... read from the words around the slot, None when none is written."""


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


def slot_comparator(key: str, pos: int) -> tuple[str | None, str | None]:
    """(comparator, unit) governing the slot at ``pos`` of ``key``, from the words around it."""
    after = key[pos + 1 : pos + 1 + 12]
    m = _UNIT_AFTER.match(after)
    unit = m.group() if m else None
    rest = after[m.end() :] if m else after
    c = _CMP_AFTER.match(rest)
    if c:
        return COMPARATOR_WORDS[c.group()], unit
    before = key[max(0, pos - CONTEXT_CHARS) : pos]
    before = before.rsplit(SLOT, 1)[-1]
    found = list(_CMP_BEFORE.finditer(before))
    if found:
        return COMPARATOR_WORDS[found[-1].group()], unit
    return None, unit


def build_template(
    family: str, letters: Sequence[Sequence[Unit]], score_cutoff: float = DEFAULT_SCORE_CUTOFF,
    votes: Sequence[bool] | None = None,
) -> tuple[Template, list[list[int | None]]]:
    """The family's template and, per letter and unit, the template clause it matches (or None).

    Only letters whose ``votes`` is true shape the consensus (default: all); the others are
    matched against it (a second copy of the same letter, dropped in as PDF and as DOCX, must not
    count twice).
    """
    votes = [True] * len(letters) if votes is None else list(votes)
    choices: list[str] = []  # one representative key per cluster
    exact: dict[str, int] = {}
    variants: list[Counter[str]] = []
    examples: list[dict[str, Unit]] = []
    ordinals: list[list[int]] = []
    assigned: list[list[int | None]] = []
    for units, voting in zip(letters, votes):
        keys = [u.key for u in units]
        match = match_letter(keys, exact, choices, score_cutoff)
        row: list[int | None] = []
        for u, c in zip(units, match):
            if c is None:
                c = len(choices)
                choices.append(u.key)
                variants.append(Counter())
                examples.append({})
                ordinals.append([])
            exact.setdefault(u.key, c)
            examples[c].setdefault(u.key, u)
            if voting:
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
        for k, p in enumerate(i for i, ch in enumerate(key) if ch == SLOT):
            comparator, unit = slot_comparator(key, p)
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
