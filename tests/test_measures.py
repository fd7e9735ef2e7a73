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
    ("全省秸秆离田率为66%。", [("agri.straw_removal_rate", 66)]),
    ("全市完成整治“散乱污”企业1200家，拆除燃煤小锅炉300台。",
     [("industry.scattered_polluting_firms_rectified", 1200), ("air.small_coal_boilers_removed", 300)]),
    ("全市共建成自然保护区12个，自然保护区面积达8500公顷。",
     [("eco.nature_reserves", 12), ("eco.nature_reserve_area", 8500)]),
    # a province's own assessed sections (省考) are its surface-water measure; its monitored ones (省控) narrow it
    ("全省地表水省考断面水质优良比例为90.5%。", [("water.surface_good_ratio", 90.5)]),
    # a day count named by its grade alone
    ("全年空气质量优良天数为320天，其中优120天，良200天；超标45天，其中重度污染5天。",
     [("air.good_days", 320), ("air.excellent_days", 120), ("air.good_only_days", 200), ("air.polluted_days", 45),
      ("air.heavy_pollution_days", 5)]),
    ("全市优良天数为30天(优18天、良12天)。", [("air.good_days", 30), ("air.excellent_days", 18), ("air.good_only_days", 12)]),
    ("全市环境空气质量达标300天，同比增加12天。", [("air.good_days", 300), ("air.good_days", 12)]),
    ("全年轻度污染50天，中度污染10天，重度污染4天，严重污染1天。",
     [("air.light_pollution_days", 50), ("air.moderate_pollution_days", 10), ("air.heavy_pollution_days", 4),
      ("air.severe_pollution_days", 1)]),
    ("全市空气质量综合指数为3.85，同比改善5.2%。", [("air.composite_index", 3.85), ("air.composite_index", 5.2)]),
    # a share of a count of days or things is their ratio; a relative change of the days stays theirs
    ("各县空气质量优良天数均为100%，全市优级天数上升了5.2个百分点，重污染天数同比下降20%。",
     [("air.good_days_ratio", 100), ("air.excellent_days_ratio", 5.2), ("air.heavy_pollution_days", 20)]),
    ("城市建成区黑臭水体控制在10%以内。", [("water.urban_black_odorous_ratio", 10)]),
    # a class range glossed inside the name; sections of two levels are the general measure
    ("全市省控断面水 质 优 良(Ⅰ~Ⅲ类)比 例为90%。", [("water.provincial_section_good_ratio", 90)]),
    ("全省地表水水质优良(达到或好于Ⅲ类)比例为80%。", [("water.surface_good_ratio", 80)]),
    ("全市12个国、省控断面水质优良比例为100%。", [("water.surface_good_ratio", 100)]),
    # water classes typed in Latin letters
    ("全市地表水达到或优于III类水质断面比例为90%，劣V类水体比例为1.5%。",
     [("water.surface_good_ratio", 90), ("water.surface_inferior_v_ratio", 1.5)]),
    ("全市I-III类水体比例达到85%。", [("water.surface_good_ratio", 85)]),
    # a measure named once before several numbers
    ("全市PM10月均浓度范围为30~60微克/立方米，平均浓度为45微克/立方米，与上年同期相比下降了3微克/立方米。",
     [("air.pm10", 30), ("air.pm10", 60), ("air.pm10", 45), ("air.pm10", 3)]),
    ("各县优良天数均为30天，优良比例为100%。", [("air.good_days", 30), ("air.good_days_ratio", 100)]),
    ("二氧化硫、一氧化碳、臭氧浓度分别为12微克/立方米、1.2毫克/立方米、150微克/立方米。",
     [("air.so2", 12), ("air.co", 1.2), ("air.o3", 150)]),
    ("二氧化氮和臭氧分别上升9.5和2.2个百分点。", [("air.no2", 9.5), ("air.o3", 2.2)]),
    # pollutants by formula before 分别, whatever stands between (同比), and a pollutant after a place's words
    (("全市PM2.5、PM10、SO2、NO2、CO、O3平均浓度同比分别下降3微克/立方米、4微克/立方米、1微克/立方米、"
      "2微克/立方米、0.2毫克/立方米、6微克/立方米。"),
     [("air.pm25", 3), ("air.pm10", 4), ("air.so2", 1), ("air.no2", 2), ("air.co", 0.2), ("air.o3", 6)]),
    ("城区环境空气中二氧化硫(SO2)、二氧化氮(NO2)年均浓度分别为8微克/立方米、21微克/立方米。",
     [("air.so2", 8), ("air.no2", 21)]),
    # a change in days after a share of days is the days' (a change in % or points may be any measure's)
    ("全市空气质量优良天数为340天,优良天数比例为93.2%,与2022年相比,增加了5天、1.4个百分点。",
     [("air.good_days", 340), ("air.good_days_ratio", 93.2), ("air.good_days", 5), ("air.good_days_ratio", 1.4)]),
    # a forest's area beside its coverage
    ("全市现有森林面积为120.5万公顷，森林覆盖率为45%。", [("eco.forest_area", 120.5), ("eco.forest_coverage", 45)]),
    # the grades of good air written apart (优、良)
    ("全年空气质量达到优、良天数共320天，优、良天数比例为87.7%。", [("air.good_days", 320), ("air.good_days_ratio", 87.7)]),
    # a change against the month before names no measure of its own
    ("全市优良天数比例为96.7%,较5月份上升3.3个百分点,较上月下降1.1个百分点。",
     [("air.good_days_ratio", 96.7), ("air.good_days_ratio", 3.3), ("air.good_days_ratio", 1.1)]),
    # 二氧化硫 alone is the emission, beside an air-quality pollutant the air's concentration
    ("二氧化硫和可吸入颗粒物分别下降6.2和11.6个百分点。", [("air.so2", 6.2), ("air.pm10", 11.6)]),
    ("二氧化硫、氮氧化物排放量分别下降3%、5%。", [("emission.so2_reduction", 3), ("emission.nox_reduction", 5)]),
    ("细颗粒物平均浓度40微克/立方米，同比下降5微克/立方米，降幅11.1%。",
     [("air.pm25", 40), ("air.pm25", 5), ("air.pm25", 11.1)]),
    ("优良天数比例为95.0%，与2021年同期的93.0%相比，提高2.0个百分点。",
     [("air.good_days_ratio", 95), ("air.good_days_ratio", 93), ("air.good_days_ratio", 2)]),
    # a count of cities whose air meets the standard
    ("全省9个中心城市中有8个环境空气质量达到二级标准。", [("air.attainment_cities", 8)]),
    ("全省6个设区市达到国家空气质量二级标准。", [("air.attainment_cities", 6)]),
    ("全区5个盟市空气质量综合评价达标。", [("air.attainment_cities", 5)]),
    ("全市建成3座加油站油气回收设施。", [(None, 3)]),  # a counted noun the dictionary does not know keeps no code
])
def test_a_sentences_measures_have_their_codes(sentence: str, measured: list[tuple]) -> None:
    """Bulletins', outcome news' and plans' sentences: each number's measure (near variants, measures named once)."""
    assert _measured(sentence) == measured


