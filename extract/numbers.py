"""Numbers and units in folded (simplified, half-width) Chinese text.

The hot path of target extraction: one compiled alternation finds every number with the unit
written after it, so the rest of the work only happens around hits. Numbers that are not values
never leave this module: years (2025年, 二〇二五年), dates (9月底, 2022-02-22), document numbers
(〔2020〕3号), ordinals (第三个, 第9位), plan names (十四五), numbers inside measure names (PM2.5,
O3) and slogans in quotation marks (“1+N”, “千吨万人”).

A range (22—25微克/立方米, 88%至90%) gives two hits, its low and high ends, each marked with its bound.

A Chinese numeral is read only with 百分之 before it, a measure unit right after it (千人,
八十万亩), or a counter after a bounding word (不少于五家): bare Chinese numerals are nearly always
part of a name (一主六双, 三线一单, 四个等次).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.vocabulary.units import COUNT_UNITS, UNITS

# Chinese digits and multipliers (comment: meaning).
CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0,  # zero, including the circle used in years (二〇二五)
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_MULTIPLIERS = {
    "十": 10,  # 十五 = 15, 二十 = 20
    "百": 100,
    "千": 1000,  # 千人以下 = 1000 people or fewer
    "万": 10_000,  # inside a numeral only; 万 before a unit (万吨) belongs to the unit
}

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_CN_NUM = "零〇○一二两三四五六七八九十百千万"
# Units a bare Chinese numeral may carry: measures, never counters (三个, 四项 are names).
_CN_UNIT_ALT = "|".join(re.escape(u) for u in sorted(set(UNITS) - COUNT_UNITS - {"天", "个百分点"}, key=len, reverse=True))

# Words after which a Chinese numeral with a counter is a value (不少于五家, 至少三个): a count a
# comparator bounds is stated, where 三个, 四项 alone are names (三个等次, 四项机制).
CN_COUNT_COMPARATORS = ("不少于", "不低于", "不多于", "不超过", "不得少于", "至少")
_CN_COUNT_AFTER = "(?:" + "|".join(f"(?<={w})" for w in CN_COUNT_COMPARATORS) + ")"
_CN_COUNT_ALT = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))

# Units written in Latin letters (55μg/m³, 12.5km²): a number may touch these letters.
_LATIN_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True) if u[0].isascii() and u[0].isalpha())

# Words joining the two ends of a range (22—25微克/立方米, 88%至90%之间).
RANGE_JOINERS = "—|–|-|~|至"

NUMBER_RE = re.compile(
    # Arabic number not glued to Latin letters, other digits, slashes or hyphens (PM2.5, O3,
    # sm09101-0120, 0431-85378226, 163.com), unless the letters are a unit (12.5km²) ...
    rf"(?P<ar>(?=\d)(?<![A-Za-z0-9.\-/_@+~—–])\d+(?:\.\d+)?)"
    # ... or it opens a range whose far end carries a unit (22—25微克/立方米; 2021-2025年 has none) or
    # closes with 之间 (pH值在6.02-8.7之间, a measure without a unit).
    rf"(?:(?P<lounit>\s?%)?\s?(?:{RANGE_JOINERS})\s?(?P<hi>\d+(?:\.\d+)?)(?=\s?(?:{_UNIT_ALT}|之间))"
    rf"|(?![\d\-—–~+:/@]|\.\d|(?!{_LATIN_UNIT_ALT})[A-Za-z]))"
    rf"(?P<more>余|多)?(?:\s?(?P<unit>{_UNIT_ALT}))?"  # a space belongs to the unit, never to a bare number
    rf"|百分之(?P<pct>[{_CN_NUM}点]+)"
    rf"|(?=[{_CN_NUM}]){_CN_COUNT_AFTER}(?P<cnc>[{_CN_NUM}]+)(?P<cncunit>{_CN_COUNT_ALT})"
    # 近两万台, 约三千家: a round count in hundreds or more, approximately (三个 after 近 stays a name).
    rf"|(?<=[近约])(?P<cnr>[{_CN_NUM}]*[百千万][{_CN_NUM}]*)(?P<cnrunit>{_CN_COUNT_ALT})"
    # (not after an Arabic number: 3.2万公顷 is never 3.2 and 万公顷)
    # (千 of 千米, 千克, 千瓦 alone is the unit's prefix: 2.2吨/平方千米 has no 1000 metres)
    rf"|(?=[{_CN_NUM}])(?<![第国十\d.{_CN_NUM}])(?!千[米克瓦帕])(?P<cn>[{_CN_NUM}]+)(?P<cnunit>{_CN_UNIT_ALT})"
)
"""One alternation for every number: Arabic with an optional unit, 百分之…, Chinese with a unit."""

# Contexts that make a number something other than a value (checked around each hit).
_YEAR_AFTER = re.compile(r"\s?(年|年度|—|-|–|~|至\d)")
_NOT_VALUE_AFTER = re.compile(r"\s?(月|日|号|时|分|秒|周|岁|届|批|级|期|轮|倍|版|条|款|章|节|类|\+)")
_RANK_MOVE = re.compile(r"(前移|后移|前进|后退|上升|下降|提升|进|退)\s?$")
"""排名较上年前移4位: a number of places moved up or down a ranking is in 位次 (not 4位专家)."""
_DURATION_AFTER = re.compile(r"月|季度|小时|工作日|星期")
"""连续5个月达到Ⅱ类, 8个月Ⅱ类, 3个工作日内: 个 before a span of time counts months or days, a duration, not a value."""
_FORMULA_BEFORE = re.compile(r"(?<![A-Za-z])(?:PM|O|NO|SO|CO|NH)\s$")
"""臭氧(O 3 ), (PM 10 ), NO 2: a page's copy spaced a formula's subscript out; the number is part of the name."""
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")
_GLUED_DOC_NUMBER = re.compile(r"(?:19|20)\d\d\d{1,4}")
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]")
_QUOTE_OPEN = "“‘「『\""
_QUOTE_CLOSE = "”’」』\""
_ANY_QUOTE_OPEN = re.compile("[" + re.escape(_QUOTE_OPEN) + "]")


@dataclass(frozen=True)
class NumberHit:
    """A number found in folded text, with the unit written after it."""

    start: int
    end: int
    """Span of the number and its unit in the searched text."""
    value: float
    text: str
    """The number as written: "87.6", "百分之八十", "千"."""
    unit: str | None
    """Normalised unit, None when none is written."""
    more_than: bool = False
    """余 / 多 after the number: 9200余万元 is more than 9200万元."""
    bound: str | None = None
    """"low" or "high" for the ends of a range (22—25微克/立方米): the value is a floor or a ceiling."""


def cn_to_number(text: str) -> float | None:
    """Value of a Chinese numeral: "八十" -> 80, "一千二百" -> 1200, "二〇二五" -> 2025, "三点五" -> 3.5."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = cn_to_number(whole) if whole else 0.0
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return w + float("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    if all(ch in CN_DIGITS for ch in text):
        # Digit by digit: 二〇二五 -> 2025; a lone digit is itself.
        return float("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit = 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch == "万":
            section = (section + digit) or 1
            total += section * 10_000
            section = digit = 0
        elif ch in CN_MULTIPLIERS:
            section += (digit or 1) * CN_MULTIPLIERS[ch]
            digit = 0
        else:
            return None
    return float(total + section + digit)


def _inside_quotes(text: str, pos: int, window: int = 12) -> bool:
    """True when ``pos`` sits inside a short quoted name (“1+N”, “千吨万人”)."""
    if not _ANY_QUOTE_OPEN.search(text, max(0, pos - window), pos):
        return False  # most numbers: no quote opens before them
    left = text[max(0, pos - window):pos]
    opened = max(left.rfind(q) for q in _QUOTE_OPEN)
    if opened < 0:
        return False
    if any(q in left[opened + 1:] for q in _QUOTE_CLOSE if q != '"'):
        return False
    right = text[pos:pos + window]
    return any(q in right for q in _QUOTE_CLOSE)


def _inside_brackets(text: str, pos: int) -> bool:
    """True inside a document number's brackets: 〔2020〕3号, [2021]25号."""
    left = text[max(0, pos - 8):pos]
    return "〔" in left and "〕" not in left[left.rfind("〔"):] or bool(re.search(r"[〕\]]\s?$", left))


def find_numbers(text: str) -> list[NumberHit]:
    """Every value-like number in folded ``text`` with its unit, in order; non-values left out."""
    hits: list[NumberHit] = []
    for m in NUMBER_RE.finditer(text):
        start, end = m.span()
        if m.group("ar") is not None:
            raw = m.group("ar")
            after = text[m.end("ar"):m.end("ar") + 3]
            if m.group("unit") is None and m.group("hi") is None:
                if _YEAR_AFTER.match(after) or _NOT_VALUE_AFTER.match(after):
                    continue
                if _BARE_YEAR.fullmatch(raw):
                    continue  # a bare year, "截至2022"
            if text[max(0, start - 1):start] == "第" or _inside_brackets(text, start):
                continue
            if m.group("unit") is None and _GLUED_DOC_NUMBER.fullmatch(raw) and _HAN_BEFORE.match(text, start - 1) \
                    and text.startswith((")", "）", "号"), end):
                continue  # (环水体2017142): a document number whose brackets a copy lost
            if _inside_quotes(text, start):
                continue
            unit_raw = m.group("unit")
            unit = UNITS[unit_raw] if unit_raw else None
            hi = m.group("hi")
            if hi is not None and unit is None and _BARE_YEAR.fullmatch(raw):
                continue  # 2021-2025之间: years
            if hi is not None:  # a range: two values, a floor and a ceiling, in the far end's unit
                low_unit = "%" if m.group("lounit") else unit
                hits.append(NumberHit(start, m.end("ar") + len(m.group("lounit") or ""), float(raw), raw, low_unit,
                                      bound="low"))
                hits.append(NumberHit(m.start("hi"), end, float(hi), hi, unit, more_than=m.group("more") is not None,
                                      bound="high"))
                continue
            if unit == "个" and _DURATION_AFTER.match(text, end):
                continue
            if unit is None and _FORMULA_BEFORE.search(text, max(0, start - 3), start):
                continue
            if unit is None and text.startswith("位", end) and _RANK_MOVE.search(text, max(0, start - 4), start):
                unit, end = "位次", end + 1
            hits.append(NumberHit(start, end, float(raw), raw, unit, more_than=m.group("more") is not None))
        elif m.group("cnr") is not None:
            value = cn_to_number(m.group("cnr"))
            if value is not None and not _inside_quotes(text, start):
                hits.append(NumberHit(start, end, value, m.group("cnr"), UNITS[m.group("cnrunit")]))
        elif m.group("cnc") is not None:
            value = cn_to_number(m.group("cnc"))
            if value is not None and not _inside_quotes(text, start):
                hits.append(NumberHit(start, end, value, m.group("cnc"), UNITS[m.group("cncunit")]))
        elif m.group("pct") is not None:
            value = cn_to_number(m.group("pct"))
            if value is not None and not _inside_quotes(text, start):
                hits.append(NumberHit(start, end, value, m.group(0), "%"))
        else:
            cn = m.group("cn")
            value = cn_to_number(cn)
            if value is None or _inside_quotes(text, start):
                continue
            if text[max(0, start - 1):start] == "第" or re.match(r"\s?(五|年)", text[m.end("cn"):m.end("cn") + 2]):
                continue
            hits.append(NumberHit(start, end, value, cn, UNITS[m.group("cnunit")]))
    return hits
