"""What the target finder knows when it reads one clause, and what it finds there.

The finder (:func:`extract.targets.extract_targets`) walks a document's clauses in order and
carries three things from clause to clause: the year in force (到2025年 holds to the end of its
paragraph), the government in force (a notice's heading （一）岷江市。 binds what follows) and the
current table's header (which columns are years, which hold reported outcomes). For each clause
it freezes them into a :class:`ClauseContext`; the steps that read the clause
(:mod:`extract.target_values`, :mod:`extract.target_words`) are pure functions of that context
and return :class:`Statement` records, which the finder turns into ``Target`` rows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from extract.normalize import fold
from extract.numbers import NumberHit
from extract.records import Clause, Document
from extract.vocabulary.indicators import Dictionary, Match, make_key
from extract.years import UNMARKED, ClauseYears

_BOUNDARY = re.compile(r"[,，;；:：。!?！？\t]")
"""Breaks between the pieces of a clause: a name across one does not name the number after it."""
_TABLE_YEAR = re.compile(r"((?:19|20)\d\d)\s?年")
_OUTCOME_COLUMN = re.compile(r"完成值|完成情况|实际值|实际完成|现状值|基准值|基期值")
"""A table column headed 2023年完成值 / 现状值 holds reported outcomes (kind actual), not targets."""


_LAST_YEAR = re.compile(r"(?<![较比与由同])(?:去年|上年|上一年)(?![的同度])")
"""去年优良天数达到235天: the statement is for the year before the document's (not 较上年, a base, nor
由上年的83.3%, last year's value beside this year's)."""
_THIS_YEAR = re.compile(r"今年|本年度")
_NEXT_YEAR = re.compile(r"明年|来年|下一年度?")
_TIME_WORD = re.compile(rf"({_LAST_YEAR.pattern})|({_THIS_YEAR.pattern})|({_NEXT_YEAR.pattern})")
"""去年, 今年, 明年: the year before the document's, its own, the one after; the last one before a statement holds
(去年…为85%，今年力争88%，明年…)."""
_PAST_WORDS = re.compile(
    r"(?<![较比与由同])(?:去年|上年|上一年)(?![的同度])|截至|截止|\d{1,2}\s?月份|(?:今年|\d{4}年)\d{1,2}\s?月[,，]"
    r"|\d{1,2}\s?月?\s?[-—~至到]\s?\d{1,2}\s?月|前\d{1,2}个?月|以来|已经?(?:超|达到?|完成|实现|建成)"
    r"|(?<!每)(?:上半年|前三季度|第?[一二三四1-4]季度)(?![前末底])"
)
"""Words that make a page's statement an outcome: last year, as of a date (截至12月21日), or a span of
months or quarters that has passed (今年8月，…; 1-8月; 1月到8月; 前10个月; 上半年, 一季度), since when (2013年以来), or
done already (已超51%)."""
_TARGET_WORDS = re.compile(r"确保|力争|争取|要达|预期|不低于|不高于|不超过|控制在|力求|目标值?[为是:：]|下达的?\s?[“‘\"]|(?<![降升高加少增长])到\s?(?:19|20)\d\d\s?年(?![底末的])")
"""Words that make a reporting document's statement a target (今年…要达83%左右, 力争…, 完成省下达的“…”指标, 到2017年…: a year
aimed at, even one before the page's own; not 到2020年底, the date a count is made at, nor 下降到2020年的35, a level)."""
_SPAN_FROM = re.compile(r"(?:从|自)\s?(?:19|20)\d\d\s?年")
SPAN_REACH = 24
"""从2021年7月碳市场开放到2022年12月底: 到 a year after 从 a year closes a period reported on, not a year aimed at."""
_AIMED = re.compile(r"(?<![主重必需只])要(?![求素])|将(?!近|[^,，;；。]{0,20}?(?:作为|纳入|列为|列入|视为))|计划|下一步|今后|预计")
"""Words of what is still to come (今年将…, 下一步…, 预计…): on a page that reports, the rest of the sentence is aimed at
(not 将…作为…, 将…纳入…, where 将 only fronts an object, nor 将近, nearly)."""
_AIMS_HEADING = re.compile(r"目标[)）]?[。.:：]?$")
_TO_COME = re.compile(r"将|要|计划|目标|到\s?20\d\d|下一步|今后")
"""Words of what is to come: a sentence holding one does not continue a report of what was reached."""
TOLD_KINDS = frozenset({"bulletin", "press_release", "notice", "news", "assessment", "other"})
"""Kinds of documents that tell what happened as well as what is wanted (not letters, plans or decompositions)."""

_T = TypeVar("_T")


class _lazy(Generic[_T]):
    """A value computed on first use and kept on the instance, even a frozen dataclass's.

    functools.cached_property does the same but, before Python 3.12, takes a lock on every first
    use; a clause context is made for every clause, so that lock showed in the benchmark.
    """

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    def __get__(self, obj: Any, owner: type | None = None) -> _T:
        value = self.compute(obj)
        obj.__dict__[self.name] = value  # found before this (non-data) descriptor from now on
        return value


