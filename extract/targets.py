"""Numeric (and named qualitative) target statements of a document, one row per statement.

How such documents state a target: a measure's name, a comparator word, a number with its unit
and sometimes a closing word (以上, 以下, 左右). Lists share the comparator and unit (PM2.5、PM10
浓度分别不高于15、29微克/立方米). The extractor therefore finds numbers first (one compiled
alternation, :mod:`extract.numbers`), then reads the words just before and after each number:
the nearest dictionary name before it (:mod:`extract.vocabulary.indicators`), the last comparator word
between the two, and the closing word. Statements without a number are read from a short list
of fixed phrases: 无/不得出现/不发生/消除 X, X动态清零 (zero), X无新增 (no_increase), and, in a section of
targets only, X持续得到控制 / 达到年度考核要求 (qualitative).

Chinese legal usage is followed: 以上/以下/以内 include the number. A number followed by 以下
and a noun (40蒸吨/小时以下燃煤锅炉, 千人以下水源地) bounds what a rule covers: kind ``scope``.

A number whose own words name a measure the dictionary does not know (河湖岸线修复长度达到35公里)
gives a row with no code and those words as its phrase; it never takes the code of a measure named
earlier in the sentence. Only a number with no words of its own (…，同比下降3%) continues the
measure before it.

The finder is built of small pure steps: for each clause it freezes what is in force there
(government, year, table header, section) into a :class:`~extract.target_context.ClauseContext`;
:mod:`extract.target_values` reads the numbers and :mod:`extract.target_words` the fixed phrases
of that context, each returning :class:`~extract.target_context.Statement` records, which become
``Target`` rows here.

Limits: a measure named only in an earlier sentence is not carried over; a qualitative
statement needs a named measure from the dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.governments import inside_document
from extract.normalize import fold, squash
from extract.numbers import NumberHit, find_numbers
from extract.records import Clause, Document, Target, Task
from extract.target_context import _PAST_WORDS, NO_TABLE, TOLD_KINDS, ClauseContext, Letter, Statement
from extract.target_values import is_label, units_from_cells, value_statements
from extract.target_words import has_fixed_phrase, word_statements
from extract.vocabulary.indicators import load_dictionary
from extract.years import ClauseYears

TARGET_SECTION = re.compile(r"(目标|指标)[)）]?$")
"""A heading ending in 目标/指标 opens a section of targets (一、生态环境质量目标和考核指标)."""
_NAMED_GOVERNMENT = re.compile(
    r"^(?:[(（][一二三四五六七八九十]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)?\s?"
    r"([\u4e00-\u9fff]城市|[\u4e00-\u9fff]{2,8}?(?<!园|景|社|片|辖|矿|库|城)(?:市|州|县|区|旗|盟|管委会))"
    r"(?:人民政府|政府)?\s?[。.:：]?$"
)
"""A notice's heading （一）岷江市。: the statements under it report that government's outcomes. A name
ending in 城 (城区, 主城区) is no government, but a two-character one before 市 is (白城市, 晋城市)."""
OUTCOME_KINDS = frozenset({"assessment", "bulletin", "press_release", "notice"})
"""Kinds of documents that report outcomes: their values are kind actual unless a statement sets a target."""
_SENTENCE_END = re.compile(r"[。!?;]\s*$")
"""A clause that closes a sentence: the page's body has begun (its head is headlines and bylines)."""
SCRAPER_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}\)")
"""Pinyin with a tone mark in brackets right after a character (區(qū), 達(dá)): a reprint site's gloss, not the
text's words (folded text: brackets are half-width; a unit in brackets, (mg), (t), has no tone mark)."""
_PAST_TITLE = re.compile(r"去年|上年|上一年")
_PERIOD_MONTH = re.compile(r"[\s(（]*(?:\d{1,2}\s?月?\s?[-—~至到]\s?)?(\d{1,2})\s?月份?\s?[,，、:：]")
"""12月份，…; 1-12月，…; 7月，…: the month a report opens on (not a deadline, 9月底前, nor a day, 5月31日)."""
_YEAR_REPORT = re.compile(r"(?:19|20)\d\d\s?年度?[^,，。;；]{0,20}?(?:公报|状况)")
"""2017年度泉州市环境质量状况公报发布: a page on a year's bulletin, published after that year; its 去年 is that year."""
_OUTCOME_REPORT = re.compile(r"公报|新闻(发布)?稿|通稿|发布会|(环境|质量)状况")
"""A document of no target kind titled like a report of outcomes (2024年生态环境质量状况新闻发布稿, 环境状况公报):
like an assessment notice, it reports values (actual) and its headings naming governments bind them."""
_REPORTING = re.compile(
    r"同比|同期|[与比较](?:去年|上年)|(?:下降|上升|增加|减少|提高|提升|改善|降低|增长|好转)了"
    r"|创[^,，。;；]{0,12}?(?:最好|最佳|最高|最低|新高|新低|纪录|记录)|月报|公报|通报|成绩单|排名|排行|获悉|显示|实测|累计|以来"
)
"""How a page reporting outcomes writes its sentences: against last year (同比, 与上年同期相比), what went up or
down (下降了), records (创…最好水平), the report it cites (月报显示), what was measured (实测) or done so far (累计,
2013年以来)."""
_SETTING = re.compile(
    r"到\s?(?:19|20)\d\d\s?年|(?:19|20)\d\d\s?年(?:底|末)?前|确保|力争|争取|要达|要实现|预期|不低于|不高于|不超过"
    r"|控制在|以内|方案|计划|规划|[将要](?!求)|目标"
)
"""How a page setting targets writes them: a deadline (到2020年, 2025年底前), resolve (确保, 力争), bounds (不低于,
控制在), the plan it cites (方案) and what is to come (将, 要)."""
_SENTENCE = re.compile(r"[^。;；\n]+")


