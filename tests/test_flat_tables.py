"""Tables of governments flattened into text: row -> government, header -> measure, cell -> value."""

from __future__ import annotations

from extract.file import records_from_extraction
from extract.flat_tables import find_government_tables, zone_name
from extract.gazetteer import place
from extract.records import Extraction


def facts(text: str) -> list[tuple]:
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    return [(t.entity, t.indicator, t.comparator, t.value, t.unit, t.kind) for t in rec.targets]


CELL_PER_LINE = """四川省2024年1-8月环境空气质量状况
表1 2024年1-8月全省城市环境空气质量综合指数
排名 |
城市 |
环境空气质量综合指数 |
综合指数变化率 |
主要污染物 |
1 |
阿坝 |
1.65 |
-6.8% |
臭氧 |
2 |
成都 |
3.54 |
-9.9% |
细颗粒物 |
"""


def test_one_cell_per_line_with_trailing_bars():
    assert facts(CELL_PER_LINE) == [
        ("阿坝藏族羌族自治州", "air.composite_index", "==", 1.65, None, "actual"),
        ("阿坝藏族羌族自治州", "air.composite_index", "==", -6.8, "%", "change"),
        ("成都市", "air.composite_index", "==", 3.54, None, "actual"),
        ("成都市", "air.composite_index", "==", -9.9, "%", "change"),
    ]


GROUPED_HEADER = """表2 2024年1-8月全省PM2.5、优良天数率变化情况
区域 |
市(州) |
PM2.5 |
优良天数率 |
|||
浓度 (μg/m3) |
同比 2023年 |
实测值(%) |
同比 2023年 (百分点) |
||
成都平原地区 |
成都市 |
32 |
-14.2% |
76.2 |
0.5 |
|
德阳市 |
32.7 |
-18.2% |
79.9 |
8.3 |
"""


def test_a_change_column_belongs_to_the_measure_before_it():
    assert facts(GROUPED_HEADER) == [
        ("成都市", "air.pm25", "==", 32.0, "μg/m³", "actual"),
        ("成都市", "air.pm25", "==", -14.2, "%", "change"),
        ("成都市", "air.good_days_ratio", "==", 76.2, "%", "actual"),
        ("成都市", "air.good_days_ratio", "==", 0.5, "百分点", "change"),
        ("德阳市", "air.pm25", "==", 32.7, "μg/m³", "actual"),
        ("德阳市", "air.pm25", "==", -18.2, "%", "change"),
        ("德阳市", "air.good_days_ratio", "==", 79.9, "%", "actual"),
        ("德阳市", "air.good_days_ratio", "==", 8.3, "百分点", "change"),
    ]


LEADING_BARS = """阜阳市2010年环境保护目标任务分解表
县市区
| 二氧化硫
(吨/年)
| 城市空气
质量达
标率
|
颍州区
| 较2009年削减2%
| 不低于90%
|
颍泉区
| 较2009年削减3%
| 不低于92%
|
"""


def test_leading_bars_with_wrapped_cells_read_through_the_finder():
    assert facts(LEADING_BARS) == [
        ("颍州区", "emission.so2_reduction", "==", 2.0, "%", "change"),
        ("颍州区", "air.good_days_ratio", ">=", 90.0, "%", "target"),
        ("颍泉区", "emission.so2_reduction", "==", 3.0, "%", "change"),
        ("颍泉区", "air.good_days_ratio", ">=", 92.0, "%", "target"),
    ]


SPACED = """遂宁市关于2020年空气质量常态化管控建议值的函
附件1
    2020年各县(市、区)、市直园区细颗粒物(PM 2.5)常态化管控建议值
    地区 一季度 上半年 全年
    船山区 49.3 37.7 33.4
    射洪市 38.9 34.3 29.5
    经开区 45.5 35.7 31.3
"""


def test_space_separated_rows_take_the_measure_from_the_caption():
    got = facts(SPACED)
    assert len(got) == 9
    assert got[0] == ("船山区", "air.pm25", "==", 49.3, None, "target")
    assert got[-1] == ("遂宁经济技术开发区", "air.pm25", "==", 31.3, None, "target")


def test_a_table_of_measures_by_year_is_not_a_government_table():
    text = "指标 |\n2023年 |\n2024年 |\n优良天数比例 |\n88% |\n89% |\nPM2.5浓度 |\n30 |\n29 |\n"
    assert find_government_tables(text) == []


