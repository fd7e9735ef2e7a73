"""Split a file's text into documents and read each one's entity, year, kind and status.

A province sends its cities near-identical letters, often bundled in one file, each opening
with a title line such as "长春市人民政府生态环境保护目标责任书". A file is cut at every title
line when it holds two or more titles of the same kind for different governments; otherwise the
whole file is one document. Everything is read from the text (folded to simplified script),
never from the file name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extract import gazetteer
from extract.normalize import PINYIN_GLOSS, fold

# Kinds by the words that end a title; checked in this order (a 分解方案 of a 目标责任书 is a 分解方案).
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("decomposition", re.compile(r"(任务)?分解(方案|表)")),
    ("assessment", re.compile(r"(考评|考核|评估)[^，。]{0,12}通报|通报[^，。]{0,8}(考评|考核)")),
    ("letter", re.compile(r"目标责任书")),
    ("plan", re.compile(r"(实施|工作|行动)方案|实施意见")),
)

# A government: "长春市", "延边州", "将乐县", "吉林省", "长白山管委会", "梅河口市".
_GOV = r"[\u4e00-\u9fff]{1,10}?(?:自治区|自治州|自治县|特别行政区|省|市|州|县|区|旗|盟|管委会)"
_GOV_RE = re.compile(_GOV)
# Province -> city chains such as "吉林省长春市生态环境局": the most specific level wins.
_CHAIN_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{2,8}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,8}?(?:市|州|盟))?(?:[\u4e00-\u9fff]{2,8}?(?:县|区|旗))?"
    r"(?=人民政府|政府|生态环境局|生态环境厅)"
)
_YEAR_RE = re.compile(r"(20\d\d|19\d\d)\s*(?:[—\-–~至]\s*(?:20\d\d|19\d\d)\s*)?年")
_CN_YEAR_RE = re.compile(r"([二〇零一三四五六七八九]{4})年")
_DATE_RE = re.compile(r"(20\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_ISO_DATE_RE = re.compile(r"(?<!\d)(20\d\d)[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
"""A web page's publication date (2022-03-16, 2014.1.08): the year of a page without a dated signature."""
_DRAFT_RE = re.compile(r"征求意见稿|送审稿|讨论稿|草案|征求意见")
_SENTENCE_END = re.compile(r"[。；;！？!?]\s*$")
# Words that make a line a reference to a document rather than its own title.
_NOT_TITLE = re.compile(r"^(根据|按照|为|现将|关于公开征求|附件[:：]?\S)")

# A title line that starts like this is the start of the title (nothing before it belongs).
_STARTS_COMPLETE = re.compile(r"^(《|关于|" + _GOV + r")")
# A title that ends like this is complete (nothing after it belongs).
_ENDS_COMPLETE = re.compile(r"(目标责任书|责任状|方案|计划|通报|公报|意见|规划|通知|办法|细则|分解表|目标任务|函)》?$")
_ATTACHMENT = re.compile(r"^附件\s*\d*[:：]?$")

# A line that is no title although it is short: a sentence (。 inside), a salutation (各市、州人民政府：),
# a table or metadata row (索引号 | …, 发布时间：…), a byline (本报讯, 记者 …), a caption (图1 …), a line
# wholly in brackets (a credit at a news item's foot, (延吉融媒 供稿); a draft mark, （征求意见稿）).
_NOT_A_TITLE = re.compile(
    r"。.|[:：]$|[,;，；]|\||\t|^[(（]?(索\s*引\s*号|发布(时间|日期|机构)|来源|时间\s*[:：]|作者|责任编辑|编辑|政策类型|文件号|关键词|摘要)"
    r"|^[图表]\s?\d|记者|通讯员|本报讯|^\S{0,8}〔\d{4}〕\d+\s*号$|^\d{4}[-.年]\d{1,2}[-.月]\d{1,2}日?(\s.*)?$"
    r"|^附件|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十\d]+[）)]"
    r"|^[(（][^()（）]*[)）]$"
)
_TITLE_WORDS = re.compile(r"(方案|计划|规划|通知|公报|通报|责任书|责任状|目标任务|意见|办法|细则|函|决定|报告|分解表)[)）]?$")
"""Words a document's title ends in; a line ending so is the title of a page before any other line."""
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WRAPPER_END = re.compile(r"的(通知|函|通报|批复|意见|决定)")
MAX_TITLE_CHARS = 60
"""Longer lines are body text, not titles."""
TITLE_LOOKAHEAD_LINES = 6
"""How many lines after a title may still carry its year, draft mark or continuation."""