@dataclass(frozen=True)
class Table:
    """The header of the table being read: which columns name a year, which report outcomes."""

    years: Mapping[int, int] = field(default_factory=dict)
    """Column -> year (| 指标 | 2023年 | 2024年 |)."""
    outcomes: frozenset[int] = frozenset()
    """Columns that hold reported outcomes (2023年完成值)."""

    def after_row(self, s: str, hits: list[NumberHit]) -> Table:
        """The header in force after table row ``s``: a row without numbers that names years or
        outcome columns is a new header; any other row keeps the current one."""
        if hits or not (_TABLE_YEAR.search(s) or _OUTCOME_COLUMN.search(s)):
            return self
        years: dict[int, int] = {}
        outcomes: set[int] = set()
        for col, cell in enumerate(s.split("\t")):
            m = _TABLE_YEAR.search(cell)
            if m:
                years[col] = int(m.group(1))
            if _OUTCOME_COLUMN.search(cell):
                outcomes.add(col)
        return Table(years, frozenset(outcomes))


NO_TABLE = Table()


@dataclass(frozen=True)
class Letter:
    """What holds for every clause of one document."""

    doc: Document
    dic: Dictionary
    task_nos: frozenset[int]
    """Numbers of the decomposition's tasks: a clause under item 14 belongs to task 14."""
    reports: bool
    """The document reports outcomes (an assessment notice, a bulletin): values are kind actual."""
    reports_year: bool = False
    """The title names the year a bulletin reports on (2017年度…状况公报发布): the page, published after that
    year, calls it 去年, so 去年 is the document's year, not the one before."""
    section_aims: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    """Section path -> whether a heading of it names targets (:attr:`ClauseContext.aims`): weighed once
    per section, not once per clause."""


class Names:
    """The dictionary names of a clause, in text order. Names do not overlap, so starts and ends
    both ascend and every lookup is a bisection."""

    __slots__ = ("ends", "matches", "starts")

    def __init__(self, matches: list[Match]) -> None:
        self.matches = matches
        self.starts = [m.start for m in matches]
        self.ends = [m.end for m in matches]

    def nearest_first(self, b: int) -> Iterator[Match]:
        """Names that end by ``b``, the nearest first (no copy: a flattened table is one clause of
        thousands of names)."""
        for k in range(bisect.bisect_right(self.ends, b) - 1, -1, -1):
            yield self.matches[k]

    def contains(self, h: NumberHit) -> bool:
        """The number is part of a name (农村千吨万人水源地水质达标率)."""
        k = bisect.bisect_right(self.starts, h.start) - 1
        return k >= 0 and h.end <= self.matches[k].end

    def ends_at(self, pos: int) -> bool:
        """A name ends right at ``pos`` (环境空气质量综合指数3.58: the number follows the name)."""
        k = bisect.bisect_left(self.ends, pos)
        return k < len(self.ends) and self.ends[k] == pos

    def between(self, a: int, b: int) -> list[Match]:
        """Names that start at or after ``a`` and end by ``b``."""
        return self.matches[bisect.bisect_left(self.starts, a):bisect.bisect_right(self.ends, b)]

    def following(self, s: str, pos: int) -> list[Match]:
        """Names that start at or after ``pos`` up to the next break of ``s``."""
        out: list[Match] = []
        for k in range(bisect.bisect_left(self.starts, pos), len(self.matches)):
            if _BOUNDARY.search(s, pos, self.matches[k].start):
                break
            out.append(self.matches[k])
        return out

    def right_after(self, s: str, pos: int) -> bool:
        """A name starts at ``pos`` or one character on, with no break between
        ("6项污染物指标达到…": the count before a name is that measure's value)."""
        j = bisect.bisect_left(self.starts, pos)
        return any(0 <= m.start - pos <= 1 and not _BOUNDARY.search(s, pos, m.start) for m in self.matches[j:j + 2])


