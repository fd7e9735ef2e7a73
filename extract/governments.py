"""The government a statement binds, when the statement names one of its own.

A city's plan or a newspaper page on a city often sets targets for the counties and districts
under it, one after another: 婺城区8个县控以上断面全部达标，…；金东区2个县控以上断面全部稳定达标，….
Such a statement binds the division it opens with, not the document's government. Only divisions
*inside* the document's government count (a county of the city, a city of the province): a
letter to 长春市 that mentions what 吉林省 set is still 长春市's letter. In a national text (全国)
every division is inside: 北京、天津、河北确定了下降25%的目标 gives one row each. Names come from the
gazetteer (extract.gazetteer), so a text fragment is never a government.

More kinds of subject are read the same way:

- the document's own government in words (全省, 本市, 我区): the statement is the document's again;
- a region that is no one government (京津冀, 长三角地区, 汾渭平原, “2+26”城市, 重点区域; on a national
  text, a river basin or lake: 长江流域, 太湖): the statement
  has no government (null), and so have the sentences after it in its paragraph that name no
  other subject (…PM2.5平均浓度为70微克/立方米。发生重污染395天次…);
- a development zone inside a province or city, named at the start of a piece
  (杨凌示范区优良天数269天): a government without a code;
- counties listed by bare name where the list says what they are (武陟、博爱、修武三县), and the counties a
  province administers itself by their short names anywhere (海口、三亚、屯昌、乐东4个市县), and the short
  names listed with 、 beside a division found already (朝阳区、南关、宽城);
- on a prefecture's page, its seat introduced as such (州府延吉市, 主要城市延吉市): the statements later in
  its paragraph that name no subject are the seat's, as its monitoring centre reports them;
- another government of the document's province that a paragraph opens with (普洱市生态环境局负责人表示…
  on a page of 大理州): the paragraph's statements that name no subject, and its 全市, are that
  government's.

Governments inside 除…外 are the ones a statement leaves out, the city of a dateline (新华社西宁1月5日电)
is where the news was filed, and a count right after a list
(秦皇岛、承德…邢台7个设区市达到…) counts the list: both leave the statement to the document.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from extract import gazetteer
from extract.normalize import fold
from extract.records import Clause, Document, Target

_PIECE_BREAK = re.compile(r"[。；;!?！？\n]")
"""A government named before one of these does not reach past it."""
REGIONS = re.compile(
    r"(?<!作为)(?<!属于)(?<!位于)(?<!地处)(?:京津冀(?:及周边地区)?|长三角(?:地区)?|珠三角(?:地区)?|汾渭平原|成渝(?:地区)?|粤港澳大湾区|长江经济带|重点区域"
    r"|[“\"]?2\s?\+\s?26[”\"]?(?:个)?城市|(?:华北|东北|西北|华东|华中|华南|西南)地区)"
)
"""Regions documents name that are not one government: several provinces' (京津冀, 长三角, 汾渭平原), a
national list of cities (“2+26”城市), or the areas a notice singles out (重点区域); not where a government
is said to lie in one (河北省作为京津冀…)."""
OWN_WORDS = "全本我"
"""Before the last character of the document's government's name (全省 for 河南省, 本市 for 北京市, 我区 for
宁夏回族自治区): the document's own government in words; the statement is the document's."""
NATIONAL_WORDS = re.compile(r"全国|我国")
"""In a national text, the country's own words."""
BASINS = re.compile(r"(?:长江|黄河|珠江|松花江|淮河|海河|辽河)(?:流域|干流)|西北诸河|西南诸河|浙闽片河流|太湖|巢湖|滇池|重点流域")
"""In a national text, the river basins and lakes its figures are given for: regions, not governments (on a
province's page 长江流域 is that province's part of it, so there they are no region)."""
_ZONE_AT_START = re.compile(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|示范区|新区)"
)
"""A development zone named at the start of a piece (杨凌示范区优良天数…, 西咸新区…)."""
_NOT_A_ZONE_NAME = re.compile(r"重点|国家级|省级|市级|各|全|等|该|本|其|所有")
"""Words that make a would-be zone a kind of zone (重点示范区, 国家级新区), not one zone."""
_STEM_LIST = re.compile(
    r"((?:[\u4e00-\u9fff]{2,3}[、和])+[\u4e00-\u9fff]{2,3}?)等?(?:\d+|[两三四五六七八九十]{1,2})?个?(县|区|市)$")
