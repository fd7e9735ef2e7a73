"""The words around a number: comparator words, closing words, value lists and conjunct subjects.

The words themselves (comparators before a number, closing words after it) are the shared
vocabulary's (:mod:`extract.vocabulary.comparators`); the tables below are how statements join
values and measures. Every function works on folded text (simplified, half-width, see
:func:`extract.normalize.fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.numbers import NumberHit
from extract.vocabulary.comparators import COMPARATOR_WORDS, NOT_COMPARATOR_BEFORE, SUFFIX_WORDS
from extract.vocabulary.indicators import Dictionary, make_key
from extract.vocabulary.units import dimension_of

_COMPARATOR_RE = re.compile("|".join(
    re.escape(w) + (f"(?![{NOT_COMPARATOR_BEFORE[w]}])" if w in NOT_COMPARATOR_BEFORE else "")
    for w in sorted(COMPARATOR_WORDS, key=len, reverse=True)))
_CLAUSE_BREAK = re.compile(r"[,，;；:：。\t]")
COMPARATOR_REACH = 10
"""How far before a number a comparator word may stand (不低于通化100%: a typo in between)."""

_SUFFIX_RE = re.compile(r"\s?(" + "|".join(sorted(SUFFIX_WORDS, key=len, reverse=True)) + r")")
_SCOPE_NOUN = re.compile(r"的?[\u4e00-\u9fff]")
_SCOPE_NOT = re.compile(r"水平|标准|目标|要求")
"""以上水平 / 以下标准 still close a target, not a scope."""

# Words joining values of one list (comment: meaning).
LIST_JOINERS = re.compile(r"\s?(?:以上|以下)?\s?[、和与及]\s?$")
"""15、29 / 0.42万吨和0.93万吨: values of one statement."""
EACH_WORDS = re.compile(r"(?<![平年])(均|都|各)\s?(?:(?:比|较)\s?(?:19|20)\d\d\s?年(?:相比)?)?(?:[\u4e00-\u9fff]{0,4})$")
"""均减少2%以上, 均比2015年下降22%: the one value holds for every measure named before it (not 平均/年均浓度)."""
EACH_ONE = re.compile(r"分别\s?(?:(?:比|较)\s?(?:19|20)\d\d\s?年(?:相比)?)?[\u4e00-\u9fff]{0,3}$")
"""沉积物和生物质量…比例分别达80%, 二氧化硫、氮氧化物排放总量分别比2015年下降11%: 分别 before a single value
gives it to every measure named before it."""
CONJUNCT_SPLIT = re.compile(r"、|和|与|及(?!以)")
"""Joins measures: 农药和化肥使用量, PM2.5、PM10浓度 (not 及以上)."""


@dataclass(frozen=True)
class Group:
    """Numbers of one statement: one value, or a list sharing a comparator and unit."""

    hits: tuple[NumberHit, ...]
    each: bool
    """均/都 before the value: it applies to every measure of the subject."""

    @property
    def start(self) -> int:
        return self.hits[0].start

    @property
    def end(self) -> int:
        return self.hits[-1].end


@dataclass(frozen=True)
class Suffix:
    end: int
    comparator: str | None
    approx: bool
    scope: bool
    """The number bounds what a rule covers (10蒸吨/小时及以下的燃煤锅炉)."""


def _respectively(s: str, first: NumberHit) -> bool:
    """分别 right before a list's first value: its values answer the measures named before it in order, each in
    its own unit (…一氧化碳浓度、臭氧8小时浓度分别为23微克/立方米、1.4毫克/立方米、155微克/立方米)."""
    return bool(EACH_ONE.search(s[max(0, first.start - 12):first.start]))


def group_hits(s: str, hits: list[NumberHit]) -> list[Group]:
    """Consecutive numbers joined only by 、/和 form one group; a list of concentrations may give each its own
    unit (…一氧化碳、臭氧浓度分别为23微克/立方米、1.4毫克/立方米、155微克/立方米)."""
    groups: list[list[NumberHit]] = []
    for h in hits:
        if groups and LIST_JOINERS.search(s[groups[-1][-1].end:h.start]) and \
                len(s[groups[-1][-1].end:h.start]) <= 4 and (h.unit == groups[-1][-1].unit or groups[-1][-1].unit is None
                                                             or _both_concentrations(h.unit, groups[-1][-1].unit)
                                                             or (h.unit is not None and _respectively(s, groups[-1][0]))):
            groups[-1].append(h)
        else:
            groups.append([h])
    out = []
    for g in groups:
        lead = s[max(0, g[0].start - 12):g[0].start]
        each = bool(EACH_WORDS.search(lead)) and "分别" not in lead
        out.append(Group(tuple(g), each or (len(g) == 1 and bool(EACH_ONE.search(lead)))))
    return out


def _both_concentrations(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and dimension_of(a) == dimension_of(b) == "concentration"


def comparator_before(s: str, pos: int, floor: int) -> tuple[str, bool, int] | None:
    """(comparator, is a change, where the word starts) of the last comparator word shortly before ``pos``."""
    found = None
    floor = max(floor, pos - COMPARATOR_REACH)
    floor = max((b.end() for b in _CLAUSE_BREAK.finditer(s, floor, pos)), default=floor)
    for m in _COMPARATOR_RE.finditer(s, floor, pos):
        found = (*COMPARATOR_WORDS[m.group(0)], m.start())
    return found


def suffix_after(s: str, pos: int) -> Suffix:
    """The closing word after a number: 以上 / 以下 / 以内 / 左右, and whether it makes a scope."""
    m = _SUFFIX_RE.match(s, pos)
    if not m:
        return Suffix(pos, None, False, False)
    comparator, approx = SUFFIX_WORDS[m.group(1)]
    end = m.end()
    scope = comparator is not None and bool(_SCOPE_NOUN.match(s, end)) and not _SCOPE_NOT.match(s, end)
    if comparator is not None and scope:
        # 以下的燃煤锅炉 / 以下燃煤锅炉 — unless a comparator word makes it a target (控制在…以下水平).
        scope = comparator_before(s, pos - 1, 0) is None or s[end:end + 1] == "的"
    return Suffix(end, comparator, approx, scope)


def _inside_latin(text: str, i: int) -> bool:
    """A name found at ``i`` starts inside a run of Latin letters and digits (O3 in C + O3): no name of it."""
    return 0 < i < len(text) and text[i - 1].isascii() and text[i - 1].isalnum() and text[i].isascii() and text[i].isalnum()


def resolve_conjuncts(dic: Dictionary, s: str, start: int, end: int) -> list[tuple[str | None, str, int]]:
    """(code, phrase, start) for each measure of a subject like "农药和化肥使用量" in ``s[start:end]``.

    A conjunct without its own name borrows the head noun of the last one (农药 + 使用量),
    or takes the last one's measure (乡镇级及以上、农村千吨万人…达标率: the general rate).
    """
    text = s[start:end]
    parts = []
    pos = 0
    for m in CONJUNCT_SPLIT.finditer(text):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    parts = [(a, b) for a, b in parts if b > a]
    if not parts:
        return []
    last_a, last_b = parts[-1]
    head = text[last_a:last_b]
    out: list[tuple[str | None, str, int]] = []
    for a, b in parts:
        own = text[a:b]
        found = dic.find(make_key(own))
        if found and (a, b) == parts[-1]:
            out.append((found[-1].code, own, start + a))
            continue
        if found and len(found) == 1 and found[0].end == len(own):
            out.append((found[0].code, own, start + a))
            continue
        code = None
        general = None
        for k in range(len(head) - 1, -1, -1):  # shortest borrowed head first
            key = make_key(own + head[k:])
            hits = [m for m in dic.find(key) if not _inside_latin(key.source, m.start)]
            mine = [m for m in hits if m.start < len(own)]
            if mine:
                code = mine[-1].code
                break
            if hits and general is None and k > 0:
                # The head's most general measure (水源地水质达标率); k == 0 would lend the last
                # conjunct's whole name, which is another measure (二氧化硫、氮氧化物排放量).
                general = hits[-1].code
        if code is None:
            code = general or (found[-1].code if found else None)
        out.append((code, own, start + a))
    # Distinct measures only, in order; unknown measures are told apart by their own words.
    seen: set[str | None] = set()
    unique = []
    for item in out:
        if item[0] is None or item[0] not in seen:
            seen.add(item[0])
            unique.append(item)
    return unique
