"""Word-level diff of two unit keys: jieba tokens, numbers kept whole.

Only units whose key differs from the template are tokenised, so jieba's dictionary (about half
a second to load) is loaded once per process and only when some letter deviates. Comparator
phrases (不低于, 及以下 ...) and the unit right after a number (%, 微克/立方米) are tokens of their
own, so a changed comparator or unit shows as one substituted token and can be told apart from
other rewording.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from diff.units import ENTITY, SLOT
from extract.vocabulary.comparators import comparator_of

# Comparator phrases the diff keeps whole as tokens of their own (their meaning is the shared
# vocabulary's, extract.vocabulary.comparators: 以下 is <= here as in the targets table).
COMPARATOR_TOKENS: tuple[str, ...] = (
    "不低于", "不少于", "不小于", "至少", "达到", "及以上", "以上",  # floors (以上 includes the number)
    "高于", "大于", "超过",  # strict floors
    "不高于", "不超过", "不大于", "及以下", "以内", "以下", "控制在",  # ceilings (以下 includes the number)
    "低于", "小于",  # strict ceilings
    "≥", "≤", ">=", "<=",  # table cells
)
COMPARATOR_WORDS: dict[str, str] = {w: c for w in COMPARATOR_TOKENS if (c := comparator_of(w)) is not None}
"""Comparator token -> what it states about the value (">=", "<=" …), from the shared vocabulary."""
# Units kept whole as a token after a number (meaning: the measure's unit); each is a spelling
# the shared vocabulary normalises (extract.vocabulary.units.UNITS).
UNIT_WORDS: tuple[str, ...] = (
    "微克/立方米",  # μg/m³, air concentrations
    "毫克/立方米",
    "μg/m3",
    "μg/m³",
    "毫克/升",  # mg/L, water concentrations
    "个百分点",  # percentage points
    "平方公里",
    "万千瓦",
    "万吨",
    "万亩",
    "公顷",
    "公里",
    "吨",
    "亩",
    "%",
    "‰",
    "天",
    "次",
    "个",
    "家",
    "座",
    "处",
    "项",
)

_CMP_RE = re.compile("|".join(sorted(map(re.escape, COMPARATOR_WORDS), key=len, reverse=True)))
_UNIT_RE = re.compile("|".join(map(re.escape, sorted(UNIT_WORDS, key=len, reverse=True))))
_ASCII_RE = re.compile(r"[A-Za-z0-9.\-_/]+")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

TokenKind = Literal["slot", "entity", "cmp", "unit", "ascii", "word", "punct"]
Op = Literal["equal", "delete", "insert", "replace"]


@dataclass(frozen=True)
class Token:
    """A word of a key: its text and its ``[start, end)`` in the key."""

    text: str
    kind: TokenKind
    start: int
    end: int


@dataclass(frozen=True)
class Hunk:
    """One difference between template tokens ``[a0, a1)`` and letter tokens ``[b0, b1)``."""

    op: Op
    a0: int
    a1: int
    b0: int
    b1: int
    kind: Literal["wording", "comparator", "unit"]


@functools.cache
def _jieba():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _han_words(run: str) -> list[str]:
    return list(_jieba().cut(run, HMM=False))


def tokenize(key: str) -> list[Token]:
    """Tokens of a unit key: slots, comparators, units after a slot, ASCII words, jieba words."""
    out: list[Token] = []
    i, n = 0, len(key)
    while i < n:
        ch = key[i]
        if ch == SLOT:
            out.append(Token(ch, "slot", i, i + 1))
            i += 1
            m = _UNIT_RE.match(key, i)
            if m:
                out.append(Token(m.group(), "unit", i, m.end()))
                i = m.end()
            continue
        if ch == ENTITY:
            out.append(Token(ch, "entity", i, i + 1))
            i += 1
            continue
        m = _HAN_RUN.match(key, i)
        if m:
            run_end = m.end()
            # Cut the run at comparator phrases, then let jieba split what is between them.
            pos = i
            for c in _CMP_RE.finditer(key, i, run_end):
                if c.start() > pos:
                    pos = _add_words(out, key, pos, c.start())
                out.append(Token(c.group(), "cmp", c.start(), c.end()))
                pos = c.end()
            if pos < run_end:
                _add_words(out, key, pos, run_end)
            i = run_end
            continue
        m = _CMP_RE.match(key, i) if ch in "≥≤<>" else None
        if m:
            out.append(Token(m.group(), "cmp", i, m.end()))
            i = m.end()
            continue
        m = _ASCII_RE.match(key, i)
        if m:
            out.append(Token(m.group(), "ascii", i, m.end()))
            i = m.end()
            continue
        out.append(Token(ch, "punct", i, i + 1))
        i += 1
    return out


def _add_words(out: list[Token], key: str, a: int, b: int) -> int:
    pos = a
    for w in _han_words(key[a:b]):
        out.append(Token(w, "word", pos, pos + len(w)))
        pos += len(w)
    return b


def _hunk_kind(old: Sequence[Token], new: Sequence[Token]) -> Literal["wording", "comparator", "unit"]:
    tokens = [*old, *new]
    if tokens and all(t.kind == "cmp" for t in tokens):
        if old and new and [COMPARATOR_WORDS[t.text] for t in old] == [COMPARATOR_WORDS[t.text] for t in new]:
            return "wording"  # 以下 -> 及以下: other words, the same comparator
        return "comparator"
    if tokens and all(t.kind == "unit" for t in tokens):
        return "unit"
    return "wording"


def diff_tokens(a: Sequence[Token], b: Sequence[Token]) -> tuple[list[Hunk], list[tuple[int, int]]]:
    """Hunks turning template tokens ``a`` into letter tokens ``b``, and the matched token pairs.

    A substitution of comparator for comparator (or unit for unit) is its own hunk kind, unless
    the words state the same comparator (以下 for 及以下); every other insertion, deletion or
    substitution is wording. Matched pairs include slots paired
    inside a substitution when both sides hold the same number of them.
    """
    sm = difflib.SequenceMatcher(None, [t.text for t in a], [t.text for t in b], autojunk=False)
    hunks: list[Hunk] = []
    pairs: list[tuple[int, int]] = []
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            pairs.extend(zip(range(a0, a1), range(b0, b1)))
            continue
        hunks.append(Hunk(op, a0, a1, b0, b1, _hunk_kind(a[a0:a1], b[b0:b1])))  # type: ignore[arg-type]
        sa = [i for i in range(a0, a1) if a[i].kind == "slot"]
        sb = [j for j in range(b0, b1) if b[j].kind == "slot"]
        if sa and len(sa) == len(sb):
            pairs.extend(zip(sa, sb))
    return _cancel_moved_comparators(hunks, a, b), pairs


def _cancel_moved_comparators(hunks: list[Hunk], a: Sequence[Token], b: Sequence[Token]) -> list[Hunk]:
    """A comparator deleted in one place and inserted in another moved: that is wording (不低于比例)."""
    deleted = [h for h in hunks if h.kind == "comparator" and h.op == "delete"]
    inserted = [h for h in hunks if h.kind == "comparator" and h.op == "insert"]
    moved: set[int] = set()
    for d in deleted:
        words = [t.text for t in a[d.a0 : d.a1]]
        for ins in inserted:
            if id(ins) not in moved and [t.text for t in b[ins.b0 : ins.b1]] == words:
                moved.update((id(d), id(ins)))
                break
    return [
        Hunk(h.op, h.a0, h.a1, h.b0, h.b1, "wording") if id(h) in moved else h for h in hunks
    ]


def inline_diff(a: Sequence[Token], b: Sequence[Token], hunks: Sequence[Hunk]) -> list[tuple[str, int, int]]:
    """Merged view as (tag, index, end) runs: "=" letter tokens, "-" template tokens, "+" letter tokens."""
    out: list[tuple[str, int, int]] = []
    bpos = 0
    for h in hunks:
        if h.b0 > bpos:
            out.append(("=", bpos, h.b0))
        if h.a1 > h.a0:
            out.append(("-", h.a0, h.a1))
        if h.b1 > h.b0:
            out.append(("+", h.b0, h.b1))
        bpos = h.b1
    if bpos < len(b):
        out.append(("=", bpos, len(b)))
    return out