def test_zone_names_take_their_city():
    owner = place("遂宁市")
    assert zone_name("经开区", owner) == "遂宁经济技术开发区"
    assert zone_name("河东新区", owner) == "遂宁市河东新区"
    assert zone_name("遂宁市河东新区", owner) == "遂宁市河东新区"


def test_the_last_cell_of_a_table_cut_at_the_texts_end():
    """A page that stops inside a table leaves its last cell without the closing bar: it is still a cell."""
    cut = CELL_PER_LINE + "3 |\n雅安 |\n3.16 |\n-3.1%"
    assert facts(cut)[-2:] == [("雅安市", "air.composite_index", "==", 3.16, None, "actual"),
                               ("雅安市", "air.composite_index", "==", -3.1, "%", "change")]


def test_a_bare_kaifaqu_row_is_the_citys_development_zone():
    """A city's table names its development zone 开发区 alone: the row is the zone's (经开区's long name), not dropped."""
    text = ("遂宁市2024年各区县空气质量\n区县 |\nPM2.5浓度 (μg/m3) |\n优良天数比率(%) |\n"
            "船山区 |\n30 |\n88.1 |\n安居区 |\n31 |\n87.5 |\n开发区 |\n29 |\n90.2 |\n")
    assert [f[:4] for f in facts(text) if f[0] != "船山区" and f[0] != "安居区"] == [
        ("遂宁经济技术开发区", "air.pm25", "==", 29.0), ("遂宁经济技术开发区", "air.good_days_ratio", "==", 90.2)]


ROW_PER_LINE = """各市2023年3月环境空气质量排名
市 州 | 综合指数排名 | 环境空气质量综合指数 | 综合指数同比变化率(%) | 首要污染物 |
大同市 | 1 | 3.12 | -4.2 | 臭氧 |
朔州市 | 2 | 3.4 | 6.1 | 臭氧 |
太原市 | 3 | 4.05 | -0.8 | 细颗粒物 |
"""


def test_one_row_per_line_between_bars_and_no_row_for_a_rank():
    assert facts(ROW_PER_LINE) == [
        ("大同市", "air.composite_index", "==", 3.12, None, "actual"),
        ("大同市", "air.composite_index", "==", -4.2, "%", "change"),
        ("朔州市", "air.composite_index", "==", 3.4, None, "actual"),
        ("朔州市", "air.composite_index", "==", 6.1, "%", "change"),
        ("太原市", "air.composite_index", "==", 4.05, None, "actual"),
        ("太原市", "air.composite_index", "==", -0.8, "%", "change"),
    ]


SIDE_BY_SIDE = """省政府下达各地2016年度空气质量改善目标。
各设区市2016年度
PM2.5年均浓度目标值
设区市 目标值 设区市 目标值
太原 61 大同 45
朔州 52 忻州 50
各试点县2016年度
PM10年均浓度目标值
县(市) 目标值
清徐 98
阳曲 87
古交 91
(单位:微克/立方米)
"""


def test_column_pairs_side_by_side_and_two_cell_rows_share_the_unit_note_below():
    """A narrow table printed twice side by side repeats its header: each pair is a row; a table of two
    cells per line counts under a header naming the governments; the caption gives measure and year,
    and the one unit note after both tables holds for each."""
    rec = records_from_extraction(Extraction(text=SIDE_BY_SIDE, format="txt"), "a.txt", "0" * 64)
    got = sorted((t.entity, t.indicator, t.value, t.unit, t.year) for t in rec.targets)
    assert got == sorted([
        ("太原市", "air.pm25", 61.0, "μg/m³", 2016), ("大同市", "air.pm25", 45.0, "μg/m³", 2016),
        ("朔州市", "air.pm25", 52.0, "μg/m³", 2016), ("忻州市", "air.pm25", 50.0, "μg/m³", 2016),
        ("清徐县", "air.pm10", 98.0, "μg/m³", 2016), ("阳曲县", "air.pm10", 87.0, "μg/m³", 2016),
        ("古交市", "air.pm10", 91.0, "μg/m³", 2016),
    ])


def test_two_words_on_a_line_without_a_governments_header_are_no_table():
    text = "记者 王明\n太原 61\n大同 45\n朔州 52\n"
    assert find_government_tables(text) == []


RULED = """山西省2023年各市空气质量
| 城市 | PM2.5浓度(μg/m3) | 同比变化(%) |
|---|:---:|---|
| 太原市 | 45 | -5.2 |
| 大同市 | 30 | 3.1 |
"""


