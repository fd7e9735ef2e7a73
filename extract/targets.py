"""Numeric (and named qualitative) target statements of a document, one row per statement.

How such documents state a target: a measure's name, a comparator word, a number with its unit
and sometimes a closing word (以上, 以下, 左右). Lists share the comparator and unit (PM2.5、PM10
浓度分别不高于15、29微克/立方米). The extractor therefore finds numbers first (one compiled
alternation, :mod:`extract.numbers`), then reads the words just before and after each number:
the nearest dictionary name before it (:mod:`extract.indicators`), the last comparator word
between the two, and the closing word. Statements without a number are read from a short list
of fixed phrases: 无/不得出现/不发生/消除 X, X动态清零 (zero), X无新增 (no_increase), and, in a section of
targets only, X持续得到控制 / 达到年度考核要求 (qualitative).

Chinese legal usage is followed: 以上/以下/以内 include the number. A number followed by 以下
and a noun (40蒸吨/小时以下燃煤锅炉, 千人以下水源地) bounds what a rule covers: kind ``scope``.

A number whose own words name a measure the dictionary does not know (河湖岸线修复长度达到35公里)
gives a row with no code and those words as its phrase; it never takes the code of a measure named
earlier in the sentence. Only a number with no words of its own (…，同比下降3%) continues the
measure before it.

Limits: a measure named only in an earlier sentence is not carried over; a qualitative
statement needs a named measure from the dictionary.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from extract.indicators import Dictionary, Match, load_dictionary, make_key
from extract.normalize import fold
from extract.numbers import COUNT_UNITS, UNITS, NumberHit, find_numbers
from extract.phrases import own_phrase, table_phrase, trim_phrase
from extract.records import Clause, Document, Target, Task
from extract.statements import (
    Group,
    comparator_before,
    group_hits,
    resolve_conjuncts,
    suffix_after,
)
from extract.years import deadline_at, year_after, year_at

TARGET_SECTION = re.compile(r"(目标|指标)[)）]?$")
"""A heading ending in 目标/指标 opens a section of targets (一、生态环境质量目标和考核指标)."""

# Fixed phrases of statements without a number (comment: meaning).
ZERO_BEFORE = re.compile(r"不得出现|不出现|不发生|未发生|杜绝|消除|无(?!新增|明显)|零")
"""Words before a measure that state it must be (or was) zero: 无劣Ⅴ类水体断面, 不发生…事件."""
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
_LABEL_CLOSE = ".．、)）"
_LEAD = re.compile(r"[ \t●·(（]*")
"""What may stand before an item label at the start of a clause."""
_LIST_BREAK = re.compile(r"[,，;；:：。!?！？\t、]")
_TABLE_YEAR = re.compile(r"((?:19|20)\d\d)\s?年")
_OUTCOME_COLUMN = re.compile(r"完成值|完成情况|实际值|实际完成|现状值|基准值|基期值")
"""A table column headed 2023年完成值 / 现状值 holds reported outcomes (kind actual), not targets."""
_LAST_YEAR_VALUE = re.compile(r"(上年|去年|上一年)度?(的|为)?\s?$")
"""由上年的83.3%提升至91.7%: the number right after 上年(的) is last year's value."""
_NAMED_GOVERNMENT = re.compile(
    r"^(?:[(（][一二三四五六七八九十]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)?\s?"
    r"([\u4e00-\u9fff]城市|[\u4e00-\u9fff]{2,8}?(?<!园|景|社|片|辖|矿|库|城)(?:市|州|县|区|旗|盟|管委会))"
    r"(?:人民政府|政府)?\s?[。.:：]?$"
)
"""A notice's heading （一）岷江市。: the statements under it report that government's outcomes. A name
ending in 城 (城区, 主城区) is no government, but a two-character one before 市 is (白城市, 晋城市)."""
_OUTCOME_REPORT = re.compile(r"公报|新闻(发布)?稿|通稿|发布会|(环境|质量)状况")
"""A document of no target kind titled like a report of outcomes (2024年生态环境质量状况新闻发布稿, 环境状况公报):
like an assessment notice, it reports values (actual) and its headings naming governments bind them."""
_PER_PERIOD = re.compile(r"每(季度|半年|年|月)[^,，;；。]{0,8}$")
_PER_VOLUME = re.compile(r"每立方米$")
_APPROX_BEFORE = re.compile(r"(约|大约|近)\s?(为|达到?|占)?\s?$")
"""约41%, 约为41%, 约达41%: an approximate value."""
_COUNT_VERB = re.compile(r"(至少|建成|新建|增创|新增|完成|召开|开展|创建|建设|达到|达|实现)\s?$")
_COUNT_DONE = re.compile(r"[^,，;；。:：、]{0,14}?(全部|全面|均)?(如期|按期)?(完成|启动|达到|建成)")
"""151台超标燃煤锅炉全部完成达标整治: a count whose noun is reported done states a value."""
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]")
_HAN = _NOUN_AFTER
_COUNTED_NOUN = re.compile(r"[“‘\"]?[\u4e00-\u9fff]")
"""35家“散乱污”企业: the counted noun may open with a quotation mark."""