"""武陟、博爱、修武三县 / 兰考、长垣等县: a list of bare county names, which a scan for names does not look
for (a county's stem is too often a word), read where the list says what its names are."""
_STEM_LIST_END = re.compile(r"[、和][\u4e00-\u9fff]{2,3}?等?(?:\d+|[两三四五六七八九十]{1,2})?个?[县区市]")
"""Where such a list may end, found first: the whole list is then read in the few characters before."""
_DATELINE = re.compile(r"(?:社|网|报|台|站)\s?([\u4e00-\u9fff]{2,8}?)\s?\d{1,2}\s?月\s?\d{1,2}\s?日\s?(?:电|讯)")
"""新华社西宁1月5日电: the city the news was filed from, not what it is about."""
_LEFT_OUT = re.compile(r"除([^,，。；;:：]{1,40}?)(?:以外|之外|外)")
"""除太原和济宁外: the governments named here are the ones a statement leaves out."""
_COUNT_OF_LIST = re.compile(r"(?:[、和及与][\u4e00-\u9fff]{2,5}?)*等?\s?(\d+)\s?个?(?:设区市|地级市|城市|市州|盟市|市|县|区|州|盟|省)")
"""7个设区市 (7个盟市, 7个市县) right after a list of seven cities: the number counts the list, whose last
names (bare county names: …、定安7个市县) a scan for governments may not have found."""
_EACH = re.compile(r"各(?:设区市|市州|地市|区县|县区|县市区|市县|城市|区|市|县|州|盟|旗|地|省)")
"""Every division of a kind (各区, 各市): the values of such a statement are spread over them."""
_SPREAD_RANGE = re.compile(r"在\s?-?[\d.]+[^\d,，。；;]{0,12}?[-—~～至到]\s?-?[\d.]+[^,，。；;]{0,16}?之间"
                           r"|范围[为在是]?\s?-?[\d.]+[^\d,，。；;]{0,12}?[-—~～至到]\s?-?[\d.]+[^\d,，。；;]{0,12}")
"""在13.2-23.1微克/立方米之间, 范围为83.3%~100%: a range; said of 各区, it spreads over governments and is no one's value."""
_COUNTED_GOVERNMENTS = re.compile(r"(?<![\d.])\d+\s?个?[\u4e00-\u9fff]{0,4}?(?:城市|盟市|市州|地市|市|县|区|州|盟)")
"""14市, 13个城市, 9个中心城市: a count of governments; a range it is the subject of spreads over them."""
_COMMA_PIECE = re.compile(r"[,，;；。:：!?！？]")
SPREAD_REACH = 80
"""How far before a statement's end a range spread over a count of governments may start."""
_SEAT_WORDS = r"(?:州府|市府|盟府|政府所在地|主要城市)"
_SEAT = re.compile(_SEAT_WORDS + "$")
"""州府延吉市, 主要城市延吉市: a prefecture's seat, whose figures its monitoring centre reports for it; the
statements of the seat's paragraph that name no subject are the seat's (a prefecture's page)."""
REGION = "*"
"""The mark of a region among a clause's mentions (the document's own government is "")."""
EACH = "各"
"""The mark of every division of a kind (各区) among a clause's mentions."""
_NOT_NAMES = ("", REGION, EACH)
NO_GOVERNMENT = gazetteer.Place("", None, None)
"""What a statement on a region binds: no government."""


