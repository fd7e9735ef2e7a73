"""The words naming a measure: what is left of the text before a number once filler is gone.

A number's own phrase is the text between the previous break and the comparator word, with
carry-over filler (同比, 分别, 到2025年, list markers …) removed. A bare share, rank or amount
word (占比, 排名, 减排量) names nothing of its own: it refers back to the measure just named.
"""

from __future__ import annotations

import re

from extract import gazetteer
from extract.vocabulary.comparators import COMPARATOR_WORDS
from extract.vocabulary.units import UNITS

_HAN = re.compile(r"[\u4e00-\u9fff]")

# Words that may stand between a measure's value and a further number of the same measure
# without naming a measure of their own (comment: meaning). What remains of the words before a
# number once these (and the comparator word) are removed is the number's own measure phrase.
CARRY_FILLER = re.compile(
    r"同比|环比|较上年度?|比上年度?|较去年|比去年|与\s?(?:上一?年|去年|(?:19|20)\d\d\s?年)度?|同期|[由从](?:上年|去年)度?的?|[较比]\s?(?:19|20)\d\d\s?年度?|[较比]\s?(?:上个?月|\d{1,2}\s?月)份?|相比"  # base
    r"|[到至在于]?\s?(?:19|20)\d\d\s?年度?(?:底|末)?(?:之?前)?|\d{1,2}\s?月(?:底|末)?(?:之?前)?"  # years, deadlines
    r"|累计|分别|均|力争|确保|争取|大约|约|进一步|其中|共计|总计|合计|全年|年均"  # adverbs (not 近/再: 近岸, 再生水)
    r"|(?:上|去)年(?:同期)?"  # (上年为85.2%), 比去年同期增加3天: the year a value is for, not what it measures
    r"|及?以[上下内]|全[省市县区州盟旗]|[(（]?[一二三四五六七八九十]+[)）、]|\d+[.、]"  # closing words, area, markers
    r"|(?:[较比]|优于|好于)[^,，;；。!?！？\d]{0,16}?(?:目标|要求|标准)值?(?:高出|低出)?"  # a requirement as the base
    r"|连续[一二三四五六七八九十两\d]+年"  # 连续六年达到300天以上: for how long, not what
)
_COMPARATOR = re.compile("|".join(re.escape(w) for w in sorted(COMPARATOR_WORDS, key=len, reverse=True)))
"""A comparator word left before the last one (达到不低于59.6%, 达到下降比例高于12%) names no measure."""
ANAPHORIC_WORDS = frozenset({"占比", "比例", "比重", "比率", "所占比例", "所占比重", "排名", "排位",
                             "减排量", "减排总量", "削减量", "排放量", "排放总量",
                             "降幅", "增幅", "涨幅", "下降幅度", "上升幅度", "改善幅度", "降低幅度", "改善"})
"""推进“绿盈乡村”创建，占比达80%; …，排名较上年前移4位; 完成氮氧化物、挥发性有机物减排任务，减排量分别不少于
120吨和85吨; 同比下降18微克/立方米，降幅25.7%: a bare share, rank, amount or change word refers back to the
measures just named."""
_GOVERNMENTS_FILLER = re.compile(r"[、,，和及与等]|\d+个?(?:省|市|州|县|区|城市)|确定了?|提出了?")
"""What may join a list of governments before their shared predicate (长沙、株洲和湘潭等3市确定了)."""
PHRASE_MAX = 24
"""Longest own phrase kept for a measure that is not in the dictionary."""


def own_phrase(s: str, a: int, b: int) -> str:
    """The words naming a measure in ``s[a:b]`` once filler is removed, or "" when none are left."""
    piece = s[a:b]
    han = "".join(_HAN.findall(_COMPARATOR.sub("", CARRY_FILLER.sub("", piece))))
    if len(han) < 2 or han in ANAPHORIC_WORDS or _only_governments(piece):
        return ""
    return trim_phrase(piece)


def _only_governments(piece: str) -> bool:
    """The words are a list of governments that share the predicate (北京、天津、河北确定了下降25%的目标,
    山西、山东下降20%): they say whose value it is, not what it measures."""
    found = gazetteer.find_all(piece)
    if not found:
        return False
    rest, at = [], 0
    for a, b, _ in found:
        rest.append(piece[at:a])
        at = b
    rest.append(piece[at:])
    return not _HAN.search(_GOVERNMENTS_FILLER.sub("", CARRY_FILLER.sub("", "".join(rest))))


def trim_phrase(piece: str) -> str:
    """A phrase without leading list markers and filler, trailing filler and layout."""
    piece = piece.strip(" \t,，;；、和及与●·•▪-")
    while True:
        m = CARRY_FILLER.match(piece)
        if not m or not m.group(0):
            break
        piece = piece[m.end():].lstrip(" \t、●·•")
    cut = True
    while cut:  # 污染天比去年同期: every filler closing the phrase, the last first
        cut = False
        for m in CARRY_FILLER.finditer(piece):
            if m.end() == len(piece) and m.start() > 0:
                piece, cut = piece[:m.start()].rstrip(), True
                break
    return piece.strip(" \t、和及与")[-PHRASE_MAX:]


def table_phrase(s: str, pos: int) -> str:
    """In a table row, the nearest cell before ``pos`` naming something (not a unit, a number or a sign)."""
    for cell in reversed(s[:pos].split("\t")[:-1]):
        cell = cell.strip()
        if len(_HAN.findall(cell)) >= 2 and cell not in UNITS:
            return cell[-PHRASE_MAX:]
    return ""