def test_a_ruled_table_and_a_change_column_that_names_no_measure():
    """|---| under the header is layout; 同比变化(%) is the change of the measure in the column before it."""
    assert facts(RULED) == [
        ("太原市", "air.pm25", "==", 45.0, "μg/m³", "actual"), ("太原市", "air.pm25", "==", -5.2, "%", "change"),
        ("大同市", "air.pm25", "==", 30.0, "μg/m³", "actual"), ("大同市", "air.pm25", "==", 3.1, "%", "change"),
    ]


PLAIN = """山西省2023年各市空气质量
城市

PM2.5浓度(μg/m3)

优良天数比例(%)

太原市

45

70.1

大同市

30

85.2

朔州市

38

80.3
"""


def test_one_cell_per_line_without_bars():
    """A page copied with each cell on its own line (blank lines between): the header names the
    governments' column, then each row is a government and as many numbers as the header has measures."""
    got = facts(PLAIN)
    assert [g[:5] for g in got] == [
        ("太原市", "air.pm25", "==", 45.0, "μg/m³"), ("太原市", "air.good_days_ratio", "==", 70.1, "%"),
        ("大同市", "air.pm25", "==", 30.0, "μg/m³"), ("大同市", "air.good_days_ratio", "==", 85.2, "%"),
        ("朔州市", "air.pm25", "==", 38.0, "μg/m³"), ("朔州市", "air.good_days_ratio", "==", 80.3, "%"),
    ]


def test_short_lines_without_a_governments_header_are_no_table():
    assert find_government_tables("编辑 王明\n太原市\n45\n大同市\n30\n朔州市\n38\n") == []


def test_pairs_between_bars_take_the_unit_closing_the_caption():
    text = "2016年各市PM2.5目标(微克/立方米)\n| 城市 | 目标值 | 城市 | 目标值 |\n| 太原 | 61 | 大同 | 45 |\n| 朔州 | 52 | 忻州 | 50 |\n"
    assert [f[:5] for f in facts(text)] == [
        ("太原市", "air.pm25", "==", 61.0, "μg/m³"), ("大同市", "air.pm25", "==", 45.0, "μg/m³"),
        ("朔州市", "air.pm25", "==", 52.0, "μg/m³"), ("忻州市", "air.pm25", "==", 50.0, "μg/m³")]
    assert [f[4] for f in facts(text.replace("(微克/立方米)", "(2016-2020年)"))] == [None] * 4


def test_a_first_column_numbering_or_ranking_the_rows_is_no_column_of_values():
    """序号 / 排名 over 1, 2, 3 before the governments' column (a 通报's ranking table, tab- or space-separated)."""
    for head in ("序号", "排名"):
        text = (f"2023年12月全省城市环境空气质量状况\n{head}\t城市\tPM2.5浓度(微克/立方米)\t优良天数比例(%)\n"
                "1\t牡丹江市\t28\t92.5\n2\t齐齐哈尔市\t30\t90.1\n")
        assert facts(text) == [
            ("牡丹江市", "air.pm25", "==", 28.0, "μg/m³", "actual"), ("牡丹江市", "air.good_days_ratio", "==", 92.5, "%", "actual"),
            ("齐齐哈尔市", "air.pm25", "==", 30.0, "μg/m³", "actual"),
            ("齐齐哈尔市", "air.good_days_ratio", "==", 90.1, "%", "actual")], head


def test_a_reports_tables_are_outcomes_unless_they_name_targets_and_a_spaced_caption_is_no_row():
    """In a press release on the year's state, a per-city table reports values (actual); one whose caption names
    targets (表1 2025年各市PM2.5浓度目标, a caption whose mark is set apart by a space) holds targets."""
    text = ("2023年全省生态环境质量状况新闻发布稿\n全省PM2.5平均浓度为30微克/立方米。\n\n表1 各市PM2.5浓度目标\n"
            "城市\tPM2.5浓度(微克/立方米)\n牡丹江市\t28\n齐齐哈尔市\t30\n\n表2 各市空气质量\n"
            "城市\tPM2.5浓度(微克/立方米)\n牡丹江市\t25\n齐齐哈尔市\t27\n")
    assert [(e, v, k) for e, _, _, v, _, k in facts(text)] == [
        ("黑龙江省", 30.0, "actual"), ("牡丹江市", 28.0, "target"), ("齐齐哈尔市", 30.0, "target"),
        ("牡丹江市", 25.0, "actual"), ("齐齐哈尔市", 27.0, "actual")]