@dataclass(frozen=True)
class DocSpan:
    """Where one document sits in a file's text, with what its title says."""

    start: int
    end: int
    body_start: int
    """Where the text after the title block (title, year line, draft mark) begins."""
    title: str
    entity: str | None
    issuer: str | None
    year: int | None
    doc_kind: str
    status: str


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line without its newline."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# Genres of pages that report rather than set targets, by the words of their title or opening.
GENRE_TITLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bulletin", re.compile(r"公报|[月季]报|质量状况")),  # 2022年11月…城市环境空气质量状况: a month's status
    ("press_release", re.compile(r"新闻发布|发布会|新闻通稿")),
    ("notice", re.compile(r"通报|质量排名")),
)
GENRE_OPENING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bulletin", re.compile(r"公报[^。]{0,12}(显示|表明|发布)|发布[^。]{0,30}公报")),
    ("press_release", re.compile(r"新闻发布会|新闻发布稿|召开[^。]{0,12}发布会")),
    ("notice", re.compile(r"通报了?[^。]{0,30}?(显示|表明|发布|情况|结果|排名)|发布[^。]{0,30}通报")),
    ("news", re.compile(r"本报讯|记者|通讯员|[(（]?来源[:：]|日报|晚报|新闻网|讯[(（]")),
)
GENRE_OPENING_CHARS = 400
"""How much of a page's opening may tell its genre (a byline, 本报讯, …公报显示)."""
_TELLING_KINDS = frozenset({"news", "notice", "press_release", "bulletin"})
"""Pages that tell what happened (dated by their publication, not by the year they are about)."""
_PAST_TITLE = re.compile(r"去年|上年|上一年")
"""A page titled on last year (福州去年“气质”创历史最佳) is about the year before its publication."""


def genre_of(title: str, text: str) -> str:
    """The kind of a page whose title names no document kind: bulletin, press_release, notice or news
    by its title, else by its opening (…公报显示, 召开新闻发布会, a reporter's byline); else other."""
    folded_title = fold(title)
    for genre, pattern in GENRE_TITLE:
        if pattern.search(folded_title):
            return genre
    if _TITLE_WORDS.search(folded_title.strip("《》")):
        return "other"  # a government's own document (…的函, …的通知), whatever its page's byline
    opening = fold(text[:GENRE_OPENING_CHARS])
    for genre, pattern in GENRE_OPENING:
        if pattern.search(opening):
            return genre
    return "other"


def kind_of(title: str) -> str:
    folded = fold(title)
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(folded):
            return kind
    return "other"


def _is_title_line(folded_line: str) -> bool:
    s = folded_line.strip().strip("《》")
    if not s or len(s) > MAX_TITLE_CHARS or _SENTENCE_END.search(s) or _NOT_TITLE.match(s) or _NOT_A_TITLE.search(s):
        return False
    if re.match(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|●)", s):
        return False
    return kind_of(s) != "other"


def entity_of(text: str) -> str | None:
    """The most specific government named at the start of ``text`` (simplified script), or None.

    Names are checked against the gazetteer (extract.gazetteer): a short form or a province prefix
    gives the official name (湖北随州 -> 随州市, 福州去年… -> 福州市); text that only looks like a name
    (今年市区, 记者从全省) gives None.
    """
    folded = fold(text).strip().strip("《》")
    m = re.match(r"^([\u4e00-\u9fff]{2,10}?管委会)", folded)
    if m:
        return m.group(1)
    chain = _CHAIN_RE.match(folded)
    if chain and chain.group(0):
        p = gazetteer.place(chain.group(0))
        if p is not None:
            return p.name
        parts = re.findall(_GOV, chain.group(0))
        for part in reversed(parts):
            p = gazetteer.declared(part)  # (粤澜市人民政府: a government the gazetteer does not know names itself)
            if p is not None:
                return p.name
    known = _leading_divisions(folded)
    if known is not None:
        return known
    m = _GOV_RE.match(folded)
    # "关于..." titles name no government at their start.
    if m and not m.group(0).startswith("关于"):
        p = gazetteer.declared(m.group(0))
        return p.name if p else None
    return None


