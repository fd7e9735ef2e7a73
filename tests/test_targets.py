"""Targets on hand-made drafts, phrase tables, and invariants over every seed."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from extract.file import records_from_extraction
from extract.records import Extraction
from pipeline.evaluate import score

HERE = pathlib.Path(__file__).parent
FIXTURES = HERE / "fixtures" / "targets"
SEEDS = HERE.parent.parent / "shared" / "seeds"
DRAFTS = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def targets_of(text: str, name: str = "draft.txt"):
    return records_from_extraction(Extraction(text=text, format="txt"), name, "0" * 64)


def located_facts(text: str) -> list[tuple]:
    """Facts with the government and the year they are for."""
    return [(t.entity, t.indicator, t.comparator, t.value, t.unit, t.kind, t.year) for t in targets_of(text).targets]


def facts(text: str) -> list[tuple]:
    rec = targets_of(text)
    return [(t.indicator, t.comparator, t.value, t.unit, t.kind) for t in rec.targets]


@pytest.mark.parametrize("draft", DRAFTS)
def test_unseen_drafts(draft: str) -> None:
    text = (FIXTURES / f"{draft}.txt").read_text(encoding="utf-8")
    expected = [json.loads(line) | {"doc": draft} for line in
                (FIXTURES / f"{draft}.expected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rec = targets_of(text, f"{draft}.txt")
    rows = [{"doc": draft, "entity": t.entity, "indicator": t.indicator, "comparator": t.comparator,
             "value": t.value, "unit": t.unit, "kind": t.kind, "year": t.year} for t in rec.targets]
    total, _ = score(expected, rows)
    assert (total.misses, total.false_rows) == ([], [])
    assert sorted((r["indicator"], r["kind"], r["year"]) for r in rows) == \
        sorted((e["indicator"], e["kind"], e["year"]) for e in expected)


LETTER = "长春市人民政府生态环境保护目标责任书\n（2022年）\n一、生态环境质量目标和考核指标\n●{}\n二、重点任务\n●{}\n"


@pytest.mark.parametrize("sentence, expected", [
    ("城市环境空气质量优良天数比例不低于87.6%。", [("air.good_days_ratio", ">=", 87.6, "%", "target")]),
    ("细颗粒物（PM2.5）年均浓度控制在34微克/立方米以下。", [("air.pm25", "<=", 34.0, "μg/m³", "target")]),
    ("重度及以上污染天数控制在6天以内。", [("air.heavy_pollution_days", "<=", 6.0, "天", "target")]),
    ("劣Ⅴ类水体控制比例6.3%。", [("water.surface_inferior_v_ratio", "<=", 6.3, "%", "target")]),
    ("县级及以上城市集中式饮用水水质达标率100%。", [("water.drinking_source_compliance", "==", 100.0, "%", "target")]),
    ("无劣Ⅴ类水体断面。", [("water.surface_inferior_v_ratio", "zero", None, None, "target")]),
    ("地下水国控区域点位Ⅴ类无新增。", [("water.groundwater_v_ratio", "no_increase", None, None, "target")]),
    ("臭氧（O3）污染天数持续得到控制。", [("air.o3_pollution_days", "qualitative", None, None, "target")]),
    ("比例不低于通化100%。", [(None, ">=", 100.0, "%", "target")]),
    ("好于Ⅲ类（水体优良）不低于比例66.7%。", [("water.surface_good_ratio", ">=", 66.7, "%", "target")]),
    ("受污染耕地安全利用率达到百分之九十五。", [("soil.contaminated_farmland_safe_use_rate", ">=", 95.0, "%", "target")]),
    ("森林覆盖率达到45%左右。", [("eco.forest_coverage", ">=", 45.0, "%", "target")]),
    ("PM2.5、PM10浓度分别不高于15、29微克/立方米。",
     [("air.pm25", "<=", 15.0, "μg/m³", "target"), ("air.pm10", "<=", 29.0, "μg/m³", "target")]),
    ("揮發性有機物、氮氧化物重點工程減排量達到0.42萬噸和0.93萬噸。",
     [("emission.vocs_reduction", ">=", 0.42, "万吨", "target"), ("emission.nox_reduction", ">=", 0.93, "万吨", "target")]),
    ("农药和化肥使用量均减少2%以上。",
     [("agri.pesticide_use_reduction", ">=", 2.0, "%", "change"), ("agri.fertilizer_use_reduction", ">=", 2.0, "%", "change")]),
    ("完成10蒸吨/小时及以下的燃煤锅炉年度整治任务。",
     [("air.coal_boiler_rectification_threshold", "<=", 10.0, "蒸吨/小时", "scope")]),
    ("9月底前完成千人以下水源地划定。", [("water.drinking_source_delineation_scope", "<=", 1000.0, "人", "scope")]),
    ("不得出现重污染天气。", [("air.heavy_pollution_days", "zero", None, None, "target")]),
    # Measures as plans and bulletins name them: short forms, 达到或优于Ⅲ类, a section's concentrations.
    ("全市空气质量优良率达到90%以上。", [("air.good_days_ratio", ">=", 90.0, "%", "target")]),
    ("城市环境空气质量符合二级标准的天数占全年的比例≥95%。", [("air.good_days_ratio", ">=", 95.0, "%", "target")]),
    ("优良天数占全年天数比例达到92%。", [("air.good_days_ratio", ">=", 92.0, "%", "target")]),
    ("全市地表水Ⅰ类~Ⅲ类水质比例达到80%。", [("water.surface_good_ratio", ">=", 80.0, "%", "target")]),
    ("流域水质优良（达到或优于Ⅲ类）比例达到85%以上。", [("water.surface_good_ratio", ">=", 85.0, "%", "target")]),
    ("县级以上集中式饮用水水源水质100%达标。", [("water.drinking_source_compliance", "==", 100.0, "%", "target")]),
    ("某河出境断面化学需氧量浓度低于40毫克/升，断面氨氮浓度低于2毫克每升。",
     [("water.section_cod_concentration", "<", 40.0, "mg/L", "target"),
      ("water.section_nh3n_concentration", "<", 2.0, "mg/L", "target")]),
    ("污水处理厂出水化学需氧量浓度低于30毫克/升。", [(None, "<", 30.0, "mg/L", "target")]),
    ("力争Ⅱ类以上水质80%以上。", [("water.class2_ratio", ">=", 80.0, "%", "target")]),
    ("国控断面水质达标率达到100%。", [("water.national_section_compliance", ">=", 100.0, "%", "target")]),
    ("12个省控断面、5个出市境断面水质全部100%达标。",
     [("water.provincial_section_compliance", "==", 100.0, "%", "target"),
      ("water.outflow_section_compliance", "==", 100.0, "%", "target")]),
    ("全年5条溪流剿灭Ⅴ类。", [("water.v_class_streams_eliminated", "==", 5.0, "条", "target")]),
    # A reprint site's pinyin inside a name (優(yōu)良率) does not hide the name.
    ("全市空氣質量優(yōu)良率要達到85%。", [("air.good_days_ratio", ">=", 85.0, "%", "target")]),
    # The class a compliance rate counts from, inside its name, leaves the name the dictionary's.
    ("40个监测断面年均水质Ⅲ类以上达标率85%以上。", [("water.tributary_section_compliance", ">=", 85.0, "%", "target")]),
    ("细颗粒物（PM2.5）年均浓度控制在31微克每立方米以下。", [("air.pm25", "<=", 31.0, "μg/m³", "target")]),
    # A word before a general name narrows it (国控, 小流域); class I-II is not class II.
    ("全省30个地表水国控断面优良水体比例达到85%。", [("water.national_section_good_ratio", ">=", 85.0, "%", "target")]),
    ("全市小流域省考断面Ⅰ类~Ⅲ类水质比例达到90%。", [("water.small_watershed_good_ratio", ">=", 90.0, "%", "target")]),
    ("全市Ⅰ类~Ⅱ类水质比例达到50%。", [("water.class1_2_ratio", ">=", 50.0, "%", "target")]),
    # Measures as bulletins and plans of northern provinces name them.
    ("县城及以上城镇污水处理率达到95%。", [("water.urban_sewage_treatment_rate", ">=", 95.0, "%", "target")]),
    ("丧失使用功能（劣于Ⅴ类）的水体断面比例降至10%。", [("water.surface_inferior_v_ratio", "<=", 10.0, "%", "target")]),
    ("建成区道路机械化清扫率达到80%以上。", [("dust.road_mechanized_cleaning_rate", ">=", 80.0, "%", "target")]),
    ("在用柴油车监督抽测排放合格率达到90%。", [("transport.diesel_spot_check_pass_rate", ">=", 90.0, "%", "target")]),
    ("废旧放射源安全收贮率保持100%。", [("radiation.source_storage_rate", "==", 100.0, "%", "target")]),
    ("农用地土壤安全利用率达到95%以上。", [("soil.farmland_safe_use_rate", ">=", 95.0, "%", "target")]),
    # A pollutant named with a concentration's unit is its concentration in air, not its emission.
    ("二氧化氮、二氧化硫浓度分别不高于30、10微克/立方米。",
     [("air.no2", "<=", 30.0, "μg/m³", "target"), ("air.so2", "<=", 10.0, "μg/m³", "target")]),
    ("二氧化硫（SO2）年均浓度不高于12微克/立方米。", [("air.so2", "<=", 12.0, "μg/m³", "target")]),
    # A value whose own words only compare it (with a requirement, over years) is the measure's before it.
    ("全市优良天数比例达到85%，比省下达的考核目标高出2个百分点。",
     [("air.good_days_ratio", ">=", 85.0, "%", "target"), ("air.good_days_ratio", "==", 2.0, "百分点", "change")]),
    ("优良天数达到300天，连续三年达到290天以上。",
     [("air.good_days", ">=", 300.0, "天", "target"), ("air.good_days", ">=", 290.0, "天", "target")]),
    ("劣Ⅴ类水体比例为2%，达到低于5%的年度目标要求。",
     [("water.surface_inferior_v_ratio", "==", 2.0, "%", "target"), ("water.surface_inferior_v_ratio", "<", 5.0, "%", "target")]),
    ("PM10、PM2.5平均浓度分别为60、35微克/立方米，同比分别下降5%、8%。",
     [("air.pm10", "==", 60.0, "μg/m³", "target"), ("air.pm25", "==", 35.0, "μg/m³", "target"),
      ("air.pm10", "==", 5.0, "%", "change"), ("air.pm25", "==", 8.0, "%", "change")]),
    # A superscript set apart by a web page's copy; 个 counting days.
    ("PM2.5浓度均值为30μg/m 3。", [("air.pm25", "==", 30.0, "μg/m³", "target")]),
    ("郑州市优良天数要达到250个。", [("air.good_days", ">=", 250.0, "个", "target")]),
    # 新增/增创, 国家/省级 before a name narrow it, across a list.
    ("新增省级生态镇3个。", [("eco.new_provincial_eco_towns", "==", 3.0, "个", "target")]),
    (("创成国家生态文明建设示范区5个、“绿水青山就是金山银山”实践创新基地2个；省级生态文明建设示范区8个、"
      "“绿水青山就是金山银山”实践创新基地6个。"),
     [("eco.national_eco_demo_zones", "==", 5.0, "个", "target"), ("eco.national_two_mountains_bases", "==", 2.0, "个", "target"),
      ("eco.provincial_eco_demo_zones", "==", 8.0, "个", "target"),
      ("eco.provincial_two_mountains_bases", "==", 6.0, "个", "target")]),
    # City-days; a count in passing (最低的2个区) hides no measure named before it.
    ("发生重污染30天次，同比下降20%。",
     [("air.heavy_pollution_days", "==", 30.0, "天次", "target"), ("air.heavy_pollution_days", "==", 20.0, "%", "change")]),
    ("全市PM10平均浓度最低的2个区依次是东区和西区，分别为40、45微克/立方米。",
     [("air.pm10", "==", 40.0, "μg/m³", "target"), ("air.pm10", "==", 45.0, "μg/m³", "target")]),
    # Counts of cities and sections named after the number; 增加 before it narrows the measure.
    ("力争再增加2个空气质量达到二级标准的城市。", [("air.attainment_cities_added", "==", 2.0, "个", "change")]),
    ("全年16个城市完成了PM2.5浓度改善目标。", [("air.pm25_target_met_cities", "==", 16.0, "个", "target")]),
    ("全市12个国控断面、20个地表水断面，全部100%达标。",
     [("water.national_section_compliance", "==", 100.0, "%", "target"),
      ("water.surface_section_compliance", "==", 100.0, "%", "target")]),
    # A list of governments before a shared predicate says whose value it is, not what it measures.
    ("对PM2.5设定目标的城市中，长春、吉林确定了下降20%的目标，四平、辽源下降15%。",
     [("air.pm25", "==", 20.0, "%", "change"), ("air.pm25", "==", 15.0, "%", "change")]),
    # The part of a sentence after a semicolon continues the measure of the part before.
    ("PM2.5平均浓度较2015年下降20%；较上年下降3%。",
     [("air.pm25", "==", 20.0, "%", "change"), ("air.pm25", "==", 3.0, "%", "change")]),
    # A bulletin counts counties by their ecological grade.
    ("监测的30个县域中，生态环境质量为“优”的县域5个，“良”的县域20个，“一般”的县域5个。",
     [("eco.counties_excellent_status", "==", 5.0, "个", "target"), ("eco.counties_good_status", "==", 20.0, "个", "target"),
      ("eco.counties_fair_status", "==", 5.0, "个", "target")]),
])
def test_phrases(sentence: str, expected: list[tuple]) -> None:
    assert facts(LETTER.format(sentence, "开展生态示范创建。")) == expected


@pytest.mark.parametrize("sentence", [
    "扎实落实“十四五”生态环境保护规划，落实第三个“十年绿美吉林”行动。",
    "严格执行《通告》（〔2020〕3号）和吉政函〔2023〕16号。",
    "2022年9月底前完成清单更新，截至2022年底全部完成。",
    "构建“1+N”政策体系和“3+1”体系，落实“四项机制”“八项制度”，推进“一主六双”。",
    "居全国第9位，连续19年保持良好，联系电话：0431-85378226。",
    "（二十七）切实加强黑土地保护",
])
def test_non_values(sentence: str) -> None:
    assert facts(LETTER.format("开展生态示范创建。", sentence)) == []


def test_year_after_dao_holds_to_the_end_of_its_paragraph() -> None:
    text = "到2025年，森林覆盖率达到46%。清洁取暖率达到50%。\n●送储率保持100%。"
    rec = targets_of(LETTER.format("开展示范创建。", text))
    assert [(t.indicator, t.year) for t in rec.targets] == [
        ("eco.forest_coverage", 2025), ("air.clean_heating_rate", 2025), ("radiation.source_storage_rate", 2022)]


@pytest.mark.parametrize("label", ["1.", "1．", "2、", "(3)", "（4）"])
def test_an_item_label_never_starts_a_quote(label: str) -> None:
    rec = targets_of(LETTER.format("开展示范创建。", f"{label}城市空气质量优良天数比例不低于92.5%。"))
    assert [(t.indicator, t.quote) for t in rec.targets] == [("air.good_days_ratio", "城市空气质量优良天数比例不低于92.5%")]


def test_a_deadlines_year_holds_for_its_own_sentence_only() -> None:
    """2027年底前 in one sentence does not set the year of the paragraph's next sentence; 到2027年 does."""
    text = "2027年底前，完成钢铁行业超低排放改造。不再新建35蒸吨/小时及以下燃煤锅炉。\n●到2027年，森林覆盖率达到46%。清洁取暖率达到50%。"
    rec = targets_of(LETTER.format("开展示范创建。", text))
    assert [(t.indicator, t.year) for t in rec.targets] == [
        ("air.coal_boiler_rectification_threshold", 2022), ("eco.forest_coverage", 2027), ("air.clean_heating_rate", 2027)]