def inside_document(doc: Document, name: str) -> bool:
    """``name`` is a division inside ``doc``'s government (a city of its province, any of a national text),
    or a development zone of a province's or city's page."""
    national = doc.entity == gazetteer.NATIONAL
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None and not national:
        return False
    d = gazetteer.resolve(name, None if national else doc.province)
    if d is not None:
        return gazetteer.inside(d, doc.entity_code, division.level if division else None)
    return (division is not None and division.level < gazetteer.COUNTY_LEVEL and gazetteer.ZONE.match(name) is not None
            and gazetteer.place(name, doc.province) is not None)


_BINDING = frozenset({"letter", "plan", "decomposition"})
"""Documents that bind their own government: the other cities of its province they name (长春、吉林确定了下降20%的
目标 in 长春市's letter) are no subjects of theirs; a report's ranking of them is (see gazetteer.sibling)."""
_Mentions = tuple[list[int], list[int], list[tuple[int, int, str]]]
"""A clause's piece breaks, the ends of its mentions, and its mentions (start, end, name)."""
_LIST_GAP = re.compile(r"^[、,，和及与\s]*$")
"""What may stand between two governments of one list (长沙、株洲和湘潭)."""
_NOT_A_MEASURE_UNIT = frozenset({"位次"})
"""Places moved in a ranking (上升1位) are not a value of the measure named before."""
_LIST_TAIL = re.compile(r"等?(?:市|州|县|区|地|个市|个县|城市)?")


def _mentions(doc: Document, folded: str, level: int | None) -> _Mentions:
    """A clause's piece breaks, and its subjects: the divisions inside the document's government its
    already folded text names (by name), the document's own government ("") and regions (:data:`REGION`)."""
    national = doc.entity == gazetteer.NATIONAL
    pattern = gazetteer.load().scan if national else gazetteer.children_pattern(doc.entity_code or "")
    city = (gazetteer.load().by_code.get(doc.entity_code or "")
            if level == gazetteer.PREFECTURE_LEVEL and doc.doc_kind not in _BINDING else None)
    if pattern is None:
        return [], [], []
    breaks = [m.end() for m in _PIECE_BREAK.finditer(folded)]
    left_out = [(m.start(1), m.end(1)) for m in _LEFT_OUT.finditer(folded)] if "除" in folded else []
    if "日电" in folded or "日讯" in folded:
        left_out += [(m.start(1), m.end(1)) for m in _DATELINE.finditer(folded)]
    inside = []
    for m in pattern.finditer(folded):
        if any(a <= m.start() < b for a, b in left_out):
            continue
        d = gazetteer.resolve(m.group(0), None if national else doc.province)
        if d is not None and (gazetteer.inside(d, doc.entity_code, level) or (city is not None and gazetteer.sibling(d, city))):
            inside.append((m.start(), m.end(), m.group(0)))
    if not national and ("、" in folded or "和" in folded):
        inside += _listed_counties(doc, folded, level, {a for a, _, _ in inside})
    if not national and "、" in folded and inside:
        inside += _list_neighbours(doc, folded, level, inside)
    own = NATIONAL_WORDS if national else gazetteer.own_pattern(doc.entity_code or "")
    if own is not None:  # the document's own government named after a county: the statement is its own
        inside += [(m.start(), m.end(), "") for m in own.finditer(folded)]
    if not national:
        inside += [(m.start(), m.end(), "") for m in _own_words(doc.entity_code or "").finditer(folded)]
        if level is not None and level < gazetteer.COUNTY_LEVEL:
            for m in _ZONE_AT_START.finditer(folded):
                if not _NOT_A_ZONE_NAME.search(m.group(0)) and gazetteer.place(m.group(0), doc.province) is not None:
                    inside.append((m.start(), m.end(), m.group(0)))
    inside += [(m.start(), m.end(), REGION) for m in REGIONS.finditer(folded)]
    if national:
        inside += [(m.start(), m.end(), REGION) for m in BASINS.finditer(folded)]
    if "各" in folded:
        inside += [(m.start(), m.end(), EACH) for m in _EACH.finditer(folded)]
    inside.sort()
    return breaks, [b for _, b, _ in inside], inside