def test_a_header_of_two_measures_pairs_them_with_the_parts_of_a_cell():
    """污水处理厂负荷率及氨氮削减量 over 不低于75%;氨氮削减30吨: the header names two measures and the cell answers
    each in turn, so the share is the plant's load, not the reduction the header names last."""
    text = ("马鞍山市2012年减排目标分解表\n县(市、区) | 集中式饮用水源达标率 | 污水处理厂负荷率及氨氮削减量 |\n"
            "含山县 | 100% | 不低于75%;氨氮削减30吨 |\n和县 | 100% | 不低于70%;氨氮削减25吨 |\n")
    assert [(e, i, c, v, u) for e, i, c, v, u, _ in facts(text) if i != "water.drinking_source_compliance"] == [
        ("含山县", "water.sewage_plant_load_rate", ">=", 75.0, "%"),
        ("含山县", "emission.nh3n_reduction", "==", 30.0, "吨"),
        ("和县", "water.sewage_plant_load_rate", ">=", 70.0, "%"),
        ("和县", "emission.nh3n_reduction", "==", 25.0, "吨"),
    ]


DISTRICTS_WITH_A_TOTAL = """哈尔滨市2023年5月各区环境空气质量排名
排名 | 区名 | 综合指数 | PM2.5 浓度 (µg/m3) | PM2.5 改善率(%) |
1 | 道里区 | 3.10 | 22 | 8.3 |
2 | 南岗区 | 3.25 | 25 | -4.2 |
3 | 香坊区 | 3.40 | 27 | 3.6 |
全市 | 3.24 | 25 | 2.1 |
"""


def test_a_districts_table_under_a_rank_column_with_the_citys_total_row():
    # 区名 heads the districts' column, 改善率 is a change, the micro sign's µg/m3 is μg/m³, and the
    # 全市 row (no rank) is the page's own city
    assert facts(DISTRICTS_WITH_A_TOTAL) == [
        ("道里区", "air.composite_index", "==", 3.10, None, "actual"),
        ("道里区", "air.pm25", "==", 22, "μg/m³", "actual"),
        ("道里区", "air.pm25", "==", 8.3, "%", "change"),
        ("南岗区", "air.composite_index", "==", 3.25, None, "actual"),
        ("南岗区", "air.pm25", "==", 25, "μg/m³", "actual"),
        ("南岗区", "air.pm25", "==", -4.2, "%", "change"),
        ("香坊区", "air.composite_index", "==", 3.40, None, "actual"),
        ("香坊区", "air.pm25", "==", 27, "μg/m³", "actual"),
        ("香坊区", "air.pm25", "==", 3.6, "%", "change"),
        ("哈尔滨市", "air.composite_index", "==", 3.24, None, "actual"),
        ("哈尔滨市", "air.pm25", "==", 25, "μg/m³", "actual"),
        ("哈尔滨市", "air.pm25", "==", 2.1, "%", "change"),
    ]


TWO_LEVEL_HEADER_ONE_CELL_A_LINE = """2023年5月山西省各市环境空气质量状况

城市

综合指数

优良天数(%

主要污染物平均浓度(微克/立方米)

首要污染物

PM2.5

(细颗粒物)

SO2

(二氧化硫)

太原市

4.10

80.6

35

9

PM10

大同市

3.50

90.3

28

12

O3

工业基地

3.90

85.0

30

10

PM2.5

阳泉市

4.40

77.4

38

14

PM2.5

全省

(不含工业基地)

4.00

82.8

33

11

PM10
"""


def test_a_two_level_header_flattened_one_cell_a_line():
    # the group cell's unit holds for the measures under it, the rows' closing words (首要污染物) give no
    # row, a row the gazetteer does not know (工业基地) is left out, 全省(…) is the page's province; a
    # month's 环境空气质量状况 reports outcomes; 优良天数 in % is their ratio, SO2 in μg/m³ the air's
    rows = facts(TWO_LEVEL_HEADER_ONE_CELL_A_LINE)
    assert rows[:4] == [
        ("太原市", "air.composite_index", "==", 4.10, None, "actual"),
        ("太原市", "air.good_days_ratio", "==", 80.6, "%", "actual"),
        ("太原市", "air.pm25", "==", 35, "μg/m³", "actual"),
        ("太原市", "air.so2", "==", 9, "μg/m³", "actual"),
    ]
    assert [r[0] for r in rows[::4]] == ["太原市", "大同市", "阳泉市", "山西省"]
    assert rows[-1] == ("山西省", "air.so2", "==", 11, "μg/m³", "actual")