def test_deadline() -> None:
    rec = targets_of(LETTER.format("开展示范创建。", "9月底前完成千人以下水源地划定。"))
    assert [t.deadline for t in rec.targets] == ["2022-09"]


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_quotes_are_exact_and_no_dates_become_values(seed: str) -> None:
    rec = targets_of((SEEDS / seed).read_text(encoding="utf-8"), seed)
    docs = {d.doc_id: d for d in rec.documents}
    for t in rec.targets:
        assert docs[t.doc_id].text[t.span_start:t.span_end] == t.quote
        assert t.value is None or not (1990 <= t.value <= 2100 and t.unit is None)
        if t.value_text:
            assert not re.search(r"十四五|〔|第", t.value_text)


def test_indicators_md_is_generated_from_the_code() -> None:
    from tools.indicators_md import markdown

    assert (HERE.parent / "docs" / "INDICATORS.md").read_text(encoding="utf-8") == markdown(), \
        "regenerate: python -m tools.indicators_md > docs/INDICATORS.md"


@pytest.mark.parametrize("sentence, expected", [
    # 清零 after the measure states zero; not when the measure stands further back (tasks done, 销号清零).
    ("县城建成区黑臭水体动态清零。", [("water.urban_black_odorous", "zero", None, None, "target")]),
    ("确保年度任务按期完成、销号清零。", []),
    # An item label is not a number of the statement: the fixed phrases still apply.
    ("3.单位地区生产总值二氧化碳排放完成市下达目标。",
     [("climate.co2_intensity_reduction", "qualitative", None, None, "target")]),
    ("2.全县Ⅴ类水体无新增。", [("water.v_class_water_bodies", "no_increase", None, None, "target")]),
    # Numbers inside a measure's name are part of the name.
    ("县级、农村千吨万人水源地水质达标率均达到100%。",
     [("water.drinking_source_compliance", ">=", 100.0, "%", "target"),
      ("water.rural_qiandun_wanren_drinking_source_compliance", ">=", 100.0, "%", "target")]),
    # A Chinese numeral with a counter is a value after a bounding word, a name otherwise.
    ("完成12家企业挥发性有机物深度治理，其中化工企业不少于五家。",
     [("emission.vocs_deep_treatment_firms", "==", 12.0, "家", "target"), (None, ">=", 5.0, "家", "target")]),
    ("考核结果分为优秀、良好、合格、不合格四个等次。", []),
])
def test_round3_phrases(sentence: str, expected: list[tuple]) -> None:
    assert facts(LETTER.format(sentence, "开展生态示范创建。")) == expected