def test_a_plans_indicator_list_has_its_codes() -> None:
    # the indicators a five-year plan of any province lists beside air and water
    text = ("到2025年，全市水土保持率达到75%，建成区绿化覆盖率达到42%，人均公园绿地面积达到15平方米，农村卫生厕所"
            "普及率达到90%以上，废旧农膜回收率达到85%，森林蓄积量达到1.2亿立方米，自然岸线保有率不低于35%，"
            "生活垃圾回收利用率达到35%；对装机容量30万千瓦以上的燃煤机组实施超低排放改造。")
    assert _measured(text) == [
        ("eco.soil_conservation_rate", 75), ("eco.urban_green_coverage", 42), ("eco.park_green_per_capita", 15),
        ("rural.sanitary_toilet_rate", 90), ("agri.film_recovery_rate", 85), ("eco.forest_stock", 1.2),
        ("marine.natural_coastline_retention", 35), ("waste.msw_recycling_rate", 35),
        ("air.coal_power_ultra_low_threshold", 30)]


def test_a_near_name_typed_with_latin_class_letters() -> None:
    """到或优于III类水质断面比例 (a name whose first word a page lost): compared as the dictionary's names are,
    with the class typed in Latin letters read as the Roman numeral, it is near 达到或优于Ⅲ类水质断面比例."""
    assert near_code(load_dictionary(), "到或优于III类水质断面比例") == "water.surface_good_ratio"
