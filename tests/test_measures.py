"""Unknown measures: a near dictionary name, else a normalised key that groups identical wordings."""

from __future__ import annotations

import pytest

from extract.measures import near_code, phrase_key
from extract.vocabulary import load_dictionary


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("长乐市海水水质达到或优于二类水质标准的海域面积比例", "海水水质达到或优于二类水质标准的海域面积比例"),  # the government
        ("60个监测断面达标率", "监测断面达标率"),  # a count
        ("(二)河湖岸线修复长度", "河湖岸线修复长度"),  # an item label
        ("今年市區(qū)空氣質量優良率", "今年市区空气质量优良率"),  # traditional script and scraper pinyin
        ("新建“口袋公园”", "新建“口袋公园”"),  # the document's own words otherwise
    ],
)
def test_phrase_key(phrase, key):
    assert phrase_key(phrase) == key


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("乡镇集中式饮用水水源地达标比例", "water.township_drinking_source_compliance"),  # a near variant
        ("城区集中式饮用水水源水质达标比率", "water.drinking_source_compliance"),
        ("河湖岸线修复长度", None),  # near nothing
        ("监测断面数", None),
        ("达标率", None),  # too short to guess
    ],
)
def test_near_code(key, code):
    assert near_code(load_dictionary(), key) == code


_GENERAL = '''
[[indicator]]
code = "water.good_ratio"
label = "x"
unit = "%"
direction = "+"
names = ["优良水体比例"]
'''
_NATIONAL = '''
[[indicator]]
code = "water.national_good_ratio"
label = "x"
unit = "%"
direction = "+"
names = ["国控断面优良水体比例"]
'''
"""A narrower measure, without its ``narrows`` and ``when`` (each test adds what it needs)."""


def test_a_word_before_a_general_name_narrows_it() -> None:
    from extract.vocabulary.indicators import parse_dictionary

    dic = parse_dictionary(_GENERAL + _NATIONAL + '''narrows = "water.good_ratio"
when = ["国控"]
''')
    assert dic.narrow("water.good_ratio", "全省12个国控断面") == "water.national_good_ratio"
    assert dic.narrow("water.good_ratio", "全省地表水") == "water.good_ratio"
    assert dic.narrow("water.national_good_ratio", "国控") == "water.national_good_ratio"


@pytest.mark.parametrize("extra", ['narrows = "water.good_ratio"', 'when = ["国控"]', 'narrows = "water.none"\nwhen = ["国控"]'])
def test_a_narrowing_needs_its_words_and_a_known_measure(extra: str) -> None:
    from extract.vocabulary.indicators import parse_dictionary

    with pytest.raises(ValueError, match="water.national_good_ratio"):
        parse_dictionary(_GENERAL + _NATIONAL + extra + "\n")
