"""The indicator dictionary: measures, their codes and the words documents use for them.

The dictionary is data (``extract/data/indicators.toml``, documented in docs/INDICATORS.md):
adding a synonym needs no code change. It is loaded once per process and compiled into one
regular expression whose alternatives are ordered longest first, so at any position the most
specific wording wins ("小流域水质优良比例" over "水质优良比例").

Matching runs on a *key* of the text: folded to simplified half-width script, with quotation
marks, book-title marks and whitespace removed, because documents quote names at will
(“绿盈乡村”, 农村“千吨万人”…). :class:`Key` keeps the map back to the searched text.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from extract.normalize import fold

AREA_NAME = re.compile(r"^[a-z]+\.[a-z0-9_]+$")
"""Every code has the form ``area.name``."""

# Characters dropped from the matching key (comment: why).
_KEY_DROP = frozenset(
    "“”‘’\"'"  # quotation marks around names
    "「」『』《》〈〉"  # title marks
    " \t\r\n\u3000"  # layout whitespace
)

DIRECTIONS = {"+": "higher is better", "-": "lower is better", "0": "neither (counts, thresholds)"}


@dataclass(frozen=True)
class Indicator:
    """One measure of the dictionary."""

    code: str
    label: str
    unit: str
    direction: str
    names: tuple[str, ...]
    label_zh: str = ""
    """The measure's name in Chinese (``label_zh`` in the dictionary; its first name when not given)."""


@dataclass(frozen=True)
class Match:
    """A dictionary name found in a key, with its span in the *searched* text."""

    code: str
    start: int
    end: int
    name: str


# Characters the key writes one way (comment: why). One for one, so offsets stay aligned.
_KEY_SAME = {
    "—": "-", "–": "-", "~": "-",  # class ranges: Ⅰ—Ⅲ类, Ⅰ–Ⅲ类, Ⅰ～Ⅲ类 (～ folds to ~) are Ⅰ-Ⅲ类
}
_DROP_TABLE: dict[int, str | None] = {ord(ch): None for ch in _KEY_DROP} | {ord(a): b for a, b in _KEY_SAME.items()}


@dataclass(frozen=True)
class Key:
    """Text reduced for matching, with the map back to the searched text.

    ``offsets`` is None when nothing was dropped (the common case): key and text then align.
    """

    text: str
    source: str
    offsets: tuple[int, ...] | None

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Searched-text span of key span ``[a, b)``."""
        if self.offsets is None:
            return a, b
        if b <= a:
            o = self.offsets[a] if a < len(self.offsets) else len(self.source)
            return o, o
        return self.offsets[a], self.offsets[b - 1] + 1


def make_key(text: str) -> Key:
    """The matching key of already folded ``text``."""
    reduced = text.translate(_DROP_TABLE)
    if len(reduced) == len(text):
        return Key(reduced, text, None)
    return Key(reduced, text, tuple(i for i, ch in enumerate(text) if ch not in _KEY_DROP))


def _key_of_name(name: str) -> str:
    return fold(name).translate(_DROP_TABLE)


@dataclass(frozen=True)
class Dictionary:
    """The loaded dictionary and its compiled matcher."""

    indicators: tuple[Indicator, ...]
    by_code: dict[str, Indicator]
    by_name: dict[str, str]
    """Name key -> code."""
    pattern: re.Pattern[str]

    def find(self, key: Key, start: int = 0, end: int | None = None) -> list[Match]:
        """Every dictionary name in ``key.text[start:end]``, leftmost-longest, in order."""
        out = []
        for m in self.pattern.finditer(key.text, start, len(key.text) if end is None else end):
            a, b = key.span(m.start(), m.end())
            out.append(Match(self.by_name[m.group(0)], a, b, m.group(0)))
        return out

    def code_of(self, phrase: str) -> str | None:
        """Code of the last (head) name found in a phrase, or None."""
        key = make_key(fold(phrase))
        found = self.find(key)
        return found[-1].code if found else None


def parse_dictionary(toml_text: str) -> Dictionary:
    """Build a :class:`Dictionary` from TOML text; raises ValueError naming a bad entry."""
    data = tomllib.loads(toml_text)
    indicators = []
    by_name: dict[str, str] = {}
    for i, entry in enumerate(data.get("indicator", [])):
        code = entry.get("code", "")
        if not AREA_NAME.match(code):
            raise ValueError(f"indicator #{i + 1}: code {code!r} is not of the form area.name")
        if entry.get("direction") not in DIRECTIONS:
            raise ValueError(f"indicator {code}: direction must be one of {sorted(DIRECTIONS)}")
        names = tuple(entry.get("names", ()))
        if not names:
            raise ValueError(f"indicator {code}: give at least one name")
        for name in names:
            k = _key_of_name(name)
            if by_name.get(k, code) != code:
                raise ValueError(f"indicator {code}: name {name!r} already belongs to {by_name[k]}")
            by_name[k] = code
        indicators.append(Indicator(code, entry.get("label", ""), entry.get("unit", ""), entry["direction"], names,
                                    entry.get("label_zh") or names[0]))
    alternation = "|".join(re.escape(k) for k in sorted(by_name, key=len, reverse=True))
    return Dictionary(tuple(indicators), {x.code: x for x in indicators}, by_name, re.compile(alternation))


@functools.cache
def load_dictionary() -> Dictionary:
    """The dictionary shipped in the package, loaded and compiled once per process."""
    text = resources.files("extract").joinpath("data/indicators.toml").read_text(encoding="utf-8")
    return parse_dictionary(text)


_DOC_HEAD = """\
# Indicator dictionary and units

