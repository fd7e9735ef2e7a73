"""The words around a number: comparator words, closing words, value lists and conjunct subjects.

Vocabulary lives in the lookup tables below, one comment per entry. Every function works on
folded text (simplified, half-width, see :func:`extract.normalize.fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.indicators import Dictionary, make_key
from extract.numbers import NumberHit

# Comparator words before a number -> (comparator, states a change) (comment: meaning).
COMPARATOR_WORDS: dict[str, tuple[str, bool]] = {
    "不低于": (">=", False),  # not lower than: the number is included
    "不少于": (">=", False),
    "不小于": (">=", False),
    "不得低于": (">=", False),  # must not be lower than
    "不得少于": (">=", False),
    "不应低于": (">=", False),
    "至少": (">=", False),  # at least
    "达到": (">=", False),  # reach X (a floor; in a notice, the reported value)
    "达": (">=", False),
    "提高到": (">=", False),  # raise to X (a level, not a change)
    "提高至": (">=", False),
    "提升到": (">=", False),
    "提升至": (">=", False),
    "增加到": (">=", False),
    "增至": (">=", False),
    "≥": (">=", False),  # table cells
    ">=": (">=", False),
    "突破": (">", False),  # broke through X
    "超过": (">", False),
    "高于": (">", False),
    "大于": (">", False),
    ">": (">", False),
    "不高于": ("<=", False),  # not higher than: the number is included
    "不超过": ("<=", False),
    "不大于": ("<=", False),
    "不多于": ("<=", False),
    "不得高于": ("<=", False),  # must not be higher than (not 高于: the 不得 negates it)
    "不得超过": ("<=", False),
    "不应高于": ("<=", False),
    "不应超过": ("<=", False),
    "控制在": ("<=", False),  # keep within X
    "降至": ("<=", False),  # bring down to X
    "降到": ("<=", False),
    "降低到": ("<=", False),
    "下降到": ("<=", False),
    "下降至": ("<=", False),
    "≤": ("<=", False),
    "<=": ("<=", False),
    "低于": ("<", False),
    "小于": ("<", False),
    "<": ("<", False),
    "保持": ("==", False),  # keep at X
    "稳定保持": ("==", False),
    "稳定在": ("==", False),
    "为": ("==", False),  # is X
    "=": ("==", False),
    "同比下降": ("==", True),  # fell by X: a change
    "同比降低": ("==", True),
    "同比减少": ("==", True),
    "同比上升": ("==", True),  # rose by X
    "同比提高": ("==", True),
    "同比增长": ("==", True),
    "下降": ("==", True),
    "降低": ("==", True),
    "减少": ("==", True),
    "削减": ("==", True),
    "上升": ("==", True),
    "提高": ("==", True),
    "提升": ("==", True),
    "增加": ("==", True),
    "增长": ("==", True),
    "前移": ("==", True),  # moved up a ranking by X places (排名较上年前移4位)
    "后移": ("==", True),
    "前进": ("==", True),
    "后退": ("==", True),
}
NOT_COMPARATOR_BEFORE: dict[str, str] = {
    "达": "标",  # 达标率, 达标比例: 达 starts the measure's own word, it is no comparator (县控断面水质达标率100%)
}
"""Comparator words that begin another word when these characters follow them."""
_COMPARATOR_RE = re.compile("|".join(
    re.escape(w) + (f"(?![{NOT_COMPARATOR_BEFORE[w]}])" if w in NOT_COMPARATOR_BEFORE else "")
    for w in sorted(COMPARATOR_WORDS, key=len, reverse=True)))
_CLAUSE_BREAK = re.compile(r"[,，;；:：。\t]")
COMPARATOR_REACH = 10
"""How far before a number a comparator word may stand (不低于通化100%: a typo in between)."""

# Closing words after a number -> (comparator, approx) (comment: meaning).
SUFFIX_WORDS: dict[str, tuple[str | None, bool]] = {
    "及以上": (">=", False),  # X or more
    "以上": (">=", False),
    "及以下": ("<=", False),  # X or less
    "以下": ("<=", False),
    "以内": ("<=", False),  # within X
    "左右": (None, True),  # about X
}
_SUFFIX_RE = re.compile(r"\s?(" + "|".join(sorted(SUFFIX_WORDS, key=len, reverse=True)) + r")")
_SCOPE_NOUN = re.compile(r"的?[\u4e00-\u9fff]")
_SCOPE_NOT = re.compile(r"水平|标准|目标|要求")
"""以上水平 / 以下标准 still close a target, not a scope."""

# Words joining values of one list (comment: meaning).
LIST_JOINERS = re.compile(r"\s?(?:以上|以下)?\s?[、和与及]\s?$")
"""15、29 / 0.42万吨和0.93万吨: values of one statement."""
EACH_WORDS = re.compile(r"(?<![平年])(均|都|各)\s?(?:[\u4e00-\u9fff]{0,4})$")
"""均减少2%以上: the one value holds for every measure named before it (not 平均/年均浓度)."""
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


def group_hits(s: str, hits: list[NumberHit]) -> list[Group]:
    """Consecutive numbers joined only by 、/和 form one group."""
    groups: list[list[NumberHit]] = []
    for h in hits:
        if groups and LIST_JOINERS.search(s[groups[-1][-1].end:h.start]) and \
                len(s[groups[-1][-1].end:h.start]) <= 4 and (h.unit == groups[-1][-1].unit or groups[-1][-1].unit is None):
            groups[-1].append(h)
        else:
            groups.append([h])
    out = []
    for g in groups:
        lead = s[max(0, g[0].start - 12):g[0].start]
        out.append(Group(tuple(g), bool(EACH_WORDS.search(lead)) and "分别" not in lead))
    return out


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
            trial = own + head[k:]
            hits = dic.find(make_key(trial))
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