def _leading_divisions(folded: str) -> str | None:
    """The most specific of the divisions named one after another at the very start (湖北随州)."""
    last = None
    pos = 0
    for a, b, d in gazetteer.find_all(folded[:40]):
        if a != pos:
            break
        last, pos = d, b
    if last is None:
        return None
    p = gazetteer.place(folded[:pos])
    return p.name if p else last.name


def _government_in(text: str) -> str | None:
    """The first "<government>生态环境局/人民政府" mention in a text, most specific level.

    A notice's issuing body may be the government's environmental protection committee
    (四川省生态环境保护委员会办公室 above 关于…的通报): that names the government too.
    """
    folded = fold(text)
    for m in re.finditer(r"(?=人民政府|政府|生态环境局|生态环境厅|生态环境保护委员会|办公室)", folded):
        head = folded[max(0, m.start() - 16):m.start()]
        chain = re.search(
            r"((?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,6}?(?:市|州|盟))?(?:[\u4e00-\u9fff]{2,6}?(?:县|区|旗))?)$",
            head,
        )
        if chain and chain.group(1):
            parts = re.findall(_GOV, chain.group(1))
            if parts:
                whole = "".join(parts).lstrip("的在由对")
                for cand in (whole, parts[-1].lstrip("的在由对")):
                    p = gazetteer.declared(cand)
                    if p is not None:
                        return p.name
    return None


OUTLET = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:日报|晚报|早报|晨报|都市报|新闻网|电视台|广播电视台)\s?[:：]\s?")
"""A newspaper's name before a reprinted headline (郑州日报:我省今年…): where it was printed, not whom it is about."""
_LISTED_COUNTIES = re.compile(r"((?:[\u4e00-\u9fff]{2,3}[、和])+[\u4e00-\u9fff]{2,3})等(?:\d+个)?(区|县)")
"""怀柔、昌平、密云等区: a list of counties or districts by their bare names, which a text scan does not look
for (a county's stem is too often a word), read where the list says what its names are."""
_NATIONAL = re.compile(r"全国|生态环境部|环境保护部|环保部|国务院")
"""A text that speaks for the whole country (生态环境部通报, 全国地级及以上城市)."""
DEFAULT_ONE_PROVINCE_SHARE = 0.75
"""A text whose named divisions lie this much in one province speaks of that province's divisions."""


_NATIONAL_TITLE = re.compile(r"全国|生态环境部|环境保护部|环保部|国务院")
_OWN_IN_TITLE = re.compile(r"[我本全](?:省|市|区|县|州)")


_RANK_IN_COUNTRY = re.compile(r"\s?(?:前\s?\d|第\s?\d|前列|排名|排位|领先)")
"""进入全国前20, 全国第5: a place among the country's governments, said of one of them."""


def _national_title(title: str) -> str | None:
    """全国 for a page whose title speaks for the country (2019年全国生态环境质量简况, 生态环境部通报…) and
    names no government of its own (我省空气质量排名全国第5 is a province's), whatever cities its body names."""
    national = _NATIONAL_TITLE.search(title)
    if national is None or _OWN_IN_TITLE.search(title) or _RANK_IN_COUNTRY.match(title, national.end()):
        return None
    return gazetteer.NATIONAL


def _common_government(text: str) -> str | None:
    """The government a text speaks of when no title or office names it: the one division every
    division it names lies in (金华市 for a text on 金华市 and its counties; 福建省 for one on nine
    福建 cities); 全国 for a text on several provinces that speaks for the country; else None."""
    folded = fold(text)
    found = gazetteer.find_all(folded)
    # A division written right before one inside it (吉林省延边生态环境监测中心) only locates the latter.
    divisions = [d for i, (_, b, d) in enumerate(found)
                 if not (i + 1 < len(found) and found[i + 1][0] == b and gazetteer.inside(found[i + 1][2], d.code, d.level))]
    divisions += _listed_counties(folded)
    if not divisions:
        return gazetteer.NATIONAL if _NATIONAL.search(folded) else _province_of_kind(folded)
    counts: dict[str, int] = {}
    for d in divisions:
        counts[d.province] = counts.get(d.province, 0) + 1
    top = max(counts, key=lambda k: counts[k])
    if counts[top] < DEFAULT_ONE_PROVINCE_SHARE * len(divisions):
        return gazetteer.NATIONAL if _NATIONAL.search(folded) else None
    divisions = [d for d in divisions if d.province == top]
    if len({d.code for d in divisions}) == 1:
        return divisions[0].name
    city = _city_of_counties(folded, divisions)
    if city is not None:
        return city
    prefectures = {d.code if d.level == gazetteer.PREFECTURE_LEVEL else d.parent for d in divisions}
    if len(prefectures) == 1 and None not in prefectures and all(d.level > gazetteer.PROVINCE_LEVEL for d in divisions):
        code = next(iter(prefectures))
        return gazetteer.load().by_code[code].name if code else None
    return top