@pytest.mark.parametrize("sentence, approx", [("农村生活污水治理率约为41%。", True), ("农村生活污水治理率约达41%。", True),
                                              ("农村生活污水治理率为41%。", False)])
def test_approx_word_before_the_comparator(sentence: str, approx: bool) -> None:
    rec = targets_of(LETTER.format(sentence, "开展生态示范创建。"))
    assert [(t.value, t.approx) for t in rec.targets] == [(41.0, approx)]


def test_table_outcome_column_unit_column_and_no_increase_cell() -> None:
    """序号 | 指标 | 单位 | 2023年完成值 | 2024年目标值: the unit reaches across the outcome cell."""
    text = ("甲县2024年度生态环境保护目标任务分解方案\n一、主要指标\n"
            "序号\t指标名称\t单位\t2023年完成值\t2024年目标值\t责任单位\n"
            "1\tPM2.5平均浓度\t微克/立方米\t46\t≤44\t生态环境分局\n"
            "2\t地下水Ⅴ类水比例\t%\t—\t无新增\t生态环境分局\n"
            "3\t建成区绿地率\t%\t38.5\t≥39\t住建局\n")
    rec = targets_of(text)
    assert [(t.indicator, t.indicator_text, t.comparator, t.value, t.unit, t.kind, t.year) for t in rec.targets] == [
        ("air.pm25", "PM2.5平均浓度", "==", 46.0, "μg/m³", "actual", 2023),
        ("air.pm25", "PM2.5平均浓度", "<=", 44.0, "μg/m³", "target", 2024),
        ("water.groundwater_v_ratio", "地下水Ⅴ类水比例", "no_increase", None, None, "target", 2024),
        (None, "建成区绿地率", "==", 38.5, "%", "actual", 2023),
        (None, "建成区绿地率", ">=", 39.0, "%", "target", 2024),
    ]