def _list_neighbours(doc: Document, folded: str, level: int | None,
                     found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The bare short names (南关、宽城 of 南关区, 宽城区) listed with 、 right beside a government found
    already (朝阳区、南关、宽城…), when they are divisions inside the document's government: a list names
    governments of one kind, written alike. Returns the new mentions."""
    taken = {a for a, _, _ in found}
    out: list[tuple[int, int, str]] = []

    def division_at(a: int, b: int) -> bool:
        d = gazetteer.resolve(folded[a:b], doc.province) if 0 <= a and b <= len(folded) else None
        return d is not None and gazetteer.inside(d, doc.entity_code, level) and a not in taken

    for a, b, name in sorted(found):
        if name in _NOT_NAMES:
            continue
        for step in (1, -1):  # rightwards (朝阳区、南关、宽城), then leftwards (南关、宽城、朝阳区)
            sep = b if step > 0 else a - 1  # the 、 after the name, or before it
            while 0 <= sep < len(folded) and folded[sep] == "、":
                spans = ((sep + 1, sep + 1 + n) if step > 0 else (sep - n, sep) for n in (3, 2))
                hit = next((span for span in spans if division_at(*span)), None)
                if hit is None:
                    break
                out.append((hit[0], hit[1], folded[hit[0]:hit[1]]))
                taken.add(hit[0])
                sep = hit[1] if step > 0 else hit[0] - 1
    return out


DEFAULT_LIST_REACH = 80
"""How far before its end a list of bare county names is read."""


def _listed_counties(doc: Document, folded: str, level: int | None, taken: set[int]) -> list[tuple[int, int, str]]:
    """The counties inside the document's government that a list of bare names (武陟、博爱、修武三县) names,
    as mentions (start, end, name + level word), leaving out those found already."""
    out = []
    for end in _STEM_LIST_END.finditer(folded):
        start = max(0, end.start() - DEFAULT_LIST_REACH)
        m = _STEM_LIST.search(folded[start:end.end()])
        if m is None:
            continue
        pos = start + m.start(1)
        for item in re.split(r"[、和]", m.group(1)):
            at, pos = pos, pos + len(item) + 1
            for cut in (0, 1) if len(item) == 3 else (0,):  # (其中武陟: the first item may hold a word before)
                d = gazetteer.resolve(item[cut:] + m.group(2), doc.province)
                if d is not None and gazetteer.inside(d, doc.entity_code, level):
                    if at + cut not in taken:
                        out.append((at + cut, at + len(item), item[cut:] + m.group(2)))
                    break
    return out


def statement_government(doc: Document, text: str, pos: int) -> gazetteer.Place | None:
    """The division inside ``doc``'s government that ``text`` names last before ``pos`` in the same
    piece (up to 。 or ；), or None when the statement names none."""
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None:
        return None
    found = _governments_before(doc, text, _mentions(doc, fold(text), division.level), pos)
    return found[-1] if found else None


@functools.lru_cache(maxsize=64)
def _own_words(code: str) -> re.Pattern[str]:
    """全省 / 本省 / 我省 for a province, 全市 / 本市 for a city, 全区 for an autonomous region or a district."""
    d = gazetteer.load().by_code.get(code)
    return re.compile(f"[{OWN_WORDS}]{re.escape(d.name[-1])}" if d else "(?!)")


def _governments_before(doc: Document, text: str, mentions: _Mentions, pos: int,
                        value: float | None = None) -> list[gazetteer.Place]:
    """The governments a statement ending at ``pos`` binds: the last one named before it in its piece,
    with the ones listed right before that one (长沙、株洲、湘潭…下降20%: all three); [NO_GOVERNMENT] when
    that subject is a region; none when the statement's ``value`` counts the list right after it."""
    breaks, ends, inside = mentions
    k = bisect.bisect_right(ends, pos) - 1
    if k < 0:
        return []
    i = bisect.bisect_right(breaks, pos)
    piece_start = breaks[i - 1] if i else 0
    if inside[k][0] < piece_start:
        return []
    if inside[k][2] == EACH and k > 0 and inside[k - 1][1] == inside[k][0] and inside[k - 1][2] not in _NOT_NAMES:
        k -= 1  # 西宁市各县区…: that government's divisions, the statement is that government's
    if inside[k][2] in ("", EACH):
        return []  # the document's own government is named last (河北…石家庄…，河北PM2.5…), or all its divisions
    if inside[k][2] == REGION:
        return [NO_GOVERNMENT]
    members, j = [k], k
    while j > 0 and inside[j - 1][2] not in _NOT_NAMES and inside[j - 1][0] >= piece_start:
        gap = text[inside[j - 1][1]:inside[j][0]]
        if gap and not _LIST_GAP.match(gap):
            break
        if gap:
            members.append(j - 1)
        j -= 1  # (no gap: a chain, 海西蒙古族藏族自治州格尔木市, names one government, the later)
    count = _COUNT_OF_LIST.match(text, inside[k][1])
    if count and count.start() < pos and value == float(count.group(1)) and (value == len(members) or 1 < len(members) < value):
        return []  # 秦皇岛、承德…邢台7个设区市: the number counts the list (some names of which a scan may miss)
    out = []
    for _, _, name in (inside[m] for m in reversed(members)):
        where = gazetteer.place(name, doc.province)
        if where is not None and where not in out:
            out.append(where)
    return out


_Bound = list[tuple[Target, list[gazetteer.Place]]]


def _pairs_by(bound: _Bound, key: Callable[[Target], tuple], taken: set[int]) -> dict[tuple, list[int]]:
    """The statements bound to one list of governments in one clause, grouped by ``key``, leaving out
    ``taken``: the groups with as many statements as the list has governments."""
    groups: dict[tuple, list[int]] = {}
    for i, (t, found) in enumerate(bound):
        if len(found) > 1 and i not in taken:
            groups.setdefault((t.clause_id, tuple(w.name for w in found), *key(t)), []).append(i)
    return {k: members for k, members in groups.items() if len(members) == len(bound[members[0]][1])}


def _pair(bound: _Bound, key: Callable[[Target], tuple]) -> dict[int, gazetteer.Place]:
    """Statement -> government, in order, for each list of governments with as many values of one ``key``."""
    paired: dict[int, gazetteer.Place] = {}
    for members in _pairs_by(bound, key, set()).values():
        paired.update(zip(members, bound[members[0]][1]))
    return paired


def _spread(text: str, mentions: _Mentions, pos: int) -> bool:
    """The statement ending at ``pos`` is an end of a range said of every division of a kind (各区PM2.5浓度
    在13.2-23.1微克/立方米之间): no government's value."""
    breaks, ends, inside = mentions
    k = bisect.bisect_right(ends, pos) - 1
    if k < 0 or inside[k][2] != EACH or any(inside[k][1] <= b < pos for b in breaks):
        return _spread_over_count(text, pos)
    for m in _SPREAD_RANGE.finditer(text, inside[k][1]):  # (各区PM2.5浓度在…之间,优良天数比率在…之间: both)
        if m.start() >= pos:
            break
        if pos <= m.end():
            return not any(m.start() <= b < m.end() for b in breaks)
    return False


def _spread_over_count(text: str, pos: int) -> bool:
    """The statement ending at ``pos`` is an end of a range whose subject, in the same piece up to a comma, is a
    count of governments (14市达标天数比例在66.0%至93.4%之间): the best and worst of them, no one's value."""
    floor = max(0, pos - SPREAD_REACH)
    if "之间" not in text[floor:pos + 20] and "范围" not in text[floor:pos]:
        return False  # most statements: no range here
    start = max((b.end() for b in _COMMA_PIECE.finditer(text, floor, pos)), default=floor)
    m = _SPREAD_RANGE.search(text, start)
    return m is not None and m.start() < pos <= m.end() and _COUNTED_GOVERNMENTS.search(text, start, m.start()) is not None


def _topic_is_region(inside: list[tuple[int, int, str]], text: str, before: int) -> bool | None:
    """Whether the last subject named before ``before`` that is not one of a list of governments is a
    region (True), a government or the document's own (False); None when there is none."""
    for j in range(len(inside) - 1, -1, -1):
        a, b, name = inside[j]
        if b > before:
            continue
        if name == REGION:
            return True
        if name == EACH:
            continue
        listed = name and (
            (j > 0 and inside[j - 1][2] not in _NOT_NAMES and _LIST_GAP.fullmatch(text[inside[j - 1][1]:a] or "-"))
            or (j + 1 < len(inside) and inside[j + 1][2] not in _NOT_NAMES
                and _LIST_GAP.fullmatch(text[b:inside[j + 1][0]] or "-")))
        if not listed:
            return False
    return None


def _only_governments(phrase: str, doc: Document) -> bool:
    """The words naming a statement's measure are only a list of governments (岳阳、常德、吉首)."""
    pattern = gazetteer.children_pattern(doc.entity_code or "")
    rest = pattern.sub("", fold(phrase)) if pattern is not None else fold(phrase)
    return not _LIST_GAP.sub("", _LIST_TAIL.sub("", rest.strip("、,， ")))


_JOINS = ("；", ";")
"""A clause ending in one of these leaves its sentence open: the next clause speaks of the same subject."""
_BROKEN_LINE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]$")
"""A clause ending in a character that ends no sentence (…优良天数为 / PM) was cut by the layout, mid-sentence."""
_NOT_A_SENTENCE = frozenset({"title", "heading", "table_row"})