def extract_targets(doc: Document, clauses: Sequence[Clause], tasks: Sequence[Task],
                    folded: str | None = None, reports: bool | None = None) -> list[Target]:
    """Every target statement of ``doc``, in text order; quotes are exact slices of ``doc.text``.

    ``folded`` is ``fold(doc.text)`` and ``reports`` is ``reports_outcomes(doc, folded)`` when the caller
    has them already.
    """
    folded = fold(doc.text) if folded is None else folded
    reports = reports_outcomes(doc, folded) if reports is None else reports
    letter = Letter(doc, load_dictionary(), frozenset(t.task_no for t in tasks), reports,
                    reports_year=bool(_YEAR_REPORT.search(fold(doc.title))))
    published_year = doc.dated_year if doc.year is None and doc.published else None
    published_month = int(doc.published[5:7]) if published_year is not None and doc.published else 0
    sections: dict[str, bool] = {}
    governments: dict[str, str | None] = {}
    heading_years: dict[str, int | None] = {}
    paragraph, year, table = -1, doc.dated_year, NO_TABLE
    tells, told = doc.doc_kind in TOLD_KINDS, False
    rows: list[Target] = []
    carry: list[tuple[str | None, str]] = []
    """Measures of the sentence's part before a semicolon, continued by a number with no words of its own."""
    headline = squash(fold(doc.title)) if doc.title else ""
    for c in clauses:
        if c.kind == "title" or c.norm_text == headline:
            continue  # (the headline repeated in the body, as a scraped page often has it, says nothing new)
        in_targets = sections.get(c.section_path)
        if in_targets is None:
            in_targets = sections[c.section_path] = _in_target_section(c.section_path)
        if c.section_path not in heading_years:
            heading_years[c.section_path] = _heading_year(c.section_path)
        if c.paragraph != paragraph:  # 到2025年 holds to the end of its paragraph; 二、2024年工作目标 to its section's end
            paragraph, year, told = c.paragraph, heading_years[c.section_path] or doc.dated_year, False
            carry = []
        if c.section_path not in governments:  # a report's heading binds its government; others' one inside theirs
            governments[c.section_path] = _government_heading(c.section_path, None if letter.reports else doc)
        entity = governments[c.section_path] or doc.entity
        s, kept = _without_pinyin(folded[c.span_start:c.span_end])
        if year is not None and year == published_year and "月" in s:
            year = _year_of_period(s, year, published_month)  # 12月份… on a page published in January
        hits = find_numbers(s)
        if c.kind == "table_row":
            table = table.after_row(s, hits)
        years = None
        phrased = has_fixed_phrase(s, in_targets)
        if not hits or c.kind == "table_row":
            carry = []
        if hits or phrased:  # most clauses state nothing: no context for them
            ctx = ClauseContext(letter, c, s, entity, year, table, in_targets, told, kept)
            rows.extend([_target(ctx, st) for st in clause_statements(ctx, hits, phrased, carry)])
            years = ctx.years
        if not s.rstrip().endswith(";"):  # only the parts of one sentence continue a measure
            carry = []
        if tells and not told:  # 截至12月21日，…: the paragraph reports from here on
            told = bool(_PAST_WORDS.search(s))
        if "年" in s or "五" in s:
            year = (years or ClauseYears(s, doc.dated_year)).year_after(year)
    return _without_headlines(sorted(rows, key=lambda t: (t.span_start, t.span_end)), clauses, folded)