def test_notice_reports_per_city_and_requires_later_years() -> None:
    """A notice issued by a province's committee: its headings name cities, 上年的 values are last year's,
    a ranking move is in 位次, and what it asks for the next year is a target."""
    text = ("四川省生态环境保护委员会办公室\n关于2023年度市（州）生态环境保护目标责任考核结果的通报\n"
            "一、总体情况\n全省国考断面水质优良比例达到98.6%。\n"
            "二、各市（州）完成情况\n（一）泸州市。\n国考断面水质优良比例由上年的83.3%提升至91.7%；"
            "环境空气质量优良天数比率为95.6%，排名较上年前移4位。\n"
            "三、有关要求\n2024年，全省优良天数比率不低于89%。\n")
    assert located_facts(text) == [
        ("四川省", "water.national_section_good_ratio", "==", 98.6, "%", "actual", 2023),
        ("泸州市", "water.national_section_good_ratio", "==", 83.3, "%", "actual", 2022),
        ("泸州市", "water.national_section_good_ratio", "==", 91.7, "%", "actual", 2023),
        ("泸州市", "air.good_days_ratio", "==", 95.6, "%", "actual", 2023),
        ("泸州市", "air.good_days_ratio", "==", 4.0, "位次", "change", 2023),
        ("四川省", "air.good_days_ratio", ">=", 89.0, "%", "target", 2024),
    ]


@pytest.mark.parametrize("sentence, expected", [
    # 达 starting 达标率 is part of the measure's name, not the comparator 达 (>=).
    ("县控以上地表水断面水质达标率100%。", [("water.surface_section_compliance", "==", 100.0, "%", "target")]),
    ("省控断面水质达标率达100%。", [("water.provincial_section_compliance", ">=", 100.0, "%", "target")]),
    # A class range is written with any dash: Ⅰ—Ⅲ类 and Ⅰ～Ⅲ类 are the dictionary's Ⅰ-Ⅲ类.
    ("Ⅰ—Ⅲ类水质断面比例保持100%。", [("water.surface_good_ratio", "==", 100.0, "%", "target")]),
    ("地表水Ⅰ～Ⅲ类水体比例达到80%。", [("water.surface_good_ratio", ">=", 80.0, "%", "target")]),
    # A bare 减排量 after the break refers back to the pollutants just named, one value each.
    ("完成市下达的氮氧化物、挥发性有机物重点工程减排任务，减排量分别不少于120吨和85吨。",
     [("emission.nox_reduction", ">=", 120.0, "吨", "target"), ("emission.vocs_reduction", ">=", 85.0, "吨", "target")]),
    ("推进工业企业治理，减排量不少于50吨。", [(None, ">=", 50.0, "吨", "target")]),
    # 得到遏制 is 得到控制's sibling: a named measure without a number in a section of targets.
    ("臭氧浓度上升趋势得到有效遏制。", [("air.o3", "qualitative", None, None, "target")]),
    # A range gives two rows of one measure: a floor and a ceiling (whatever the comparator word says).
    ("细颗粒物（PM2.5）平均浓度控制在22—25微克/立方米。",
     [("air.pm25", ">=", 22.0, "μg/m³", "target"), ("air.pm25", "<=", 25.0, "μg/m³", "target")]),
    # 均 with no words of its own after a list: the change holds for every measure of the list.
    ("细颗粒物（PM2.5）、可吸入颗粒物（PM10）平均浓度分别为21微克/立方米、48微克/立方米，均同比下降2微克/立方米。",
     [("air.pm25", "==", 21.0, "μg/m³", "target"), ("air.pm10", "==", 48.0, "μg/m³", "target"),
      ("air.pm25", "==", 2.0, "μg/m³", "change"), ("air.pm10", "==", 2.0, "μg/m³", "change")]),
    ("空气质量优良天数比率稳定在88%至90%之间，森林覆盖率达到46%。",
     [("air.good_days_ratio", ">=", 88.0, "%", "target"), ("air.good_days_ratio", "<=", 90.0, "%", "target"),
      ("eco.forest_coverage", ">=", 46.0, "%", "target")]),
])
def test_round4_phrases(sentence: str, expected: list[tuple]) -> None:
    assert facts(LETTER.format(sentence, "开展生态示范创建。")) == expected


def test_table_zero_cell_after_a_current_value() -> None:
    """城市黑臭水体 | 个 | 0 | 动态清零: the target cell states zero though the current-value cell holds a number."""
    text = ("甲市人民政府2025年度生态环境保护目标责任书\n附表\n"
            "序号\t指标\t单位\t2024年现状值\t2025年目标值\t属性\n"
            "1\t城市黑臭水体\t个\t0\t动态清零\t约束性\n"
            "2\t劣Ⅴ类水体比例\t%\t1.2\t基本消除\t约束性\n")
    rec = targets_of(text)
    assert [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.year) for t in rec.targets] == [
        ("water.urban_black_odorous", "==", 0.0, "个", "actual", 2024),
        ("water.urban_black_odorous", "zero", None, None, "target", 2025),
        ("water.surface_inferior_v_ratio", "==", 1.2, "%", "actual", 2024),
        ("water.surface_inferior_v_ratio", "zero", None, None, "target", 2025),
    ]