def _same_sentence(prev: Clause, cur: Clause, prev_text: str) -> bool:
    """``cur`` goes on with the sentence of the clause before it, ``prev`` (whose text, right-stripped, is
    ``prev_text``): ``prev`` ends in a semicolon in the same paragraph, or in a semicolon before a paragraph
    of the same section that is no new list item (a newspaper's layout gives every line a paragraph), or
    without any sentence end before the next paragraph (a line broken inside the sentence)."""
    if prev.kind in _NOT_A_SENTENCE or prev.section_path != cur.section_path:
        return False
    if prev_text.endswith(_JOINS):
        return prev.paragraph == cur.paragraph or not (
            cur.kind in _NOT_A_SENTENCE or (cur.kind == "item" and cur.item != prev.item))
    return prev.paragraph != cur.paragraph and _BROKEN_LINE.search(prev_text) is not None


def _zone_opens_piece(text: str, breaks: list[int], zones: list[tuple[int, int]], pos: int) -> bool:
    """The piece of ``text`` ending at ``pos`` names a zone, or a kind of zone (…；重点示范区优良天数…): a subject
    of its own, though no one government. ``breaks``: the ends of the text's piece breaks, ``zones``: the spans
    of its zones' names, both in order and found once per clause (a flattened table is one clause of thousands
    of statements: a search of the piece per statement made it quadratic)."""
    i = bisect.bisect_right(breaks, pos)
    start = breaks[i - 1] if i else 0
    k = bisect.bisect_left(zones, (start, 0))
    return (k < len(zones) and zones[k][1] <= pos) or _AREA_OPENS.match(text, start, pos) is not None