_KIND_OF_ONE_PROVINCE = re.compile(r"盟市")
"""盟市 (leagues and cities): the prefectures of the one province that has leagues, as its own pages count them."""


def _province_of_kind(folded: str) -> str | None:
    """The one province whose kind of prefecture a page naming no government counts (全区12个盟市: leagues exist
    only in 内蒙古自治区), else None."""
    return _league_province() if _KIND_OF_ONE_PROVINCE.search(folded) else None


@functools.cache
def _league_province() -> str | None:
    """The province of the gazetteer's leagues (盟), when they all lie in one: looked up once, not per page."""
    provinces = {d.province for d in gazetteer.load().by_code.values() if d.kind == "盟"}
    return next(iter(provinces)) if len(provinces) == 1 else None


_CITY_OWN_WORDS = re.compile(r"[全本我]市")
"""A city's page speaks of itself as 全市 / 本市 / 我市."""
MIN_COUNTIES_OF_A_CITY = 2
"""How many of a city's counties a page that says 全市 names before it is read as that city's page."""


def _city_of_counties(folded: str, divisions: list[gazetteer.Division]) -> str | None:
    """The city a page speaks for when it says 全市 and the counties or districts it names all lie in that one
    city (铜川市's monthly report: 全省情况 over the province's cities, then 全市情况, then 宜君县, 印台区, 王益区…),
    whatever other cities of the province it ranks it among; else None."""
    counties = {d.code: d for d in divisions if d.level == gazetteer.COUNTY_LEVEL and d.parent}
    parents = {d.parent for d in counties.values()}
    if len(counties) < MIN_COUNTIES_OF_A_CITY or len(parents) != 1 or not _CITY_OWN_WORDS.search(folded):
        return None
    city = gazetteer.load().by_code.get(next(iter(parents)) or "")
    return city.name if city is not None and city.name.endswith("市") else None


def _listed_counties(folded: str) -> list[gazetteer.Division]:
    """The divisions of the lists of bare county names closed by 等区 / 等县 in ``folded``: the official
    names only (怀柔 + 区), a name several provinces share left out."""
    exact = gazetteer.load().exact
    out = []
    for m in _LISTED_COUNTIES.finditer(folded):
        for item in re.split(r"[、和]", m.group(1)):
            for stem in (item, item[1:]) if len(item) == 3 else (item,):
                ds = exact.get(stem + m.group(2), ())
                if len(ds) == 1:
                    out.append(ds[0])
                    break
    return out


_SEASON = re.compile(r"(?:19|20)\d\d\s*[—\-–~至]\s*((?:19|20)\d\d)\s*年度?\s*秋冬季")
"""2019—2020年秋冬季: a season across the turn of a year is the year it ends (its targets are assessed then)."""
_SINCE = re.compile(r"[^,，;；:：。]{0,8}?以来|\s?的?(基础|基准|基数|相比|同期|水平)")
"""2013年以来, 较2015年…相比: a year a page counts from, not the one it is about."""
_NAMED_REPORT = re.compile(r"《\s*((?:19|20)\d\d)\s*年?度?[^》]{0,30}?(?:公报|报告|年报)》")
"""《2021宁夏生态环境状况公报》: a page on a year's bulletin is about that year."""


def _document_year(folded: str) -> int | None:
    """The first year a title or opening names for itself: not a base year (较2015年), not a year since
    which something holds (2013年以来); a season across years (2019—2020年秋冬季) is its end year."""
    for m in _YEAR_RE.finditer(folded):
        if m.start() and folded[m.start() - 1] in "较比与" or _SINCE.match(folded, m.end()):
            continue
        season = _SEASON.match(folded, m.start())
        return int(season.group(1)) if season else int(m.group(1))
    return None