def test_press_release_reports_outcomes_per_city() -> None:
    """A press release on the year's state reads like a notice: outcomes are actual, 达到 reports a value,
    a heading naming a city binds what follows, and the next year's aims are targets."""
    text = ("青海省2024年生态环境质量状况新闻发布稿\n一、全省情况\n"
            "2024年，全省国考断面水质优良比例达到90.5%，同比提高1.2个百分点。\n"
            "二、各市情况\n（一）西宁市。细颗粒物（PM2.5）平均浓度为21微克/立方米。\n"
            "三、2025年工作安排\n2025年，全省空气质量优良天数比率不低于88%。\n")
    assert located_facts(text) == [
        ("青海省", "water.national_section_good_ratio", "==", 90.5, "%", "actual", 2024),
        ("青海省", "water.national_section_good_ratio", "==", 1.2, "百分点", "change", 2024),
        ("西宁市", "air.pm25", "==", 21.0, "μg/m³", "actual", 2024),
        ("青海省", "air.good_days_ratio", ">=", 88.0, "%", "target", 2025),
    ]
    # A document of no kind without a report's title keeps targets.
    plan = targets_of("丁省生态环境保护工作要点\n一、目标\n全省国考断面水质优良比例达到90.5%。\n")
    assert [(t.comparator, t.kind) for t in plan.targets] == [(">=", "target")]


@pytest.mark.parametrize("heading, entity", [
    ("（八）白城市。", "白城市"),  # a city whose name ends in 城 is a government ...
    ("（二）聊城市", "聊城市"),
    ("（三）主城区。", "西川省"),  # ... 城区 and 城市 of a longer phrase are not
    ("（四）地级及以上城市。", "西川省"),
])
def test_notice_heading_of_a_city_named_x_cheng(heading: str, entity: str) -> None:
    """Regression: （八）白城市。 in a notice bound its outcomes to the province (the 城 before 市 was read
    as 城区's)."""
    text = ("西川省人民政府关于2022年度生态环境保护目标责任制考评情况的通报\n"
            f"二、各地情况\n{heading}\n细颗粒物（PM2.5）年均浓度为30微克/立方米。\n")
    assert [f[0] for f in located_facts(text)] == [entity]


@pytest.mark.parametrize("sentence, expected", [
    # A bare number joined to the next by 和 is the list's first value (its unit is the last one's).
    ("丙县可吸入颗粒物（PM10）和细颗粒物（PM2.5）平均浓度分别不高于55和33微克/立方米。",
     [("air.pm10", "<=", 55.0, "μg/m³", "target"), ("air.pm25", "<=", 33.0, "μg/m³", "target")]),
    # 均 before a change against a base year: the value holds for every measure of the list.
    ("二氧化硫、氮氧化物排放总量均比2020年下降10%以上。",
     [("emission.so2_reduction", ">=", 10.0, "%", "change"), ("emission.nox_reduction", ">=", 10.0, "%", "change")]),
    # The small percent sign ﹪ is a percent sign.
    ("森林覆盖率达到46﹪以上。", [("eco.forest_coverage", ">=", 46.0, "%", "target")]),
    # 淘汰N辆以上X: a count to reach, not the size a rule covers.
    ("淘汰2.5万辆以上黄标车。", [("transport.yellow_label_vehicles_eliminated", ">=", 2.5, "万辆", "target")]),
    # 分别 before one value: the value holds for each measure named.
    ("海洋沉积物和生物质量符合分级控制要求比例分别达85%以上。",
     [("marine.sediment_compliance_ratio", ">=", 85.0, "%", "target"),
      ("marine.biological_quality_compliance_ratio", ">=", 85.0, "%", "target")]),
    # A bare number right after a measure's name is its value (an index has no unit).
    ("环境空气质量综合指数3.9，优良天数比例88%。",
     [("air.composite_index", "==", 3.9, None, "target"), ("air.good_days_ratio", "==", 88.0, "%", "target")]),
    # 落实近N个: a count after a verb and 近 states a value.
    ("落实近300个治理项目。", [(None, "==", 300.0, "个", "target")]),
])
def test_lists_counts_and_signs_that_were_missed(sentence: str, expected: list[tuple]) -> None:
    """Regression: these statements gave no row, or a row for one measure of the list only."""
    assert facts(LETTER.format(sentence, "开展生态示范创建。")) == expected


@pytest.mark.parametrize("sentence, phrase", [
    ("3条溪流剿灭Ⅴ类。", "溪流剿灭Ⅴ类"),
    ("5个干流断面全部达标。", "干流断面全部达标"),
])
def test_a_count_reported_done_states_a_value(sentence: str, phrase: str) -> None:
    """N条X剿灭Ⅴ类, N个X全部达标: a count whose noun is to be done states a value (a count row)."""
    rows = targets_of(LETTER.format(sentence, "开展生态示范创建。")).targets
    assert [(t.comparator, t.value, t.unit, t.kind) for t in rows] == [("==", float(sentence[0]), sentence[1],
                                                                         "target")]


def test_a_share_all_met_by_a_list_of_counted_objects():
    """N个X、M个Y…，全部100%达标: one row per object listed, its 达标率 (a bracket's 、 splits nothing)."""
    sentence = "全市5个省控断面、12个县(市、区)交界断面，3个集中式饮用水源地水质，全部100%达标。"
    assert facts(LETTER.format(sentence, "开展生态示范创建。")) == [
        ("water.provincial_section_compliance", "==", 100.0, "%", "target"),
        ("water.county_boundary_section_compliance", "==", 100.0, "%", "target"),
        ("water.drinking_source_compliance", "==", 100.0, "%", "target"),
    ]
    # One object, or no 全部: the rules before hold.
    assert len(facts(LETTER.format("5个省控断面全部100%达标。", "开展生态示范创建。"))) == 1


def values(text: str) -> list[tuple]:
    """(indicator, comparator, value, unit) of each row: what a number states, whatever its kind."""
    return [f[:4] for f in facts(text)]


