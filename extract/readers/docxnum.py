"""Automatic numbering labels of Word paragraphs ("一、", "（二）", "●", "1.").

Word stores the label of a numbered paragraph not in the text but in ``word/numbering.xml``: the
paragraph names a list instance (``numId``) and a level (``ilvl``), the instance points to an
abstract definition whose level gives the number format and the label pattern (``%1、``).
Counters belong to the abstract definition, so list instances that share one continue each
other's numbering, except that an instance with a ``startOverride`` restarts the level the
first time it is used (this is how Word's "Restart numbering" is stored). Starting a level
resets the levels below it. Paragraph styles may carry the numbering too.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_LEVELS = 9
MAX_LABEL_CHARS = 64
"""Labels are cut to this length: Word's are a few characters, and a hostile w:lvlText of a
megabyte would otherwise be repeated on every numbered paragraph."""
_MAX_ROMAN = 3999
_MAX_LETTERS = 780
"""Word's letter numbering stops at 780 (ZZZ... thirty times); larger numbers are given in digits."""

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"  # ideographTraditional
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"  # ideographZodiac


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return units[0] + (digits[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // power) % 10
        if n >= power * 10 and power == 1000:
            return str(n)  # beyond any list a letter has
        if d:
            out += (digits[0] if zero and out else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    if n > _MAX_ROMAN:
        return str(n)
    pairs: tuple[tuple[int, str], ...] = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"))
    pairs += ((90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in pairs:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    if n > _MAX_LETTERS:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (w:numFmt), decimal for formats not listed."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "taiwaneseCountingThousand"):
        return _chinese(n, _CN_LEGAL, "拾佰仟") if fmt == "chineseLegalSimplified" else _chinese(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    fmt: str
    text: str
    start: int
    suffix: str
    legal: bool


def _val(el: etree._Element | None, child: str, default: str | None = None) -> str | None:
    if el is None:
        return default
    found = el.find(W + child)
    if found is None:
        return default
    return found.get(W + "val", default)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: etree._Element) -> tuple[int, Level]:
    ilvl = _int(lvl.get(W + "ilvl"), 0)
    level = Level(
        fmt=_val(lvl, "numFmt", "decimal") or "decimal",
        text=_val(lvl, "lvlText", "") or "",
        start=_int(_val(lvl, "start"), 1),
        suffix=_val(lvl, "suff", "tab") or "tab",
        legal=lvl.find(W + "isLgl") is not None,
    )
    return ilvl, level


class Numbering:
    """Gives each numbered paragraph its label, in document order (the counters are state)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self._styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._restarted: set[tuple[str, int]] = set()
        if numbering is not None:
            for absn in numbering.iter(W + "abstractNum"):
                levels = dict(_level(lvl) for lvl in absn.iter(W + "lvl"))
                self._abstract[absn.get(W + "abstractNumId", "")] = levels
            for num in numbering.iter(W + "num"):
                starts: dict[int, int] = {}
                overrides: dict[int, Level] = {}
                for ov in num.iter(W + "lvlOverride"):
                    ilvl = _int(ov.get(W + "ilvl"), 0)
                    if (start := _val(ov, "startOverride")) is not None:
                        starts[ilvl] = _int(start, 1)
                    if (lvl := ov.find(W + "lvl")) is not None:
                        overrides[ilvl] = _level(lvl)[1]
                aid = _val(num, "abstractNumId", "") or ""
                self._nums[num.get(W + "numId", "")] = (aid, starts, overrides)
        if styles is not None:
            for style in styles.iter(W + "style"):
                ppr = style.find(W + "pPr")
                numpr = ppr.find(W + "numPr") if ppr is not None else None
                based = _val(style, "basedOn")
                self._styles[style.get(W + "styleId", "")] = (
                    _val(numpr, "numId"),
                    _val(numpr, "ilvl"),
                    based,
                )

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, str | None]:
        for _ in range(10):  # basedOn chains are short; guard against cycles
            if style_id is None or style_id not in self._styles:
                return None, None
            num_id, ilvl, based = self._styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based
        return None, None

    def label(self, ppr: etree._Element | None) -> str:
        """The label Word shows before a paragraph with properties ``ppr`` ("" if none)."""
        if ppr is None:
            return ""
        numpr = ppr.find(W + "numPr")
        num_id, ilvl_text = _val(numpr, "numId"), _val(numpr, "ilvl")
        if num_id is None:
            style_num, style_lvl = self._style_numpr(_val(ppr, "pStyle"))
            num_id, ilvl_text = style_num, ilvl_text or style_lvl
        if num_id is None or num_id not in self._nums:
            return ""  # numId 0 switches numbering off
        aid, starts, overrides = self._nums[num_id]
        levels = {**self._abstract.get(aid, {}), **overrides}
        ilvl = min(max(_int(ilvl_text, 0), 0), MAX_LEVELS - 1)
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(aid, [None] * MAX_LEVELS)
        if ilvl in starts and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            counters[ilvl] = starts[ilvl]
        else:
            current = counters[ilvl]
            counters[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        return self._render(levels, ilvl, counters)

    @staticmethod
    def _render(levels: dict[int, Level], ilvl: int, counters: list[int | None]) -> str:
        level = levels[ilvl]
        if level.fmt == "bullet":
            text = "".join("●" if 0xE000 <= ord(ch) <= 0xF8FF else ch for ch in level.text[:MAX_LABEL_CHARS])
        else:
            text = level.text[:MAX_LABEL_CHARS]
            for k in range(MAX_LEVELS):
                if f"%{k + 1}" not in text:
                    continue
                lv = levels.get(k)
                value = counters[k] if counters[k] is not None else (lv.start if lv else 1)
                fmt = "decimal" if level.legal or lv is None else lv.fmt
                text = text.replace(f"%{k + 1}", format_number(value or 0, fmt))
        text = text[:MAX_LABEL_CHARS]
        if not text:
            return ""
        if level.suffix == "space" or (level.suffix == "tab" and text[-1].isascii()):
            return text + " "
        return text