def _year_of(title: str, near: str, body: str) -> int | None:
    dateline = _ISO_DATE_RE.match(fold(near).strip())
    if dateline and not _YEAR_RE.search(fold(title)):
        return int(dateline.group(1))  # a page's publication date right under its title
    for source in (title, near):
        year = _document_year(fold(source))
        if year is not None:
            return year
        m = _CN_YEAR_RE.search(source)
        if m:
            digits = str.maketrans("〇零一二三四五六七八九", "00123456789")
            return int(m.group(1).translate(digits))
    named = _NAMED_REPORT.search(fold(body[:GENRE_OPENING_CHARS]))
    if named:
        return int(named.group(1))
    m = _DATE_RE.search(fold(body)) or _ISO_DATE_RE.search(fold(near + body[:600]))
    return int(m.group(1)) if m else None


def _title_block(text: str, lines: list[tuple[int, int]], i: int) -> tuple[str, int]:
    """The title starting at line ``i``, joined with continuation lines; returns (title, last line)."""
    parts = [text[lines[i][0]:lines[i][1]].strip()]
    last = i
    j = i + 1
    while j < len(lines) and j <= i + TITLE_LOOKAHEAD_LINES and not _ENDS_COMPLETE.search(fold("".join(parts))):
        s = text[lines[j][0]:lines[j][1]].strip()
        if not s:
            j += 1
            continue
        if s.startswith(("（", "(")) or _SENTENCE_END.search(s) or len(s) > MAX_TITLE_CHARS:
            break
        if _NOT_A_TITLE.search(fold(s)):
            break
        if re.match(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|●)", s):
            break
        parts.append(s)
        last = j
        j += 1
    return "".join(parts), last


def split_documents(text: str, *, folded: str | None = None) -> list[DocSpan]:
    """Cut a file's text into documents. Always returns at least one span.

    ``folded`` is ``fold(text)`` when the caller already has it.
    """
    folded = fold(text) if folded is None else folded
    lines = _lines(text)
    candidates: list[int] = [i for i, (a, b) in enumerate(lines) if _is_title_line(folded[a:b])]
    # Multi-line titles ("吉林省人民政府关于" / "2022年度..." / "...通报"): a short opening line
    # that a title line follows within a few lines starts the title.
    heads: list[tuple[int, str, int]] = []  # (line, title, last line of title)
    for i in candidates:
        start = i
        k = i - 1
        while k >= 0 and i - k <= 4 and not _STARTS_COMPLETE.match(fold(text[lines[start][0]:lines[start][1]]).strip()):
            s = text[lines[k][0]:lines[k][1]].strip()
            if s and (len(s) > 30 or _SENTENCE_END.search(s) or ":" in s or "：" in s or _ATTACHMENT.match(s)
                      or _NOT_A_TITLE.search(fold(s))):
                break
            if s:
                start = k
            k -= 1
        if heads and start <= heads[-1][2]:
            continue
        title, last = _title_block(text, lines, start)
        heads.append((start, title, last))

    by_kind: dict[str, list[tuple[int, str, int]]] = {}
    for h in heads:
        by_kind.setdefault(kind_of(h[1]), []).append(h)
    split_heads: list[tuple[int, str, int]] = []
    for hs in by_kind.values():
        entities = {entity_of(t) for _, t, _ in hs}
        if len(hs) >= 2 and len(entities - {None}) >= 2:
            split_heads = hs
            break

    spans: list[DocSpan] = []
    if split_heads:
        starts = [lines[h[0]][0] for h in split_heads] + [len(text)]
        for (line_no, title, last), a, b in zip(split_heads, starts, starts[1:]):
            spans.append(_describe(text, a, b, title, lines[last][1]))
    else:
        if heads:
            title, title_end = heads[0][1], lines[heads[0][2]][1]
        else:
            title, title_end = _page_title(text, folded, lines)
        spans.append(_describe(text, 0, len(text), title, title_end))
    return spans


PAGE_TITLE_LINES = 12
"""How many non-empty lines at the top of a page may hold its title."""


