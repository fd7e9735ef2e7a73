"""Statements without a number: fixed phrases around dictionary names.

无/不得出现/不发生/消除 X and X动态清零 state zero; X无新增 / 零增长 state no increase; in a section of
targets only, X持续得到控制 / 达到年度考核要求 state a qualitative aim. A span a number of the clause
already gave is not given twice.
"""

from __future__ import annotations

import bisect
import re

from extract.numbers import NumberHit
from extract.statements import resolve_conjuncts
from extract.target_context import ClauseContext, Statement

ZERO_BEFORE = re.compile(r"不得出现|不出现|未出现|不发生|未发生|杜绝|(?<!逐步)(?<!逐渐)消除|无(?!新增|明显|论|法)|零")
"""Words before a measure that state it must be (or was) zero: 无劣Ⅴ类水体断面, 不发生…事件 (not 逐步消除重污染天,
a direction of work that sets no level)."""
ZERO_AFTER = re.compile(r"((基本|全部|全面)?消除|(动态|全部|全面)?清零)(?=[,，;；。\t]|$)")
"""Words after a measure (or list of measures) that state zero: 重污染天气、黑臭水体基本消除, 黑臭水体动态清零."""
CLEARED_GAP = 2
"""清零 states zero of the measure right before it (黑臭水体动态清零, 黑臭水体实现清零), not of a
measure further back (年度任务按期完成、销号清零: the tasks are done, not zero)."""
NO_INCREASE_AFTER = re.compile(r"无新增|不增加|只减不增|零增长|不上升|不升高")
"""Ⅴ类无新增, 使用量零增长, 浓度同比不上升: the measure may not grow."""
QUALITATIVE = re.compile(
    r"(持续)?得到(有效)?[控遏]制|达到(年度)?(评价)?考核(要求|标准)|达到(省|市)?考核标准|达到(年度|省|市)?(任务)?目标要求"
    r"|完成年度(减排)?任务|持续改善|完成(国家|省|市|县|上级)?下达的?(年度)?(目标|任务)"
)
"""Predicates of a named measure without a number (达到年度考核要求, 持续得到控制, 上升趋势得到遏制, 完成市下达目标)."""
ZERO_GAP = 6
"""How many characters may stand between 消除 and the measure (基本消除较大面积的农村黑臭水体)."""

_BOUNDARY = re.compile(r"[,，;；:：。!?！？\t]")
_LIST_BREAK = re.compile(r"[,，;；:：。!?！？\t、]")


_ZERO_AFTER_WORDS = ("消除", "清零")
_QUALITATIVE_WORDS = ("得到", "达到", "完成", "持续改善")
"""Words every match of ZERO_AFTER / QUALITATIVE holds: a substring test rules most clauses out at
once, where the patterns themselves (no fixed first character) cost a regex step at every position."""


_ZERO_OR_NO_INCREASE = re.compile(f"{ZERO_BEFORE.pattern}|{NO_INCREASE_AFTER.pattern}")
"""ZERO_BEFORE or NO_INCREASE_AFTER: one scan of a clause instead of two."""


def has_fixed_phrase(s: str, in_targets: bool) -> bool:
    """Whether clause text ``s`` holds any phrase a statement without a number is made of."""
    return bool(_ZERO_OR_NO_INCREASE.search(s) or
                (any(w in s for w in _ZERO_AFTER_WORDS) and ZERO_AFTER.search(s)) or
                (in_targets and any(w in s for w in _QUALITATIVE_WORDS) and QUALITATIVE.search(s)))


def word_statements(ctx: ClauseContext, hits: list[NumberHit], taken: set[tuple[int, int]]) -> list[Statement]:
    """Zero, no-increase and qualitative statements of a clause; ``hits`` are its numbers (labels
    aside), ``taken`` the spans its numbers' statements already cover. Call it on a clause that
    :func:`has_fixed_phrase`."""
    s = ctx.text
    if not ctx.names.matches:
        return []
    taken = set(taken)
    out: list[Statement] = []

    def emit(a: int, b: int, code: str, phrase: str, comparator: str, pos: int) -> None:
        if (a, b) not in taken:
            year = ctx.year_at(pos)
            out.append(Statement(a, b, code, phrase, comparator, kind=ctx.kind_at(pos, year), year=year,
                                 deadline=ctx.years.deadline_at(pos, year)))
            taken.add((a, b))

    # Names, numbers and breaks are each in text order without overlaps, so every lookup below is
    # a bisection: the cost stays linear in a long clause.
    names = ctx.names
    matches, starts, ends = names.matches, names.starts, names.ends
    hit_starts = [h.start for h in hits]
    breaks = [b.end() for b in _BOUNDARY.finditer(s)]

    def has_hit(a: int, b: int) -> bool:  # a number starts in s[a:b]
        return bisect.bisect_left(hit_starts, a) < bisect.bisect_left(hit_starts, b)

    for z in ZERO_BEFORE.finditer(s):
        k = bisect.bisect_right(starts, z.start()) - 1
        near_names = matches[bisect.bisect_left(starts, z.end()):bisect.bisect_right(starts, z.end() + ZERO_GAP)]
        for m in ([matches[k]] if k >= 0 else []) + near_names:
            overlaps = z.group(0) == "零" and m.start <= z.start() < m.end
            near = z.group(0) != "零" and z.end() <= m.start <= z.end() + ZERO_GAP and \
                not _LIST_BREAK.search(s, z.end(), m.start)
            if overlaps or near and not _number_between(hits, hit_starts, z.end(), m.start):
                emit(min(z.start(), m.start), m.end, m.code, m.name, "zero", z.start())
                break
    for pattern, comparator, needs_section in ((ZERO_AFTER, "zero", False),
                                               (NO_INCREASE_AFTER, "no_increase", False),
                                               (QUALITATIVE, "qualitative", True)):
        if needs_section and not ctx.in_targets:
            continue
        for p in pattern.finditer(s):
            i = bisect.bisect_right(breaks, p.start()) - 1
            piece_start = breaks[i] if i >= 0 else 0
            last = bisect.bisect_right(ends, p.start())  # names ending before the phrase
            if ctx.is_row:
                # 地下水Ⅴ类水比例 | % | — | 无新增, 城市黑臭水体 | 个 | 0 | 动态清零: the cell states the row's
                # measure, whatever the cells between hold (a current value).
                inside = matches[max(0, last - 1):last]
                if not inside or has_hit(piece_start, p.start()):
                    continue
                piece_start = s.rfind("\t", 0, inside[0].start) + 1
            else:
                inside = matches[bisect.bisect_left(starts, piece_start):last]
                if not inside or has_hit(piece_start, p.start()):
                    continue
                if p.group(0).endswith("清零") and p.start() - inside[-1].end > CLEARED_GAP:
                    continue
            for code, phrase, qa in resolve_conjuncts(ctx.letter.dic, s, piece_start, inside[-1].end):
                if code:
                    emit(qa, p.end(), code, phrase, comparator, p.start())
    return out


def _number_between(hits: list[NumberHit], hit_starts: list[int], a: int, b: int) -> bool:
    """A number starts before ``b`` and ends after ``a`` (hits ascend and do not overlap)."""
    k = bisect.bisect_left(hit_starts, b) - 1
    return k >= 0 and hits[k].end > a
