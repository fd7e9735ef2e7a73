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
