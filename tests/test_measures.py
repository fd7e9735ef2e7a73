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


def _measured(text: str) -> list[tuple]:
    from extract.file import records_from_extraction
    from extract.records import Extraction

    rec = records_from_extraction(Extraction(text=text, format="txt"), "bulletin.txt", "0" * 64)
    return [(t.indicator, t.value) for t in rec.targets]


@pytest.mark.parametrize("sentence, measured", [
    # how bulletins and outcome news name the grades of air quality, the six pollutants and their water
    ("2023年，全市空气质量优级天数比例为52.3%，良级天数比例为45.1%。",
     [("air.excellent_days_ratio", 52.3), ("air.good_only_days_ratio", 45.1)]),
    ("全年空气质量优的天数为180天，良的天数为160天，轻度污染天数为20天。",
     [("air.excellent_days", 180), ("air.good_only_days", 160), ("air.light_pollution_days", 20)]),
    ("重度污染及以上天数为3天，重污染以上天数比例为0.8%。",
     [("air.heavy_pollution_days", 3), ("air.heavy_pollution_ratio", 0.8)]),
    ("臭氧日最大8小时平均浓度为130微克/立方米。", [("air.o3", 130)]),
    ("全市37个省控断面水质优良比例为86.5%。", [("water.provincial_section_good_ratio", 86.5)]),
    ("全市城市建成区黑臭水体比例控制在10%以内。", [("water.urban_black_odorous_ratio", 10)]),
    ("到2020年，地下水质量极差比例控制在15%左右。", [("water.groundwater_very_poor_ratio", 15)]),
    ("昼间道路交通噪声平均等效声级为67.2分贝。", [("noise.road_traffic_day_leq", 67.2)]),
    ("全县集中式饮用水水源地水质优良比例达到100%。", [("water.drinking_source_compliance", 100)]),
    ("全市共建成自然保护区12个，自然保护区面积达8500公顷。",
     [("eco.nature_reserves", 12), ("eco.nature_reserve_area", 8500)]),
])
def test_bulletins_measures_have_their_codes(sentence: str, measured: list[tuple]) -> None:
    assert _measured(sentence) == measured


def test_provincially_assessed_sections_stay_the_surface_measure() -> None:
    # a province's own assessed sections (省考) are its surface-water measure; its monitored ones (省控) narrow it
    assert _measured("全省地表水省考断面水质优良比例为90.5%。") == [("water.surface_good_ratio", 90.5)]