# Units -> what they measure (comment: meaning). A dictionary measure whose usual unit measures
# something else is not the measure of a number (燃煤锅炉 is a boiler size; 燃煤锅炉18台 a count).
UNIT_DIMENSIONS: dict[str, str] = {
    "μg/m³": "concentration", "mg/m³": "concentration", "微克": "concentration", "mg/L": "concentration",
    "天": "days",
    "万吨": "mass", "吨": "mass",  # emissions and their reductions
    "万吨/日": "capacity", "万吨/年": "capacity", "吨/年": "capacity",
    "万亩": "area", "亩": "area", "km²": "area", "公顷": "area", "万m²": "area", "m²": "area",
    "km": "length",
    "蒸吨/小时": "boiler size",
    "万元": "money", "亿元": "money",
    "人": "people", "万人": "people",
    "个": "count", "项": "count", "件": "count", "次": "count", "处": "count", "座": "count",
    "家": "count", "台": "count", "万个": "count",  # counted things (and 次/季度 rates of them)
}
"""% and 百分点 fit any measure: a share or a relative change can be stated of anything."""


def _inside_name(matches: list[Match], starts: list[int], h: NumberHit) -> bool:
    """The number is part of a dictionary name (农村千吨万人水源地水质达标率)."""
    k = bisect.bisect_right(starts, h.start) - 1
    return k >= 0 and h.end <= matches[k].end


def _unit_dimension(unit: str | None) -> str | None:
    if unit is None:
        return None
    return UNIT_DIMENSIONS.get(unit) or UNIT_DIMENSIONS.get(unit.split("/")[0])


def _is_value(s: str, hit: NumberHit, group: Group, subject_after: bool) -> bool:
    """Whether a number states a value (not a counted noun, not a bare number in passing)."""
    after = s[hit.end:hit.end + 2]
    if hit.unit is None:
        return comparator_before(s, group.start, 0) is not None and (not after or not _NOUN_AFTER.match(after) or
                                                                      after.startswith(("以", "及", "左")))
    if hit.unit in COUNT_UNITS and after and _NOUN_AFTER.match(after) and not after.startswith(("以", "及", "左")):
        # "24个项目启动": a count of a noun; a value only after a verb (建成1个设施) or before a measure.
        return subject_after or bool(_COUNT_VERB.search(s, max(0, hit.start - 4), hit.start)) or \
            bool(_COUNT_DONE.match(s, hit.end))
    return True


def _units_from_cells(s: str, hits: list[NumberHit]) -> list[NumberHit]:
    """A table's unit column (优良天数比例 | % | 82 | ≥88): a bare number takes the unit of the nearest
    cell before it that is a unit, across cells of other values but not across the row's name."""
    out = []
    for h in hits:
        if h.unit is None:
            cells = s[:h.start].split("\t")[:-1]
            for cell in reversed(cells):
                cell = cell.strip()
                unit = UNITS.get(cell)
                if unit:
                    h = replace(h, unit=unit)
                    break
                if _HAN.search(cell):
                    break
        out.append(h)
    return out