<!-- Generated by `python -m extract.indicators > docs/INDICATORS.md` from extract/data/indicators.toml,
extract/numbers.py and extract/statements.py; tests/test_targets.py checks it is current. -->

The dictionary lives in `extract/data/indicators.toml` and ships in the package. It is loaded once per \
process (`extract.indicators.load_dictionary`, `functools.cache`) and compiled into one regular expression \
whose alternatives are ordered longest first, so the most specific wording wins where two overlap.

## Adding a measure or a synonym

Add a string to `names` (simplified script; traditional script, full-width forms, quotation marks and \
whitespace are folded away before matching, and a class range's dash — – ～ reads as - (Ⅰ—Ⅲ类 = Ⅰ-Ⅲ类)) or add a new `[[indicator]]` table with `code` (`area.name`), \
`label`, `label_zh` (the name in Chinese shown in tables and reports), `unit`, `direction` (`+` higher is better, `-` lower is better, `0` neither) and `names`. No code \
change is needed. A name may belong to one code only; loading fails with the entry named otherwise. Then \
regenerate this file.

A statement whose measure is not in the dictionary still gives a row: `indicator` is null and \
`indicator_text` holds the document's own words (河湖岸线修复长度达到35公里 → null, 河湖岸线修复长度). Such a \
row never borrows the code of a measure named before it. Qualitative statements (no number) are only kept \
for named measures.

An entry describes a measure in general. Thresholds that bound what a rule covers (boiler sizes, \
water-source sizes) are measures too; their rows have kind `scope`. The `unit` column is the unit the \
measure is usually stated in; rows keep their own unit, but a number whose unit measures something else \
(a count of boilers against a boiler size) does not take the code.
"""

_DOC_RULES = """\
Other rules (`extract/targets.py`):

- No comparator word: `==` (达标率100%), or `<=` when 控制 stands between the measure and the number \
(劣Ⅴ类水体控制比例6.3%).
- In an assessment notice (考评通报), or a document of no target kind titled as a report of outcomes \
(…生态环境质量状况新闻发布稿, 环境状况公报), rows are `actual` and 达到 reports a value (`==`); a statement \
for a later year than the document's (2024年…不低于89%) is a `target`. A heading naming a government \
(（一）岷江市。) makes it the entity of the statements under it.
- Change words (同比下降, 减少, 提升 …) and values in 百分点 / 位次 give kind `change`; places moved in a \
ranking (排名较上年前移4位) are in 位次.
- A number followed by 以下/以上 and a noun (40蒸吨/小时以下燃煤锅炉) is `scope`.
- Ranges (控制在22—25微克/立方米, 稳定在88%至90%之间) give two rows of the measure: `>=` the near end and \
`<=` the far end, both in the far end's unit. A dash or 至 between numbers without a unit after them \
(2026—2030年, 0431-85378226) makes no range.
- 无 / 不得出现 / 不发生 / 未发生 / 消除 X, X基本消除, X动态清零 and X“零填埋” give `zero`; X无新增, X零增长 and \
X不上升 give `no_increase`.
- In a section whose heading ends in 目标 or 指标, 持续得到控制 / 得到遏制 / 达到年度考核要求 / 完成年度减排任务 / \
完成市下达目标 / 持续改善 give `qualitative`, one row per named measure.
- Lists: 分别…、… and 均 give one row per measure; a measure without its own head noun borrows the last \
one's (农药和化肥使用量). A conjunct that is a measure of its own (二氧化硫、氮氧化物排放量) never takes \
its neighbour's code.
- Measure of a number: the dictionary name before it in the same statement; else a name right after it \
(6项污染物指标达到…); else a counted noun after it (建成3座垃圾转运站); else the number's own words \
(null code). Only a number with no words of its own (…，同比下降3%; …（达到82%以上）; 占比达80%) takes the \
measure of the value before it; after a list, with 均, every list measure's (PM2.5、PM10浓度分别为21、48微克/立方米，\
均同比下降2微克/立方米). A new phrase after a comma names a new measure.
- Tables: a value's unit may stand in a cell before it, across other values' cells (优良天数比例 | % | 82 | \
≥88); a value whose own cell names nothing takes the row's name cell as its phrase; a zero or no-increase \
cell (无新增) states the row's measure; a column headed 完成值 / 实际值 / 现状值 holds `actual` values.
- Year: the document's year; 到2025年 (二〇二五年, 十四五末) holds to the end of its paragraph, a \
deadline's year (2027年底前) to the end of its sentence; a table header (2022年目标值) gives the year of its column. A base year (较2020年, 比2020年, 与2020年相比, \
2020年基础上) is not the year of the statement; a value right after 上年(的) (由上年的83.3%提升至…) is \
the year before's.
- Never values: years, dates and deadlines (9月底前 becomes `deadline`), document numbers (〔2020〕3号), \
ordinals (第三个), 十四五, item labels, numbers inside names (PM2.5, O3, 农村千吨万人水源地水质达标率), \
quoted slogans (“1+N”) and scores or grades that rank governments (综合得分96.5分, 四个等次).
"""


def markdown() -> str:
    """docs/INDICATORS.md: the dictionary, the units and the comparator words, from the code."""
    from extract.numbers import UNITS
    from extract.statements import COMPARATOR_WORDS, SUFFIX_WORDS

    dic = load_dictionary()
    out = [_DOC_HEAD, "## Measures", "", "| code | dir | unit | description | 名称 | names |", "|---|---|---|---|---|---|"]
    for x in sorted(dic.indicators, key=lambda i: i.code):
        out.append(f"| `{x.code}` | {x.direction} | {x.unit or '—'} | {x.label} | {x.label_zh} | {'、'.join(x.names)} |")
    out += ["", "## Units", "", "Units are normalised as written after the number (`extract/numbers.py`, `UNITS`).",
            "", "| written | normalised |", "|---|---|"]
    out += [f"| {written} | {unit} |" for written, unit in UNITS.items()]
    out += ["", ("Rates: a count unit after 每季度 / 每年 / 每月 / 每半年 becomes `次/季度`, `次/年` …; 每立方米30微克 "
            "becomes `μg/m³`. Chinese numerals are read only after 百分之, before a measure unit (千人 → 1000 人) or as a count \
after a bounding word (不少于五家 → 5 家)."),
            "", "## Comparators", "", "Chinese legal usage: 以上 / 以下 / 以内 include the number.", "",
            "| word before the number | comparator | change |", "|---|---|---|"]
    out += [f"| {w} | `{c}` | {'yes' if ch else ''} |" for w, (c, ch) in COMPARATOR_WORDS.items()]
    out += ["", "| word after the number | comparator | approx |", "|---|---|---|"]
    out += [f"| {w} | `{c}` | {'yes' if a else ''} |" for w, (c, a) in SUFFIX_WORDS.items()]
    out += ["", _DOC_RULES]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