def _page_title(text: str, folded: str, lines: list[tuple[int, int]]) -> tuple[str, int]:
    """The title of a text without a document-kind title (a news page, a bulletin): the first line
    ending in a title word, else the first short line that is no sentence, salutation, byline,
    metadata row or caption; ("", 0) when there is none (the page's text starts after its title)."""
    candidates: list[tuple[str, int]] = []
    seen = 0
    for a, b in lines:
        s = folded[a:b].strip()
        if not s:
            continue
        seen += 1
        if seen > PAGE_TITLE_LINES:
            break
        cut = _WRAPPER_END.search(s)
        if (cut and cut.end() < len(s) and len(s) > MAX_TITLE_CHARS and cut.end() <= MAX_TITLE_CHARS
                and not _NOT_A_TITLE.search(s[:cut.end()]) and not re.search(r"[。!?！？]", s[:cut.end()])):
            # A title run into its salutation and body on one line (OCR text): the line stays body.
            return text[a:a + cut.end()].strip(), a
        if len(s) > MAX_TITLE_CHARS or _NOT_A_TITLE.search(s) or _NOT_TITLE.match(s) or len(_HAN.findall(s)) < 4:
            continue  # (a site's name, 央广网, or a forum's noise line is no title either)
        if re.search(r"[。；;]$", s) or (re.search(r"[！？!?]$", s) and seen > 1):
            continue  # a headline may end in ! or ?, a sentence below it not
        if _TITLE_WORDS.search(s.strip("《》")):
            return text[a:b].strip(), b
        candidates.append((text[a:b].strip(), b))
    return candidates[0] if candidates else ("", 0)


def _describe(text: str, start: int, end: int, title: str, title_end: int) -> DocSpan:
    near = text[title_end:min(end, title_end + 80)]
    body = text[start:end]
    clean_title = PINYIN_GLOSS.sub("", fold(title)).strip().strip("《》")
    entity = (entity_of(OUTLET.sub("", clean_title)) or _government_in(text[max(0, start - 2000):start] + body[:3000])
              or _national_title(clean_title) or _common_government(body[:3000]))
    issued = _issued_for(text, title_end, end) if _HANDS_DOWN.search(clean_title) else None
    if issued and issued != entity:
        entity = issued
    kind = kind_of(clean_title)
    if kind == "other":
        kind = genre_of(clean_title, body)
    year = _year_of(clean_title, near, body)
    if (kind in _TELLING_KINDS and year is not None and _PAST_TITLE.search(clean_title)
            and not _YEAR_RE.search(fold(clean_title))):
        year -= 1  # dated by its publication, about the year before
    status = "draft" if _DRAFT_RE.search(fold(title + near)) else "final"
    issuer = None
    if kind == "assessment" and entity:
        issuer = entity
    return DocSpan(
        start=start,
        end=end,
        body_start=_body_start(text, title_end, end),
        title=clean_title,
        entity=entity,
        issuer=issuer,
        year=year,
        doc_kind=kind,
        status=status,
    )


_HANDS_DOWN = re.compile(r"关于(印发|下达|转发|分解下达)")
"""A notice that hands down an attached document: the attachment's government is bound by it."""


def _issued_for(text: str, title_end: int, end: int) -> str | None:
    """The government an attachment of a handing-down notice names in its title (附件： / 长乐市…目标)."""
    lines = text[title_end:end].split("\n")
    for i, line in enumerate(lines):
        s = fold(line).strip()
        m = _ATTACHMENT.match(s) or re.match(r"^附件\s*\d*[:：]\s*(\S.*)$", s)
        if not m:
            continue
        rest = m.group(1) if m.groups() and m.group(1) else next((x.strip() for x in lines[i + 1:i + 4] if x.strip()), "")
        named = entity_of(fold(rest))
        if named:
            return named
    return None


def _body_start(text: str, title_end: int, end: int) -> int:
    """Skip the short lines right after a title: "（2022年）", "（征求意见稿）", a document number."""
    pos = title_end
    for _ in range(TITLE_LOOKAHEAD_LINES):
        nl = text.find("\n", pos + 1)
        nl = end if nl == -1 or nl > end else nl
        line = fold(text[pos:nl]).strip()
        if line and not re.match(r"^[(（]?\s*(\d{4}\s*年(度)?|征求意见稿|送审稿|讨论稿|草案)\s*[)）]?$|^\S{0,8}〔\d{4}〕\d+\s*号$", line):
            break
        pos = nl
        if pos >= end:
            break
    while pos < end and text[pos] in "\r\n \t\u3000":
        pos += 1
    return pos