def test_a_superscript_copied_as_a_digit_is_part_of_the_unit() -> None:
    """A web page's copy turns μg/m³ into "μg/m 3": the 3 is the unit's, never a value of its own."""
    assert values("本月全市PM10浓度均值为61μg/m 3 ,同比下降4.7%。") == [
        ("air.pm10", "==", 61.0, "μg/m³"), ("air.pm10", "==", 4.7, "%")]


def test_a_range_over_each_of_several_governments_states_no_value() -> None:
    """各区PM2.5浓度在…之间 says where each district lies, not what any one of them is; one government's
    range is a floor and a ceiling."""
    assert values("天水市2023年6月空气质量状况\n6月份,各区PM2.5浓度在18.4-26.9微克/立方米之间。\n") == []
    assert values("全市PM2.5浓度控制在30—35微克/立方米之间。") == [
        ("air.pm25", ">=", 30.0, "μg/m³"), ("air.pm25", "<=", 35.0, "μg/m³")]


def test_a_standards_level_in_brackets_is_no_value() -> None:
    """达到国家二级标准(35微克/立方米) quotes what the standard is; the statement's value is elsewhere."""
    assert values("全市PM2.5平均浓度为38微克/立方米,接近国家二级标准(35微克/立方米)。") == [
        ("air.pm25", "==", 38.0, "μg/m³")]


def test_a_headline_that_repeats_the_lead_gives_no_row() -> None:
    """A news page's headline and sub-headline restate its lead: the statement is the lead's, once."""
    page = ("某市今年PM2.5平均浓度力争下降6%\n来源:某市日报 2023-03-02\n全市深化大气治理 PM2.5平均浓度力争下降6%\n"
            "记者从市生态环境局获悉,今年全市PM2.5平均浓度力争同比下降6%。\n")
    assert values(page) == [("air.pm25", "==", 6.0, "%")]


@pytest.mark.parametrize("sentence, expected", [
    ("年底前完成全县58个废弃矿山的生态修复工作。", [("==", 58.0, "个")]),
    ("今年将关停整合5台燃煤锅炉。", [("==", 5.0, "台")]),
    ("划定36个乡镇饮用水水源保护区。", [("==", 36.0, "个")]),
    ("完成城区3200户(4100台)散煤取暖设施清洁能源改造。", [("==", 3200.0, "户"), ("==", 4100.0, "台")]),
    ("全年完成2.3万户农村清洁取暖改造。", [("==", 2.3, "万户")]),
    ("全年整治“散乱污”企业0.85万家。", [("==", 0.85, "万家")]),
    ("秋冬季区域内共发生重污染48天次。", [("==", 48.0, "天次")]),
    ("三年来全市累计淘汰黄标车约三千辆。", [("==", 3000.0, "辆")]),
])
def test_counts_of_things_done(sentence: str, expected: list[tuple]) -> None:
    """A count after a verb of work done (整合, 划定, 完成全县…) states a value; households, firms by
    the 万 and city-days are units of their own; a count in brackets after a count is a count too."""
    assert [(t.comparator, t.value, t.unit) for t in targets_of(sentence).targets] == expected


def test_a_range_of_a_measure_without_a_unit_closed_by_zhijian() -> None:
    """降水pH值在5.86-8.1之间: a measure without a unit read as a range (floor and ceiling); years so
    written (2021-2025之间) are no range of values."""
    assert values("全市降水pH值在5.86-8.1之间。") == [("air.precipitation_ph", ">=", 5.86, None),
                                                ("air.precipitation_ph", "<=", 8.1, None)]
    assert values("力争在2021-2025之间完成。") == []


def test_a_counted_noun_with_a_bracketed_list_keeps_its_bracket() -> None:
    """全市9个县(市、区)空气质量均达到二级标准: the bracket's 、 splits no list; the count is a value and its quote
    runs over the noun."""
    rows = targets_of("2023年,全市9个县(市、区)空气质量均达到国家环境空气质量二级标准。").targets
    assert [(t.comparator, t.value, t.unit) for t in rows] == [("==", 9.0, "个")]
    assert rows[0].quote.startswith("全市9个县(市、区)空气质量均达到")


def test_a_bare_number_right_after_a_rate_is_its_value() -> None:
    """污水处理厂出水达标率98 (an OCR'd page lost the %): the number after the rate's name is its value, unit unknown."""
    assert [(t.comparator, t.value, t.unit) for t in targets_of("全区4座污水处理厂出水达标率98。").targets] == \
        [("==", 98.0, None)]


def test_gradually_eliminating_sets_no_zero() -> None:
    """逐步消除重污染天气 says where work goes, not that the measure must be zero; 消除 alone does."""
    assert values("三年内逐步消除重污染天气,切实改善空气质量。") == []
    assert values("到2020年消除重污染天气。") == [("air.heavy_pollution_days", "zero", None, None)]


def test_a_sound_level_in_decibels_is_a_value() -> None:
    assert [(t.comparator, t.value, t.unit) for t in targets_of("全市昼间区域声环境平均等效声级为53.2分贝。").targets] == \
        [("==", 53.2, "分贝")]


def test_a_count_of_kinds_of_work_after_deng_is_no_value() -> None:
    """燃煤锅炉改造等8项治理任务年底前完成 counts the kinds of work just named (a programme's size), not a count to reach."""
    assert values("今年,燃煤锅炉改造、扬尘治理等8项治理任务年底前完成。") == []