_AREA_OPENS = re.compile(r"\s*(?:\d{4}\s?年)?[\d\s~\-—至月份]*[,，]?\s*(?:新区|城区|开发区|高新区|园区|示范区|经开区|管委会)")
"""A piece opening with a zone named by its kind alone (…；新区优良天数23天…, 开发区…): its own subject."""


DEFAULT_OPENER_REACH = 12
"""How far into a paragraph a government it opens with is looked for."""


def _last_subject(mentions: _Mentions, pos: int) -> tuple[int, int, str] | None:
    """The last subject (a government, the document's own words, a region) the piece ending at ``pos``
    names before ``pos``, if any."""
    breaks, ends, inside = mentions
    k = bisect.bisect_right(ends, pos) - 1
    i = bisect.bisect_right(breaks, pos)
    return inside[k] if k >= 0 and inside[k][0] >= (breaks[i - 1] if i else 0) else None


def place_statements(doc: Document, clauses: Sequence[Clause], targets: Sequence[Target],
                     folded_text: str | None = None) -> list[Target]:
    """``targets`` with the governments of each statement that names some inside the document's: one
    row per government of a list (长沙、株洲、湘潭…下降20%), or, when a list has as many values of one
    measure as governments (西宁、海东、格尔木…分别为93.3%、96.4%、100%), one value each, in order. A
    statement whose only words are that list takes the measure of the statement before it
    (…永州可吸入颗粒物浓度…下降20%左右；岳阳、常德、吉首下降15%). A statement on a region, or after one
    in its paragraph with no other subject between, has no government. ``folded_text`` is
    ``fold(doc.text)`` when the caller has it."""
    national = doc.entity == gazetteer.NATIONAL
    division = gazetteer.load().by_code.get(doc.entity_code or "")
    if division is None and not national:
        return list(targets)
    level = division.level if division is not None else None
    whole = fold(doc.text) if folded_text is None else folded_text
    regions = REGIONS.search(whole) is not None or (national and BASINS.search(whole) is not None)
    order = {c.clause_id: i for i, c in enumerate(clauses)}
    scans: dict[int, _Mentions] = {}

    def scan(c: Clause) -> _Mentions:
        if c.clause_id not in scans:  # once per clause: a flattened table is one clause of many targets
            scans[c.clause_id] = _mentions(doc, whole[c.span_start:c.span_end], level)
        return scans[c.clause_id]

    def after_region(c: Clause, pos: int) -> bool:
        """The last subject before ``pos`` in ``c``'s paragraph, lists of governments aside, is a region."""
        j = order[c.clause_id]
        while j >= 0 and clauses[j].paragraph == c.paragraph:
            cj = clauses[j]
            topic = _topic_is_region(scan(cj)[2], whole[cj.span_start:cj.span_end], pos if cj is c else cj.span_end)
            if topic is not None:
                return topic
            j -= 1
        return False

    seats = level == gazetteer.PREFECTURE_LEVEL and re.search(_SEAT_WORDS, whole) is not None

    def paragraph_seat(c: Clause, pos: int) -> gazetteer.Place | None:
        """The seat introduced earlier in ``c``'s paragraph (州府延吉市…), when the piece ending at ``pos``
        names no subject of its own."""
        text = whole[c.span_start:c.span_end]
        if _last_subject(scan(c), pos) is not None:
            return None  # the piece names a subject (or the document's own words)
        j = order[c.clause_id]
        while j >= 0 and clauses[j].paragraph == c.paragraph:
            cj = clauses[j]
            ctext = text if cj is c else whole[cj.span_start:cj.span_end]
            for a, b, name in reversed(scan(cj)[2]):
                if name not in _NOT_NAMES and (cj is not c or b <= pos) and _SEAT.search(ctext, max(0, a - 4), a):
                    return gazetteer.place(name, doc.province)
            j -= 1
        return None

    openers: dict[int, gazetteer.Place | None] = {}
    firsts: dict[int, Clause] = {}

    def paragraph_opener(c: Clause) -> gazetteer.Place | None:
        """Another government of the document's province that ``c``'s paragraph opens with (普洱市生态环境局
        相关负责人表示… on a page of 大理州): the paragraph speaks for it."""
        if c.paragraph not in openers:
            if not firsts:
                for x in clauses:
                    firsts.setdefault(x.paragraph, x)
            first = firsts[c.paragraph]
            d = gazetteer.named_first(whole[first.span_start:first.span_start + DEFAULT_OPENER_REACH], doc.province)
            openers[c.paragraph] = (
                gazetteer.place(d.name, doc.province) if d is not None and division is not None
                and d.province == division.province and d.code != division.code
                and not gazetteer.inside(d, division.code, division.level) and not gazetteer.inside(division, d.code, d.level) else None)
        return openers[c.paragraph]

    zone_spans: dict[int, list[tuple[int, int]]] = {}

    def zones(c: Clause) -> list[tuple[int, int]]:
        if c.clause_id not in zone_spans:
            zone_spans[c.clause_id] = [m.span() for m in _ZONE_AT_START.finditer(whole, c.span_start, c.span_end)]
            zone_spans[c.clause_id] = [(a - c.span_start, b - c.span_start) for a, b in zone_spans[c.clause_id]]
        return zone_spans[c.clause_id]

    subjects: dict[int, list[gazetteer.Place]] = {}

    def sentence_subject(c: Clause) -> list[gazetteer.Place]:
        """The one government the clauses of ``c``'s sentence before it name last, when they end in ；
        (2022年,延吉市空气质量优良天数为364天…；细颗粒物平均浓度为17微克/立方米: the sentence's subject), or
        in a line the layout broke inside the sentence (…优良天数为 / 208天，…)."""
        if c.clause_id not in subjects:
            j = order[c.clause_id] - 1
            got: list[gazetteer.Place] = []
            while j >= 0 and not got:
                cj = clauses[j]
                ctext = whole[cj.span_start:cj.span_end].rstrip()
                if not _same_sentence(cj, clauses[j + 1], ctext):
                    break
                got = _governments_before(doc, ctext, scan(cj), len(ctext) - 1)
                if not got and _last_subject(scan(cj), len(ctext) - 1) is not None:
                    break  # its subject is the document's own government or a region
                j -= 1
            subjects[c.clause_id] = got if len(got) == 1 and got != [NO_GOVERNMENT] else []
        return subjects[c.clause_id]

    bound: _Bound = []
    measured: Target | None = None
    for t in targets:
        c = clauses[order[t.clause_id]] if t.clause_id in order else None
        found: list[gazetteer.Place] = []
        if c is not None and t.entity == doc.entity:
            text, pos = whole[c.span_start:c.span_end], t.span_end - c.span_start
            found = _governments_before(doc, text, scan(c), pos, t.value)
            if not found and _spread(text, scan(c), pos):
                continue
            if not found and regions and after_region(c, pos):
                found = [NO_GOVERNMENT]
            opener = paragraph_opener(c) if not found else None
            if opener is not None:
                last = _last_subject(scan(c), pos)
                if last is None or (last[2] == "" and text[last[0]:last[1]] == "全" + opener.name[-1]):
                    found = [opener]  # (its 全市 too, when the neighbour is a 市; 我市 stays the page's)
            if not found and seats:
                seat = paragraph_seat(c, pos)
                found = [seat] if seat is not None else []
            if not found and _last_subject(scan(c), pos) is None and not _zone_opens_piece(text, scan(c)[0], zones(c), pos):
                found = sentence_subject(c)
            if (found and found != [NO_GOVERNMENT] and t.indicator is None and measured is not None
                    and t.clause_id - measured.clause_id <= 2 and t.unit not in _NOT_A_MEASURE_UNIT
                    and _only_governments(t.indicator_text, doc)):
                t = replace(t, indicator=measured.indicator, indicator_text=measured.indicator_text)
        bound.append((t, found))
        if t.indicator is not None:
            measured = t
    paired = _pair(bound, lambda t: (t.indicator, t.kind))
    # A list whose values did not all get their measure (吴忠、固原、中卫三市分别为75.0%、81.3%、79.6%):
    # paired by unit, and the one measure its members name is every member's.
    for members in _pairs_by(bound, lambda t: (t.kind, t.unit), set(paired)).values():
        codes = {bound[i][0].indicator for i in members} - {None}
        named = next((bound[i][0] for i in members if bound[i][0].indicator is not None), None)
        for i, where in zip(members, bound[members[0]][1]):
            paired[i] = where
            t = bound[i][0]
            if len(codes) == 1 and named is not None and t.indicator is None:
                bound[i] = (replace(t, indicator=named.indicator, indicator_text=named.indicator_text), bound[i][1])
    out: list[Target] = []
    for i, (t, found) in enumerate(bound):
        places = [paired[i]] if i in paired else found
        if not places:
            out.append(t)
        elif places == [NO_GOVERNMENT]:
            out.append(replace(t, entity=None, entity_code=None, province=None))
        else:
            out.extend(replace(t, entity=w.name, entity_code=w.code, province=w.province) for w in places)
    return out
