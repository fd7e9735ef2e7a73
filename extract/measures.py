"""Measures the dictionary does not name word for word: a near name, else one key per wording.

A statement's measure is looked up in the dictionary by exact name (extract.vocabulary). Real
pages of other provinces word the same measure a little differently (乡镇集中式饮用水源地达标比例
against 乡镇集中式饮用水水源地水质达标率), so a phrase left without a code is compared with the
dictionary's names by edit distance (rapidfuzz), tail against tail: a Chinese measure ends in its
head noun (…达标率, …比例, …浓度), and what stands before the name is context (a place, a river).
A phrase that is near no name keeps a normalised key in ``indicator_text``: folded to simplified
script, without the government's name, layout, scraper pinyin or a leading label or count,
so identical unknown measures group in a pivot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz

from extract import gazetteer
from extract.normalize import PINYIN_GLOSS, fold
from extract.records import Target
from extract.vocabulary import Dictionary
from extract.vocabulary.indicators import make_key

DEFAULT_NEAR_SCORE = 90.0
"""How alike (rapidfuzz ratio, 0-100) a phrase's tail and a dictionary name must be to take its code."""
MIN_NEAR_CHARS = 5
"""Shorter names are never matched approximately (浓度, 达标率 differ from their neighbours by one word)."""

_DROP = re.compile(r"[\s|]")
_LEAD = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）.、．]|[●·■◆▲\-—]|\d+(?:\.\d+)?[个条家座项处所只台辆%]?|[,，;；:：、])+")
_DIGITS = re.compile(r"\d")
_CLASS_BAR = re.compile(r"(?:年均)?(?:水质)?[ⅠⅡⅢⅣI]+类(?:及)?以上")
"""The class a compliance rate counts from, written inside its name (监测断面年均水质Ⅲ类以上达标率
is 监测断面达标率 counted at Ⅲ类 or better)."""


def phrase_key(phrase: str) -> str:
    """The wording of a measure reduced for grouping (长乐市海水水质… -> 海水水质…; 60个监测断面达标率 -> 监测断面达标率)."""
    key = _DROP.sub("", PINYIN_GLOSS.sub("", fold(phrase)))
    for _ in range(3):  # a label, a count and a government may stand before the measure, in any order
        before = key
        key = _LEAD.sub("", key)
        key = key[_leading_government(key):]
        if key == before:
            break
    return key


def _leading_government(key: str) -> int:
    """Length of the government's name ``key`` opens with (长乐市…, 湖北随州…), 0 when none."""
    for n in range(min(len(key) - 2, 10), 1, -1):
        if key[n - 1] in "省市州县区旗盟" and gazetteer.resolve(key[:n]) is not None:
            return n
    found = gazetteer.find_all(key[:12])
    return found[0][1] if found and found[0][0] == 0 else 0


def near_code(dic: Dictionary, key: str, score: float = DEFAULT_NEAR_SCORE) -> str | None:
    """The code of the dictionary name nearest the tail of ``key``, if it is near enough; else None. The key
    is compared as names are (a class typed III类 as Ⅲ类)."""
    key = make_key(key).text
    if len(key) < MIN_NEAR_CHARS or _DIGITS.search(key[-3:]):
        return None
    best, best_code = score, None
    for name, code in dic.by_name.items():
        if len(name) < MIN_NEAR_CHARS or abs(len(name) - len(key)) > len(name):
            continue
        tail = key[-len(name) - 2:]
        s = max(fuzz.ratio(name, tail), fuzz.ratio(name, key[-len(name):]))
        if s >= best:
            best, best_code = s, code
    return best_code


def place_measures(dic: Dictionary, targets: Iterable[Target]) -> list[Target]:
    """Targets whose measure has no code: the nearest dictionary name's code, else a normalised key."""
    out = []
    cache: dict[str, tuple[str | None, str]] = {}
    for t in targets:
        if t.indicator is not None or not t.indicator_text:
            out.append(t)
            continue
        if t.indicator_text not in cache:
            key = phrase_key(t.indicator_text)
            # Scraper pinyin cut the name apart (空氣質量優(yōu)良率): the name found once it is gone.
            exact = dic.code_of(key) if PINYIN_GLOSS.search(t.indicator_text) else None
            if exact is None and _CLASS_BAR.search(key):
                exact = dic.code_of(_CLASS_BAR.sub("", key))
            cache[t.indicator_text] = (exact or near_code(dic, key), key)
        code, key = cache[t.indicator_text]
        out.append(replace(t, indicator=code, indicator_text=key or t.indicator_text))
    return out