@pytest.mark.parametrize("sentence, expected", [
    # the days a share of days is taken over are its base, not a value
    ("2022年,全市有效监测天数363天,优良天数330天。", [("==", 330.0, "天")]),
    ("全年自然天数365天,实测天数355天,优良天数330天。", [("==", 330.0, "天")]),
    # a round threshold the value just given crossed
    ("全市优良天数比例为91.0%,首次超过90%。", [("==", 91.0, "%")]),
    # the count of what an assessment covers
    ("全市纳入国控断面12个、纳入省控断面20个,水质优良比例为85.0%。", [("==", 85.0, "%")]),
    ("全省纳入国家考核的地表水断面共12个。", []),
    # the size of a monitoring network or sample, unless the piece builds it
    ("全市共设置地表水监测断面45个,其中国控断面12个,水质优良比例为85.0%。", [("==", 85.0, "%")]),
    ("全年共监测降水样品320个,酸雨频率为5.3%。", [("==", 5.3, "%")]),
    ("今年新建空气自动监测站5个。", [("==", 5.0, "个")]),
    # a population is a government's size, the background of a report
    ("全省常住人口4000万人,优良天数比例为91.0%。", [("==", 91.0, "%")]),
    ("国考断面水质优良比例为90%(18个断面中16个达到或优于Ⅲ类)。", [("==", 90.0, "%"), ("==", 16.0, "个")]),
    # the whole a part is counted from: only the part is a value
    ("全省9个城市中有7个空气质量达到二级标准。", [("==", 7.0, "个")]),
    # the weights a ranking gives its measures are its method
    ("按照PM2.5浓度和优良天数比率排名位次各占50%、50%的权重进行排名,全市优良天数比例为85.0%。", [("==", 85.0, "%")]),
    ("其中综合指数权重为40%,全市优良天数比例为85.0%。", [("==", 85.0, "%")]),
    # a count followed by its share of the whole: the share is the value
    ("监测的湖库水质好于Ⅲ类标准的共6座,占54.5%。", [("==", 54.5, "%")]),
    # how often a place was monitored
    ("全年对县城饮用水源地水质监测12次,水质达标率为100%。", [("==", 100.0, "%")]),
    # an area before a rate is what the rate covers
    ("全市3000多万亩耕地秸秆综合利用率达到90%。", [("==", 90.0, "%")]),
])
def test_numbers_that_are_the_base_of_a_value_state_none(sentence: str, expected: list[tuple]) -> None:
    """Only what stands after the base is a value (the measure's code is the dictionary's business)."""
    assert [v[1:] for v in values("2022年环境质量状况\n" + sentence + "\n")] == expected


def test_wulun_regardless_states_no_zero() -> None:
    """无论是达标天数比例还是优良天数: 无论 (whether … or) is no 无 before a measure."""
    assert values("全市无论是达标天数比例还是优良天数,均创有监测以来最好水平。") == []


def test_fenbie_before_a_base_year_gives_one_value_to_each_measure() -> None:
    """二氧化硫、氮氧化物排放总量分别比2015年下降11%以上: 分别 with a base year between it and the single value
    still gives the value to both measures."""
    assert [(f[0], f[2]) for f in facts("到2020年,二氧化硫、氮氧化物排放总量分别比2015年下降11%以上。")] == [
        ("emission.so2_reduction", 11.0), ("emission.nox_reduction", 11.0)]


@pytest.mark.parametrize("sentence, expected", [
    ("全省未出现酸性降水。", [("air.acid_precipitation", "zero")]),
    ("全年未发生辐射事故。", [("radiation.accidents", "zero")]),
    ("全市土壤环境质量总体稳定,未发生土壤污染事件。", [("soil.pollution_incidents", "zero")]),
    ("全省V类及以下水体动态清零。", [("water.class_v_or_worse_bodies", "zero")]),
    ("城市建成区臭黑水体全部消除。", [("water.urban_black_odorous", "zero")]),
])
def test_events_and_waters_reported_absent_are_zero(sentence: str, expected: list[tuple]) -> None:
    """A bulletin's 未出现 / 未发生 X and X动态清零 for incidents and the worst water classes: zero rows."""
    assert [(f[0], f[1]) for f in facts("2022年环境状况公报\n" + sentence + "\n")] == expected


def test_a_count_of_a_quoted_noun_in_passing_is_no_value() -> None:
    """25个“美丽海湾”重点海湾水质总体良好: a count whose noun opens with a quotation mark is a count in passing like
    any other; after a verb (整治35家“散乱污”企业) it is a value."""
    assert values("全省25个“美丽海湾”重点海湾水质总体良好。") == []
    assert [v[1:] for v in values("今年整治35家“散乱污”企业。")] == [("==", 35.0, "家")]


def test_last_years_value_in_brackets_is_the_same_measure() -> None:
    """优良天数比例87.7%(上年为85.2%),同比上升2.5个百分点: the bracket names no measure of its own; its value is the
    measure's of the year before, and the change after it is the measure's again."""
    rows = targets_of("2023年某市环境质量状况\n2023年,全市优良天数比例87.7%(上年为85.2%),同比上升2.5个百分点。\n").targets
    assert [(t.indicator, t.value, t.kind, t.year) for t in rows] == [
        ("air.good_days_ratio", 87.7, "actual", 2023), ("air.good_days_ratio", 85.2, "actual", 2022),
        ("air.good_days_ratio", 2.5, "change", 2023)]


@pytest.mark.parametrize("sentence, expected", [
    ("2021年,全省14个县(市、区)空气质量均达到国家二级标准。", ("air.counties_attaining_grade2", "==", 14.0, "个")),
    ("确保流域内3个干流断面全部达标。", ("water.mainstream_sections_compliant", "==", 3.0, "个")),
    ("力争12个出境断面水质全部达标。", ("water.outflow_sections_compliant", "==", 12.0, "个")),
    ("出境断面IV类水质以下比例控制在6%以内。", ("water.outflow_section_below_iv_ratio", "<=", 6.0, "%")),
    ("地表水达到或优于III类水质断面比例达到78%。", ("water.surface_good_ratio", ">=", 78.0, "%")),
])
def test_counts_of_sections_and_counties_meeting_a_standard(sentence: str, expected: tuple) -> None:
    """A count of counties or of sections of one sort all meeting their standard is a measure of its own; a class
    written in Latin capitals (III类, IV类) names the same measure as one written in Roman numerals (Ⅲ类)."""
    assert [(t.indicator, t.comparator, t.value, t.unit) for t in targets_of(sentence).targets] == [expected]


def test_good_days_split_by_grade() -> None:
    """优良天数341天(其中:优152天,良189天): the bare 优 / 良 after a day count are the days of each grade,
    not the good days again."""
    rows = targets_of("2023年,全县空气质量优良天数341天(其中:优152天,良189天)。").targets
    assert [(t.indicator, t.value) for t in rows] == [("air.good_days", 341.0), ("air.excellent_days", 152.0),
                                                     ("air.good_only_days", 189.0)]
    assert [(t.indicator, t.value) for t in targets_of("全年达标天数300天，其中优级天数120天。").targets] == \
        [("air.good_days", 300.0), ("air.excellent_days", 120.0)]