def _is_label(s: str, h: NumberHit) -> bool:
    """An item label (1. 2、 (3)) or a table's row number: a number that states nothing."""
    lead = _LEAD.match(s)  # always matches (possibly empty)
    return h.unit is None and lead is not None and h.start <= lead.end() and s[h.end:h.end + 1] in _LABEL_CLOSE + "\t"


class _Reader:
    """Reads one document's clauses; holds the folded text and the dictionary."""

    def __init__(self, doc: Document, tasks: Sequence[Task], folded: str | None = None) -> None:
        self.doc = doc
        self.folded = fold(doc.text) if folded is None else folded
        self.dic: Dictionary = load_dictionary()
        self.task_nos = {t.task_no for t in tasks}
        self.reports = doc.doc_kind == "assessment" or (doc.doc_kind == "other" and bool(_OUTCOME_REPORT.search(fold(doc.title))))
        """The document reports outcomes: an assessment notice, a press release or bulletin on the year's state."""
        self.default_kind = "actual" if self.reports else "target"
        self.rows: list[Target] = []
        self.table_years: dict[int, int] = {}
        self.table_outcomes: set[int] = set()
        """Columns of the current table that hold reported outcomes (2023年完成值)."""
        self.entity = doc.entity
        """The government in force: a notice's heading （一）岷江市。 binds the statements under it."""
        self.paragraph = -1
        self.year = doc.year
        """The year in force: 到2025年 holds to the end of its paragraph."""

    def add(self, c: Clause, s: str, a: int, b: int, code: str | None, text: str, comparator: str,
            value: float | None, value_text: str | None, unit: str | None, kind: str, approx: bool,
            year: int | None, deadline: str | None) -> None:
        start, end = c.span_start + a, c.span_start + b
        task_no = int(c.item) if c.item.isdigit() and int(c.item) in self.task_nos else None
        self.rows.append(Target(
            doc_id=self.doc.doc_id, entity=self.entity, year=year, indicator=code,
            indicator_text=text, comparator=comparator, value=value,  # type: ignore[arg-type]
            value_text=value_text, unit=unit, kind=kind, approx=approx,  # type: ignore[arg-type]
            deadline=deadline, clause_id=c.clause_id, span_start=start, span_end=end,
            page=self.doc.page_at(start), quote=self.doc.text[start:end], task_no=task_no,
        ))

    def clause(self, c: Clause, in_targets: bool) -> None:
        s = self.folded[c.span_start:c.span_end]
        hits = find_numbers(s)
        if c.kind == "table_row":
            self._table_header(s, hits)
            hits = _units_from_cells(s, hits)
        matches: list[Match] | None = None
        if hits:
            matches = self.dic.find(make_key(s))
            # 农村千吨万人水源地水质达标率: a number inside a measure's name is part of the name.
            starts = [m.start for m in matches]  # names do not overlap: starts and ends both ascend
            hits = [h for h in hits if not _inside_name(matches, starts, h)]
        if hits:
            self._numbers(c, s, hits, matches or [])
        self._words(c, s, [h for h in hits if not _is_label(s, h)], in_targets, matches)
        if "年" in s or "五" in s:
            self.year = year_after(s, self.year)

    def _table_header(self, s: str, hits: list[NumberHit]) -> None:
        if hits or not (_TABLE_YEAR.search(s) or _OUTCOME_COLUMN.search(s)):
            return
        self.table_years = {}
        self.table_outcomes = set()
        for col, cell in enumerate(s.split("\t")):
            m = _TABLE_YEAR.search(cell)
            if m:
                self.table_years[col] = int(m.group(1))
            if _OUTCOME_COLUMN.search(cell):
                self.table_outcomes.add(col)

    def _kind(self, c: Clause, s: str, pos: int, year: int | None) -> str:
        """target or actual before change words: a notice reports its own year, a table's outcome column
        reports; a notice's statement for a later year (2024年…不低于89%) is a requirement."""
        if c.kind == "table_row" and s.count("\t", 0, pos) in self.table_outcomes:
            return "actual"
        if self.default_kind == "actual" and year is not None and self.doc.year is not None and year > self.doc.year:
            return "target"
        return self.default_kind

    def _year(self, c: Clause, s: str, pos: int) -> int | None:
        if c.kind == "table_row" and self.table_years:
            col = s.count("\t", 0, pos)
            return self.table_years.get(col, next(iter(self.table_years.values())))
        return year_at(s, pos, self.year)

    def _numbers(self, c: Clause, s: str, hits: list[NumberHit], matches: list[Match]) -> None:
        starts = [m.start for m in matches]  # names do not overlap: starts and ends both ascend
        ends = [m.end for m in matches]
        prev_end = 0
        carried: list[tuple[str | None, str]] = []
        """(code, phrase) of the last group's values: a further number with no words of its own is the last
        one's measure (…，同比下降3%), or with 均 every one's (PM2.5、PM10浓度分别为21、48微克/立方米，均同比下降2微克/立方米)."""
        for g in group_hits(s, hits):
            first, last = g.hits[0], g.hits[-1]
            sfx = suffix_after(s, g.end)
            # "6项污染物指标达到…": a count right before a measure's name is that measure's value.
            j = bisect.bisect_left(starts, sfx.end)
            subject_after = any(0 <= m.start - sfx.end <= 1 and not _BOUNDARY.search(s, sfx.end, m.start)
                                for m in matches[j:j + 2])
            if not _is_value(s, first, g, subject_after):
                prev_end = g.end
                while prev_end < len(s) and s[prev_end] in _LABEL_CLOSE:  # 1. 2、 (3) item labels
                    prev_end += 1
                continue
            units = [h.unit for h in g.hits]
            for i in range(len(units) - 2, -1, -1):  # 15、29微克/立方米: the list shares the last unit
                units[i] = units[i] or units[i + 1]
            per = _PER_PERIOD.search(s, max(0, first.start - 12), first.start)
            if per and units[-1] in COUNT_UNITS:
                units = [f"{u}/{per.group(1)}" if u else u for u in units]
            if _PER_VOLUME.search(s, max(0, first.start - 4), first.start) and units[-1] == "微克":
                units = ["μg/m³"] * len(units)
            year = self._year(c, s, first.start)
            deadline = deadline_at(s, first.start, year)
            if year is not None and _LAST_YEAR_VALUE.search(s, max(0, first.start - 8), first.start):
                year -= 1
            before = matches[bisect.bisect_left(starts, prev_end):bisect.bisect_right(ends, first.start)]
            after: list[Match] = []  # names after the number up to the next break
            for k in range(bisect.bisect_left(starts, sfx.end), len(matches)):
                if _BOUNDARY.search(s, sfx.end, matches[k].start):
                    break
                after.append(matches[k])
            if sfx.scope:
                m = after[0] if after else None
                phrase = m.name if m else re.split(r"[,，;；。的]", s[sfx.end:])[0][:16]
                self.add(c, s, first.start, (m.end if m else sfx.end), m.code if m else None, phrase,
                         sfx.comparator or "<=", first.value, first.text, units[0], "scope", False, year, deadline)
                prev_end = g.end
                continue
            subj_start = before[-1].end if before else prev_end
            comp, change, comp_at = comparator_before(s, first.start, subj_start) or (None, False, first.start)
            kind = "change" if change or units[-1] in ("百分点", "位次") else self._kind(c, s, first.start, year)
            comparator = sfx.comparator or comp or ("<=" if "控制" in s[subj_start:first.start] else "==")
            if comparator == ">=" and sfx.comparator is None and kind == "actual":
                comparator = "=="  # a notice's 达到93.4% reports a value, it sets no floor
            if sfx.comparator is None and kind == "change":
                comparator = "=="
            if first.more_than:
                comparator = ">"
            if first.bound:  # 控制在22—25微克/立方米, 稳定在88%至90%之间: the ends are a floor and a ceiling
                comparator = ">=" if first.bound == "low" else "<="
            approx = sfx.approx or first.more_than or bool(_APPROX_BEFORE.search(s, max(0, first.start - 6), first.start))
            counted = first.unit in COUNT_UNITS and bool(_COUNTED_NOUN.match(s, sfx.end)) and \
                not s.startswith("以", sfx.end)
            if counted:
                before = []  # "151台超标燃煤锅炉…": the counted noun names the measure
            codes = self._codes(s, g, before, after, carried, prev_end, comp_at, sfx.end if counted else None)
            if c.kind == "table_row":
                codes = [self._cell_named(s, g.start, code, phrase, qa) for code, phrase, qa in codes]
            hits_ = list(g.hits) if len(codes) == len(g.hits) else [first] * len(codes)
            units_ = units if len(codes) == len(g.hits) else [units[0]] * len(codes)
            group_rows: list[tuple[str | None, str]] = []
            for h, unit, (code, phrase, qa) in zip(hits_, units_, codes):
                qa = min(qa, first.start)
                end = h.end if h is not last else sfx.end
                if after and code == after[0].code and not before and after[0].start - sfx.end <= 12:
                    end = max(end, after[0].end)
                elif counted and code is None and s.startswith(phrase, sfx.end):
                    end = max(end, sfx.end + len(phrase))
                if code and not self._fits(code, unit):
                    code = None
                self.add(c, s, qa, end, code, phrase, comparator, h.value, h.text, unit, kind, approx, year, deadline)
                group_rows.append((code, phrase))
            carried = group_rows
            prev_end = sfx.end

    @staticmethod
    def _cell_named(s: str, pos: int, code: str | None, phrase: str, qa: int) -> tuple[str | None, str, int]:
        """A table value whose own cell names nothing takes its phrase (and quote start) from the row's name cell."""
        if _HAN.search(phrase):
            return code, phrase, qa
        cell = table_phrase(s, pos)
        return (code, cell, s.rfind(cell, 0, pos)) if cell else (code, phrase, qa)

    def _fits(self, code: str, unit: str | None) -> bool:
        """Whether a number in ``unit`` can be a value of the measure ``code`` (see UNIT_DIMENSIONS)."""
        mine = _unit_dimension(unit)
        usual = _unit_dimension(self.dic.by_code[code].unit)
        return mine is None or usual is None or mine == usual

    def _codes(self, s: str, g: Group, before: list[Match], after: list[Match],
               carried: list[tuple[str | None, str]], prev_end: int, comp_at: int,
               counted_end: int | None) -> list[tuple[str | None, str, int]]:
        """(code, phrase, quote start) for each value of a group.

        The measure is the dictionary name before the number, else one right after it, else the
        number's own words (a measure not in the dictionary: no code). Only a number with no words
        of its own (…，同比下降3%) takes the code of the value before it.
        """
        n = len(g.hits)
        piece_start = max((b.end() for b in _BOUNDARY.finditer(s, prev_end, g.start)), default=prev_end)
        own = own_phrase(s, piece_start, comp_at) if not before or piece_start > before[-1].end else ""
        if before and own:
            before = []  # 森林覆盖率…，新增绿地面积约150公顷: a new phrase after the break names its own measure
        if before:
            m = before[-1]
            piece_start = max((b.end() for b in _BOUNDARY.finditer(s, prev_end, m.start)), default=prev_end)
            piece_start = max(piece_start, max((b.end for b in before if b.end <= m.start and
                                                _BOUNDARY.search(s, b.end, m.start)), default=0))
            if n > 1 or g.each:
                resolved = resolve_conjuncts(self.dic, s, piece_start, m.end)
                if (n == 1 and len(resolved) > 1) or (n > 1 and len(resolved) == n):
                    return [(code, trim_phrase(phrase) or phrase, qa) for code, phrase, qa in resolved]
            phrase = s[piece_start:max(comp_at, m.end)]
            tab = phrase.find("\t", m.end - piece_start)
            phrase = trim_phrase(phrase[:tab] if tab >= 0 else phrase) or m.name
            return [(m.code, phrase, piece_start)] * n
        if after and after[0].start - g.end <= 12:
            m = after[0]
            return [(m.code, m.name, piece_start)] * n
        if counted_end is not None:  # 建成3座加油站油气回收设施: the counted noun is the measure
            stop = _LIST_BREAK.search(s, counted_end)
            phrase = trim_phrase(s[counted_end:stop.start() if stop else len(s)])
            return [(None, phrase or s[counted_end:counted_end + 12], piece_start)] * n
        if own:
            if n > 1 or g.each:
                resolved = resolve_conjuncts(self.dic, s, piece_start, comp_at)
                if len(resolved) == n:
                    return [(code, trim_phrase(phrase), qa) for code, phrase, qa in resolved]
            return [(None, own, piece_start)] * n
        if carried:
            if g.each and n == 1 and len(carried) > 1:  # …分别为21、48微克/立方米，均同比下降2微克/立方米
                return [(code, phrase, g.start) for code, phrase in carried]
            return [(carried[-1][0], carried[-1][1], g.start)] * n
        phrase = trim_phrase(s[piece_start:comp_at]) or s[g.end:g.end + 12].split("\t")[0]  # not the next cell
        return [(None, phrase, piece_start)] * n

    def _words(self, c: Clause, s: str, hits: list[NumberHit], in_targets: bool,
               matches: list[Match] | None) -> None:
        """Zero, no-increase and qualitative statements: fixed phrases around dictionary names."""
        if not (ZERO_BEFORE.search(s) or ZERO_AFTER.search(s) or NO_INCREASE_AFTER.search(s) or
                (in_targets and QUALITATIVE.search(s))):
            return
        if matches is None:
            matches = self.dic.find(make_key(s))
        if not matches:
            return
        taken: set[tuple[int, int]] = set()  # spans this clause's numbers already gave (rows are in clause order)
        for r in reversed(self.rows):
            if r.clause_id != c.clause_id or r.doc_id != c.doc_id:
                break
            taken.add((r.span_start, r.span_end))
        base = c.span_start

        def emit(a: int, b: int, code: str, phrase: str, comparator: str, pos: int) -> None:
            if (base + a, base + b) not in taken:
                year = self._year(c, s, pos)
                self.add(c, s, a, b, code, phrase, comparator, None, None, None, self._kind(c, s, pos, year), False,
                         year, deadline_at(s, pos, year))
                taken.add((base + a, base + b))

        # Names, numbers and breaks are each in text order without overlaps, so every lookup below is
        # a bisection: the cost stays linear in a long clause.
        starts = [m.start for m in matches]
        ends = [m.end for m in matches]
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
            if needs_section and not in_targets:
                continue
            for p in pattern.finditer(s):
                i = bisect.bisect_right(breaks, p.start()) - 1
                piece_start = breaks[i] if i >= 0 else 0
                last = bisect.bisect_right(ends, p.start())  # names ending before the phrase
                if c.kind == "table_row":
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
                for code, phrase, qa in resolve_conjuncts(self.dic, s, piece_start, inside[-1].end):
                    if code:
                        emit(qa, p.end(), code, phrase, comparator, p.start())