def _without_headlines(rows: list[Target], clauses: Sequence[Clause], folded: str) -> list[Target]:
    """``rows`` less those of the page's head (the lines before its first sentence: headline, sub-headline)
    that a later row states again: a news page's headline repeats its lead (今冬实现PM2.5平均浓度同比下降5%以上)."""
    head_end = next((c.span_start for c in clauses
                     if c.kind != "title" and _SENTENCE_END.search(folded, c.span_start, c.span_end)), 0)
    if not rows or rows[0].span_start >= head_end:
        return rows
    body = {_said(t) for t in rows if t.span_start >= head_end}
    return [t for t in rows if t.span_start >= head_end or _said(t) not in body]


def _said(t: Target) -> tuple[object, ...]:
    return (t.indicator or t.indicator_text, t.comparator, t.value, t.unit, t.kind)


def _year_of_period(s: str, year: int, published_month: int) -> int:
    """The year of a clause on a page dated only by its publication: a report period that opens the
    clause (12月份，…; 1-12月，…) of a month after the publication's is last year's."""
    m = _PERIOD_MONTH.match(s)
    return year - 1 if m and int(m.group(1)) > published_month else year


def clause_statements(ctx: ClauseContext, hits: list[NumberHit], phrased: bool,
                      carry: list[tuple[str | None, str]] | None = None) -> list[Statement]:
    """The statements of one clause: its numbers' (``hits``, from :func:`find_numbers` on its text),
    then, when it ``phrased`` (:func:`has_fixed_phrase`), the fixed phrases' not already given by a number.
    ``carry``: the measures a number with no words of its own continues across a semicolon
    (see :func:`~extract.target_values.value_statements`)."""
    s = ctx.text
    if ctx.is_row:
        hits = units_from_cells(s, hits)
    if hits:
        # 农村千吨万人水源地水质达标率: a number inside a measure's name is part of the name.
        hits = [h for h in hits if not ctx.names.contains(h)]
    valued = value_statements(ctx, hits, carry) if hits else []
    if not phrased:
        return valued
    taken = {(st.start, st.end) for st in valued}
    return valued + word_statements(ctx, [h for h in hits if not is_label(s, h)], taken)