def test_a_rate_named_by_the_topic_of_the_piece_before_the_comma() -> None:
    """交接断面水质考核优秀，水质达标率力争达到90%以上: the rate's words alone name no measure; with the topic
    opening the piece before the comma they do (交接断面水质达标率). Words that name a measure keep it."""
    assert values("到2025年,交接断面水质考核优秀,水质达标率力争达到92%以上。") == \
        [("water.cross_boundary_section_compliance", ">=", 92.0, "%")]
    assert values("全县城市集中式饮用水水源地水质保持稳定,达标率为100%。") == \
        [("water.drinking_source_compliance", "==", 100.0, "%")]


def test_one_value_after_a_list_of_measures_each_named() -> None:
    """总氮、总磷含量下降8%: each listed measure named in the dictionary takes the one value (no 分别 needed);
    a list of subjects before one measure (工业企业和污水处理厂污水排放达标率) stays one row."""
    assert values("河口断面总氮、总磷含量较2020年下降8%。") == [
        ("marine.estuary_total_nitrogen", "==", 8.0, "%"), ("marine.estuary_total_phosphorus", "==", 8.0, "%")]
    assert len(values("重点工业企业和城镇污水处理厂污水排放达标率达到96%。")) == 1


def test_both_ends_of_a_range_are_of_one_kind() -> None:
    """已有…，力争再增加1至2个…城市: the range's high end is the same change as its low end, whatever the
    past words earlier in the sentence make of a value of its own."""
    rows = targets_of("今年,在已达到空气质量二级标准的5个城市基础上,力争再增加1至2个空气质量达到二级标准的城市。").targets
    assert [(t.comparator, t.value, t.kind) for t in rows if t.value in (1.0, 2.0)] == \
        [(">=", 1.0, "change"), ("<=", 2.0, "change")]


def test_scraper_pinyin_after_characters_is_read_past() -> None:
    """A reprint site writes toned pinyin after characters (區(qū), 個(gè)): the finder reads the words without
    it, and the quote is still the page's own text, pinyin included."""
    text = "確保重點(diǎn)生態(tài)功能區(qū)12個(gè)出境斷面水質(zhì)全部達(dá)標(biāo)。"
    rows = targets_of(text).targets
    assert [(t.indicator, t.value, t.unit) for t in rows] == [("water.outflow_sections_compliant", 12.0, "个")]
    assert rows[0].quote == text[rows[0].span_start:rows[0].span_end]
    assert rows[0].quote.endswith("12個(gè)出境斷面水質(zhì)全部達(dá)標")


def test_a_closing_word_one_mark_after_a_number_that_lost_its_percent() -> None:
    """达标率85.以上、 / 下降25,以上. on an OCR'd page (the % read as a stop or comma): the closing word still
    closes the number; 以上目标 after a full stop opens a sentence of its own."""
    assert values("集镇饮用水水源水质达标率85.以上、二 重点支流。") == \
        [("water.drinking_source_compliance", ">=", 85.0, None)]
    assert [(t.comparator, t.kind) for t in targets_of("断面超标污染物浓度比2015年下降25,以上.").targets] == \
        [(">=", "change")]
    assert values("PM2.5浓度下降5%。以上目标由各区落实。") == [("air.pm25", "==", 5.0, "%")]


def test_a_count_of_cities_meeting_the_grade_two_standard() -> None:
    """5个城市空气质量达到国家二级标准, 6个设区市达到国家空气质量二级标准: the counted cities are the measure
    (written subject first, where the dictionary's other names put the standard first)."""
    assert values("全省有5个城市空气质量达到国家二级标准。") == [("air.attainment_cities", "==", 5.0, "个")]
    assert values("2022年,全省6个设区市达到国家空气质量二级标准。") == [("air.attainment_cities", "==", 6.0, "个")]


def test_shares_of_days_by_grade() -> None:
    """优级天数比例 / 良级天数比例 are shares of days of one grade, not the days themselves."""
    assert values("全省优级天数比例为88.2%,良级天数比例为10.6%。") == [
        ("air.excellent_days_ratio", "==", 88.2, "%"), ("air.good_only_days_ratio", "==", 10.6, "%")]


def test_days_given_as_a_share_are_the_share_of_those_days() -> None:
    """优级天数上升了12.1个百分点, 优良天数均为100%: a count of days stated as a share is the share of those days;
    重污染天数同比下降39% is the days' own change. 优22天、良9天: the grades listed after a 、 too."""
    assert values("全省空气质量优级天数上升了12.1个百分点。") == [("air.excellent_days_ratio", "==", 12.1, "百分点")]
    assert values("各城市优良天数均为100%。") == [("air.good_days_ratio", "==", 100.0, "%")]
    assert values("重污染天数比例下降0.6个百分点。") == [("air.heavy_pollution_ratio", "==", 0.6, "百分点")]
    assert values("重污染天数同比下降39%。") == [("air.heavy_pollution_days", "==", 39.0, "%")]
    assert [v[0] for v in values("优良天数为31天(优22天、良9天)。")] == \
        ["air.good_days", "air.excellent_days", "air.good_only_days"]


def test_a_list_answered_respectively_in_several_units() -> None:
    """…一氧化碳浓度、臭氧8小时浓度分别为21微克/立方米、1.2毫克/立方米、148微克/立方米: after 分别 the values
    answer the measures in order whatever their units; without 分别 values in other units are other statements."""
    assert values("全市二氧化氮、一氧化碳浓度、臭氧8小时浓度分别为21微克/立方米、1.2毫克/立方米、148微克/立方米。") == [
        ("air.no2", "==", 21.0, "μg/m³"), ("air.co", "==", 1.2, "mg/m³"), ("air.o3", "==", 148.0, "μg/m³")]
    assert [v[0] for v in values("PM2.5浓度35微克/立方米、优良天数比例80%。")] == ["air.pm25", "air.good_days_ratio"]


def test_the_headline_repeated_in_the_body_says_nothing_new() -> None:
    """A scraped page often repeats its headline as a line of the body: its number is the body's, said once."""
    text = ("2023年甲县优良天数比例达95.0% 创有监测以来最好\n"
            "甲县讯 2023年，甲县优良天数比例为95.0%，同比上升1.2个百分点。\n"
            "2023年甲县优良天数比例达95.0% 创有监测以来最好\n")
    assert [v[2] for v in values(text)] == [95.0, 1.2]