def _number_between(hits: list[NumberHit], hit_starts: list[int], a: int, b: int) -> bool:
    """A number starts before ``b`` and ends after ``a`` (hits ascend and do not overlap)."""
    k = bisect.bisect_left(hit_starts, b) - 1
    return k >= 0 and hits[k].end > a


def _government_heading(section_path: str) -> str | None:
    """The government the innermost heading naming one binds (（一）岷江市。), else None."""
    for part in reversed(section_path.split(" / ")):
        m = _NAMED_GOVERNMENT.match(fold(part).strip())
        if m:
            return m.group(1)
    return None


def extract_targets(doc: Document, clauses: Sequence[Clause], tasks: Sequence[Task],
                    folded: str | None = None) -> list[Target]:
    """Every target statement of ``doc``, in text order; quotes are exact slices of ``doc.text``.

    ``folded`` is ``fold(doc.text)`` when the caller has it already.
    """
    reader = _Reader(doc, tasks, folded)
    sections: dict[str, bool] = {}
    governments: dict[str, str | None] = {}
    for c in clauses:
        if c.kind == "title":
            continue
        in_targets = sections.get(c.section_path)
        if in_targets is None:
            in_targets = sections[c.section_path] = any(
                TARGET_SECTION.search(fold(part)) for part in c.section_path.split(" / ") if part)
        if c.paragraph != reader.paragraph:
            reader.paragraph, reader.year = c.paragraph, doc.year
        if reader.reports:
            if c.section_path not in governments:
                governments[c.section_path] = _government_heading(c.section_path)
            reader.entity = governments[c.section_path] or doc.entity
        reader.clause(c, in_targets)
    return sorted(reader.rows, key=lambda t: (t.span_start, t.span_end))