@dataclass(frozen=True, eq=False)
class ClauseContext:
    """One clause with what is in force where it stands. Frozen: the reading steps only look."""

    letter: Letter
    clause: Clause
    text: str
    """The clause's folded text (simplified, half-width); offsets of statements point into it."""
    entity: str | None
    """The government the clause binds."""
    year: int | None
    """The year in force at the clause's start."""
    table: Table
    in_targets: bool
    """The clause sits in a section of targets (a heading ending in 目标/指标)."""
    told_before: bool = False
    """On a page that tells (news, bulletins), an earlier sentence of the paragraph reported (截至12月21日，…。
    同时…分别为…): what follows reports too, unless it names a target or what is to come."""
    kept: tuple[int, ...] | None = None
    """Where each character of ``text`` stands in the clause's folded text, and its end, when scraper pinyin
    was dropped from it (:func:`extract.targets._without_pinyin`); None when ``text`` is the clause's."""

    @property
    def is_row(self) -> bool:
        return self.clause.kind == "table_row"

    @_lazy
    def names(self) -> Names:
        """The clause's dictionary names, found on first use."""
        return Names(self.letter.dic.find(make_key(self.text)))

    @_lazy
    def years(self) -> ClauseYears:
        """The clause's year and deadline marks, found on first use."""
        return ClauseYears(self.text, self.letter.doc.dated_year)

    @_lazy
    def first_ends(self) -> tuple[int, int]:
        """Where the clause's first past word and target word end (past the text's end when there is
        none): a statement at ``pos`` follows one when it ends by ``pos``. Found once per clause, not
        searched again before every statement: a flattened table is one clause of thousands of
        statements, and a search per statement made it quadratic."""
        never = len(self.text) + 1
        past = _PAST_WORDS.search(self.text)
        aim = next((m for m in _TARGET_WORDS.finditer(self.text)
                    if not (m.group(0).startswith("到") and _SPAN_FROM.search(self.text, max(0, m.start() - SPAN_REACH),
                                                                             m.start()))), None)
        return (past.end() if past else never, aim.end() if aim else never)

    def year_at(self, pos: int) -> int | None:
        """The year a statement at ``pos`` is for: its table column's, else the last year mark before it;
        去年 / 上年 earlier in the clause, with no year mark, is the year before the document's; 今年 its own."""
        if self.is_row and self.table.years:
            col = self.text.count("\t", 0, pos)
            return self.table.years.get(col, next(iter(self.table.years.values())))
        marked = self.years.year_at(pos, UNMARKED)
        if marked != UNMARKED:
            return marked  # a year, or none after 2020年以来
        doc = self.letter.doc
        doc_year = doc.dated_year  # a page naming no year of its own: the year it was published
        ends, shifts = self.time_words
        i = bisect.bisect_right(ends, pos)
        if doc_year is None or not i:  # no 去年, 今年 or 明年 before the statement
            return self.year
        shift = shifts[i - 1]
        if shift < 0:
            if _LAST_YEAR.search(fold(doc.title)):  # the page's year is already the one before its publication
                return self.year
            return doc_year if self.letter.reports_year else doc_year - 1
        return doc_year + shift  # 今年…: the document's year, whatever year an earlier sentence named; 明年 the next

    @_lazy
    def time_words(self) -> tuple[list[int], list[int]]:
        """Ends of the clause's 去年, 今年 and 明年, in order, and the year each names against the document's (-1, 0, 1)."""
        ends: list[int] = []
        shifts: list[int] = []
        for m in _TIME_WORD.finditer(self.text):
            ends.append(m.end())
            shifts.append(-1 if m.group(1) else 0 if m.group(2) else 1)
        return ends, shifts

    def kind_at(self, pos: int, year: int | None) -> str:
        """target or actual before change words: a notice reports its own year, a table's outcome column
        reports; a notice's statement for a later year (2024年…不低于89%) is a requirement."""
        if self.is_row and self.text.count("\t", 0, pos) in self.table.outcomes:
            return "actual"
        doc_year = self.letter.doc.dated_year
        if year is not None and doc_year is not None and year > doc_year:
            return "target"
        if self.aims:
            return "target"  # a section of targets (三、2024年工作目标), even on a page that reports
        past_word, target_word = self.first_ends
        aim = min(target_word, self.aimed_end)
        past = past_word <= pos and not past_word < aim <= pos  # 去年…为85%，今年力争88%: aimed at again
        past = past or (self.told_before and target_word > pos and not _TO_COME.search(self.text))
        published = self.letter.doc.published
        now = max(doc_year, int(published[:4])) if doc_year is not None and published else doc_year
        earlier = year is not None and now is not None and year < now and aim > pos
        if self.letter.doc.doc_kind in TOLD_KINDS and (past or earlier):
            return "actual"  # a page's 去年…, 截至12月21日…, 2021年… report what was reached
        if self.letter.reports:
            return "target" if aim <= pos else "actual"
        return "target"

    @_lazy
    def aims(self) -> bool:
        """The clause sits under a heading of targets (三、2024年工作目标): even in a report, its values are aimed at."""
        path, known = self.clause.section_path, self.letter.section_aims
        if path not in known:
            known[path] = any(_AIMS_HEADING.search(fold(part)) for part in path.split(" / ") if part)
        return known[path]

    @_lazy
    def aimed_end(self) -> int:
        """Where the clause's first word of what is to come (将, 下一步) ends (past the text's end when there is none)."""
        m = _AIMED.search(self.text)
        return m.end() if m else len(self.text) + 1


@dataclass(frozen=True)
class Statement:
    """One statement found in a clause, before it becomes a ``Target`` row. Offsets are into the
    clause's folded text, which aligns with its original text character for character."""

    start: int
    end: int
    code: str | None
    """Indicator code, None when the measure is not in the dictionary."""
    phrase: str
    """The clause's own words naming the measure."""
    comparator: str
    value: float | None = None
    value_text: str | None = None
    unit: str | None = None
    kind: str = "target"
    approx: bool = False
    year: int | None = None
    deadline: str | None = None
