"""When a statement is for: the year in force at a point of a clause, and deadlines.

The document's year holds unless the clause names another: 到2025年 (二〇二五年, 十四五末, “十三五”期间) sets
the year for what follows it, to the end of the paragraph; a base year (较2020年, 与2020年相比,
2020年基础上) does not, and a deadline's or a date's year (2027年底前, 2025年1月16日) holds for its own
clause only. A deadline (9月底前, 2022年6月前) becomes "YYYY-MM". A :class:`ClauseYears` finds a clause's
marks once and each number looks them up by bisection, so a long clause costs time in proportion
to its length.
"""

from __future__ import annotations

import bisect
import re

_YEAR_MARK = re.compile(r"((?:19|20)\d\d)\s?年|(十三五|十四五|十五五)”?(?:末|期间|时期)|([二〇零一三四五六七八九]{4})年")
"""到2025年, 二〇二五年, and a plan period's end or span (十四五末, “十三五”期间: the plan's last year)."""
_PLAN_YEAR = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
_DEADLINE = re.compile(r"(?:((?:19|20)\d\d)\s?年)?(\d{1,2})\s?月(?:底|末|份|\d{1,2}日)?(?:之?前|以前)")
_BASE_YEAR_BEFORE = frozenset("较比与")
"""较2020年下降18%, 与2020年相比, 在2010年的基数上: a base year, not the year the statement is for."""
_BASE_YEAR_AFTER = re.compile(r"\s?的?(基础|基准|基数|相比|同期|水平)|[^,，;；:：。]{0,8}?以来")
"""…, and 2013年以来, 2013年有监测记录以来: a time since which something holds, not the year a statement is for."""
_DEADLINE_AFTER = re.compile(r"\s?(?:底|末)?\s?(?:之?前|以前)|\s?\d{1,2}\s?月")
"""2027年底前, 2024年6月底前, 2025年1月16日: a deadline or a date, whose year holds for its own clause only."""


class ClauseYears:
    """The year and deadline marks of one clause, found on first use and kept with the clause.

    Each number's lookup is then a bisection, not a scan from the clause start, and nothing is
    kept beyond the clause (no module state): build one per clause.
    """

    __slots__ = ("_deadline_marks", "_year_marks", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._year_marks: tuple[list[int], list[int | None], list[bool]] | None = None
        self._deadline_marks: tuple[list[int], list[tuple[int | None, int]]] | None = None

    @property
    def _years(self) -> tuple[list[int], list[int | None], list[bool]]:
        if self._year_marks is None:
            self._year_marks = _find_year_marks(self.text)
        return self._year_marks

    @property
    def _deadlines(self) -> tuple[list[int], list[tuple[int | None, int]]]:
        if self._deadline_marks is None:
            self._deadline_marks = _find_deadline_marks(self.text)
        return self._deadline_marks

    def year_at(self, pos: int, default: int | None) -> int | None:
        """The year in force at ``pos``: the last year mark before it in the clause, else ``default``."""
        ends, years, _ = self._years
        i = bisect.bisect_right(ends, pos)
        year = years[i - 1] if i else None
        return default if year is None else year

    def year_after(self, default: int | None) -> int | None:
        """The year in force after the clause, for the rest of its paragraph: the clause's last year mark
        that is not a deadline's or a date's (2027年底前 binds its own sentence only), else ``default``."""
        _, years, lasting = self._years
        for year, lasts in zip(reversed(years), reversed(lasting)):
            if lasts and year is not None:
                return year
        return default

    def deadline_at(self, pos: int, year: int | None) -> str | None:
        """The last deadline (9月底前, 2022年6月前) before ``pos`` in the clause, as "YYYY-MM"."""
        ends, marks = self._deadlines
        for i in range(bisect.bisect_right(ends, pos) - 1, -1, -1):
            y = marks[i][0] or year
            if y is not None:
                return f"{y}-{marks[i][1]:02d}"
        return None


def _find_year_marks(text: str) -> tuple[list[int], list[int | None], list[bool]]:
    """End offsets and years of the clause's year marks (base years aside), in order, and whether each
    holds beyond the clause (not a deadline's). A mark inside brackets holds to the closing bracket only:
    there a mark of the year in force before the bracket follows (None: the clause's default)."""
    marks: list[tuple[int, int | None, bool]] = []
    outside: int | None = None
    """The last year marked outside brackets."""
    for m in _YEAR_MARK.finditer(text):
        if m.start() and text[m.start() - 1] in _BASE_YEAR_BEFORE or _BASE_YEAR_AFTER.match(text, m.end()):
            continue
        if m.group(1):
            year = int(m.group(1))
        elif m.group(3):
            year = int(m.group(3).translate(str.maketrans("〇零一二三四五六七八九", "00123456789")))
        else:
            year = _PLAN_YEAR[m.group(2)]
        close = _aside_end(text, m.start(), m.end())
        if close is None:
            marks.append((m.end(), year, not _DEADLINE_AFTER.match(text, m.end())))
            outside = year
        else:
            marks += [(m.end(), year, False), (close, outside, False)]
    marks.sort(key=lambda k: k[0])
    return [k[0] for k in marks], [k[1] for k in marks], [k[2] for k in marks]


_OPEN, _CLOSE = "(（", ")）"
_DIGIT = re.compile(r"\d")
ASIDE_REACH = 30
"""How far around a year mark its brackets are looked for ((2015年有效监测360天), （2019年为85%）)."""


def _aside_end(text: str, start: int, end: int) -> int | None:
    """Where the brackets around ``text[start:end]`` close, when the mark is inside brackets and a number
    follows it there (an aside on another year: 达标280天(2015年为227天)), else None; a bracket holding only a
    year (PM2.5浓度（2025年）) says what year the value after it is for. Only a short reach is searched."""
    before = text[max(0, start - ASIDE_REACH):start]
    opened = max(before.rfind(c) for c in _OPEN)
    if opened < 0 or any(c in before[opened:] for c in _CLOSE):
        return None
    after = text[end:end + ASIDE_REACH]
    closes = [i for i in (after.find(c) for c in _CLOSE) if i >= 0]
    if not closes or not _DIGIT.search(after, 0, min(closes)):
        return None
    return end + min(closes) + 1



def _find_deadline_marks(text: str) -> tuple[list[int], list[tuple[int | None, int]]]:
    """End offsets and (year as written or None, month) of the clause's deadlines, in order."""
    ends: list[int] = []
    marks: list[tuple[int | None, int]] = []
    for m in _DEADLINE.finditer(text):
        if 1 <= int(m.group(2)) <= 12:
            ends.append(m.end())
            marks.append((int(m.group(1)) if m.group(1) else None, int(m.group(2))))
    return ends, marks