def _target(ctx: ClauseContext, st: Statement) -> Target:
    """The ``Target`` row of a statement: document offsets, page, exact quote and task."""
    c, doc = ctx.clause, ctx.letter.doc
    start, end = c.span_start + st.start, c.span_start + st.end
    if ctx.kept is not None:  # offsets into the clause without its scraper pinyin: back to the text's
        start = c.span_start + ctx.kept[st.start]
        end = c.span_start + (ctx.kept[st.end - 1] + 1 if st.end > st.start else ctx.kept[st.start])
    task_no = int(c.item) if c.item.isdigit() and int(c.item) in ctx.letter.task_nos else None
    own = ctx.entity == doc.entity  # the document's own government is already placed: its code and province
    return Target(
        doc_id=doc.doc_id, entity=ctx.entity, entity_code=doc.entity_code if own else None,
        province=doc.province if own else None, year=st.year, indicator=st.code,
        indicator_text=st.phrase, comparator=st.comparator, value=st.value,  # type: ignore[arg-type]
        value_text=st.value_text, unit=st.unit, kind=st.kind, approx=st.approx,  # type: ignore[arg-type]
        deadline=st.deadline, clause_id=c.clause_id, span_start=start, span_end=end,
        page=doc.page_at(start), quote=doc.text[start:end], task_no=task_no,
    )


def _without_pinyin(s: str) -> tuple[str, tuple[int, ...] | None]:
    """A clause's folded text without the pinyin a reprint site writes after characters (29個(gè)出境斷面:
    the count's noun follows the count again), and where each character left stood (None: nothing dropped,
    the common case, found by one search)."""
    if "(" not in s or not SCRAPER_PINYIN.search(s):
        return s, None
    kept: list[int] = []
    pos = 0
    for m in SCRAPER_PINYIN.finditer(s):
        kept.extend(range(pos, m.start()))
        pos = m.end()
    kept.extend(range(pos, len(s) + 1))  # the last one stands for the clause's end
    return "".join(s[i] for i in kept[:-1]), tuple(kept)


def reports_outcomes(doc: Document, folded: str | None = None) -> bool:
    """The document reports outcomes: an assessment notice, a press release or bulletin on the year's state.
    ``folded`` is ``fold(doc.text)`` when the caller has it already."""
    if doc.doc_kind in OUTCOME_KINDS:
        return True
    if doc.doc_kind == "news" and _PAST_TITLE.search(fold(doc.title)):
        return True  # a page on last year's results (福州去年“气质”创历史最佳)
    if doc.doc_kind == "other" and _OUTCOME_REPORT.search(fold(doc.title)):
        return True
    return doc.doc_kind in ("news", "other") and reads_as_report(fold(doc.text) if folded is None else folded)


def reads_as_report(folded: str) -> bool:
    """A page whose title names no genre is a report of outcomes when more of its sentences are written
    the way reports are (同比, 下降了, 创…最好, 月报显示) than the way targets are set (到2020年, 确保, 控制在,
    方案, 将); a sentence with both counts for neither. Plans, letters and news of targets hold hardly a
    sentence of the first kind."""
    reporting = setting = 0
    for m in _SENTENCE.finditer(folded):
        past = _REPORTING.search(folded, m.start(), m.end()) is not None
        if past != (_SETTING.search(folded, m.start(), m.end()) is not None):
            reporting, setting = reporting + past, setting + (not past)
    return reporting > setting


_HEADING_YEAR = re.compile(r"(?<![较比与\d])((?:19|20)\d\d)\s?年度?(?![^,，。;；]{0,8}?以来|\s?(?:底|末)?\s?(?:之?前|以前))")
"""二、2024年工作目标, （一）2023年环境质量状况: the year a section is about (not 较2020年, 2013年以来, 2025年底前)."""


def _heading_year(section_path: str) -> int | None:
    """The year the innermost heading naming one is about, else None."""
    for part in reversed(section_path.split(" / ")):
        m = _HEADING_YEAR.search(fold(part))
        if m:
            return int(m.group(1))
    return None


def _in_target_section(section_path: str) -> bool:
    return any(TARGET_SECTION.search(fold(part)) for part in section_path.split(" / ") if part)


def _government_heading(section_path: str, inside: Document | None = None) -> str | None:
    """The government the innermost heading naming one binds (（一）岷江市。), else None; with ``inside``,
    only a division inside that document's government (a plan's section （一）西安市 on 陕西省's page)."""
    for part in reversed(section_path.split(" / ")):
        m = _NAMED_GOVERNMENT.match(fold(part).strip())
        if m:
            return m.group(1) if inside is None or inside_document(inside, m.group(1)) else None
    return None
