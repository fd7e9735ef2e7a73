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
import itertools
import operator
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from extract.normalize import fold
from extract.vocabulary.trie import trie_pattern

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
    narrows: str = ""
    """The code of the general measure this one narrows (``narrows`` in the dictionary), or ""."""
    when: tuple[str, ...] = ()
    """Words that, standing before a name of the general measure in the same statement, make it this
    one (全省153个地表水国控断面优良水体比例: 国控 makes 优良水体比例 the national sections')."""


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


_CLASS_GLOSS = re.compile(r"[(（](?=[^()（）,，;；。]{0,14}?(?:[~\-—–至到或]|以上|优于|好于))[^()（）,，;；。]{0,14}?类(?:及?以上)?[)）]")
"""A class range glossed inside a name (水质优良(Ⅰ~Ⅲ类)比例, 水质优良(达到或优于Ⅲ类)比例): the key drops it,
so the name is found however the range is written, or whether it is written at all. A bracket naming one
class (无劣Ⅴ类) is not a range and stays."""


_ROMAN = re.compile(r"(?<![A-Za-z])(?:III|II|IV|V|I)(?![A-Za-z])(?=\s?(?:类|[-~—–至到、和或]\s?(?:III|II|IV|V|I|[ⅠⅡⅢⅣⅤ])\s?类))")
"""A water class written in Latin letters (III类, I-III类, 劣V类, IV类水质以下), as typed pages write it: the key
writes it as the Roman-numeral character (Ⅲ类), so each class name is found however it is typed."""
_ROMAN_CHAR = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}


def make_key(text: str) -> Key:
    """The matching key of already folded ``text``."""
    reduced = text.translate(_DROP_TABLE)
    classed = "类" in text and (_CLASS_GLOSS.search(text) is not None or _ROMAN.search(text) is not None)
    if len(reduced) == len(text) and not classed:
        return Key(reduced, text, None)
    if not classed:  # quotes or spaces dropped: the kept characters' offsets, counted in C
        kept = map(operator.not_, map(_KEY_DROP.__contains__, text))
        return Key(reduced, text, tuple(itertools.compress(range(len(text)), kept)))
    dropped = [False] * len(text)
    written: dict[int, str] = {}
    for m in _CLASS_GLOSS.finditer(text):
        dropped[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _ROMAN.finditer(text):
        if not dropped[m.start()]:
            written[m.start()] = _ROMAN_CHAR[m.group(0)]
            dropped[m.start() + 1:m.end()] = [True] * (m.end() - m.start() - 1)
    offsets = tuple(i for i, ch in enumerate(text) if not dropped[i] and ch not in _KEY_DROP)
    return Key("".join(written.get(i, text[i]) for i in offsets).translate(_DROP_TABLE), text, offsets)


def _key_of_name(name: str) -> str:
    return make_key(fold(name)).text


@dataclass(frozen=True)
class Dictionary:
    """The loaded dictionary and its compiled matcher."""

    indicators: tuple[Indicator, ...]
    by_code: dict[str, Indicator]
    by_name: dict[str, str]
    """Name key -> code."""
    pattern: re.Pattern[str]
    narrower: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)
    """General code -> ((qualifying words, narrower code), ...), from the entries' ``narrows``."""

    def narrow(self, code: str, before: str) -> str:
        """``code``, or the narrower measure a qualifying word in ``before`` (the statement's words before
        the name, folded) makes it."""
        for words, narrower in self.narrower.get(code, ()):
            if any(w in before for w in words):
                return narrower
        return code

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
        narrows, when = entry.get("narrows", ""), tuple(fold(w) for w in entry.get("when", ()))
        if bool(narrows) != bool(when):
            raise ValueError(f"indicator {code}: give both `narrows` and `when`, or neither")
        indicators.append(Indicator(code, entry.get("label", ""), entry.get("unit", ""), entry["direction"], names,
                                    entry.get("label_zh") or names[0], narrows, when))
    by_code = {x.code: x for x in indicators}
    narrower: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {}
    for x in indicators:
        if x.narrows:
            if x.narrows not in by_code:
                raise ValueError(f"indicator {x.code}: narrows {x.narrows!r}, which is not in the dictionary")
            narrower[x.narrows] = (*narrower.get(x.narrows, ()), (x.when, x.code))
    return Dictionary(tuple(indicators), by_code, by_name, re.compile(trie_pattern(sorted(by_name))), narrower)


@functools.cache
def load_dictionary() -> Dictionary:
    """The dictionary shipped in the package, loaded and compiled once per process."""
    text = resources.files("extract").joinpath("data/indicators.toml").read_text(encoding="utf-8")
    return parse_dictionary(text)
