"""Year, kind, comparator and rows that are no statements, on short invented sentences written the
way news pages, plans and target lists write them."""

from __future__ import annotations

from test_targets import targets_of


def rows(text: str) -> list[tuple]:
    return [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.year, t.approx) for t in targets_of(text).targets]


def test_plan_period_sets_its_last_year() -> None:
    """“十三五”期间 names the plan's span: what is to be reached in it is for 2020, not the page's year."""
    text = ("乙市明确“十三五”环保目标\n2016-3-1 来源: 环境报\n"
            "“十三五”期间，乙市将实现县级饮用水水源地水质达标率100%，PM2.5年均浓度≤35微克/立方米。\n"
            "今年全市优良天数比例达到90%以上。\n")
    assert [(r[0], r[5]) for r in rows(text)] == [
        ("water.drinking_source_compliance", 2020), ("air.pm25", 2020), ("air.good_days_ratio", 2016)]


def test_base_year_written_as_base_number() -> None:
    """在2015年的基数上下降5%: 2015 is the base, the statement is for the year in force."""
    text = "丙市海洋环保责任目标\n（2018年）\n1、入海口断面总氮含量在2015年的基数上下降5%。\n"
    assert [(r[1], r[2], r[4], r[5]) for r in rows(text)] == [("==", 5.0, "change", 2018)]


def test_may_not_exceed_is_a_ceiling() -> None:
    """不能超过27天: 不能 negates 超过, a ceiling that includes the number (not > 27)."""
    text = "丁市2021年大气污染防治实施方案\n全年污染天数不能超过27天。\n"
    assert [(r[1], r[2]) for r in rows(text)] == [("<=", 27.0)]


def test_count_before_a_rate_is_its_coverage() -> None:
    """45个监测断面达标率90%以上: the 45 sections say what the rate covers; only the rate is a row."""
    text = ("丁江市2023年水质提升目标\n甲县30条主要支流、45个监测断面达标率90%以上。"
            "全市12个国考断面水质优良比例达到95%。\n")
    assert [(r[2], r[3]) for r in rows(text)] == [(90.0, "%"), (95.0, "%")]


def test_place_moved_in_an_overall_ranking_is_no_row() -> None:
    """较上年前进2位 in an overall ranking names no measure: no row. A measure's own rank move stays."""
    text = ("丙川市2022年生态环境状况\n2022年，丙川市污染防治攻坚战成效考核综合成绩在全省排名第三，较2021年前进2位。\n"
            "全市优良天数比率为93.4%，同比上升3个位次。\n")
    assert [(r[0], r[2], r[3]) for r in rows(text)] == [
        ("air.good_days_ratio", 93.4, "%"), ("air.good_days_ratio", 3.0, "位次")]


def test_last_year_on_a_page_about_a_years_bulletin() -> None:
    """2017年度…状况公报发布: the page comes out the year after, so its 去年 is the bulletin's year."""
    text = ("2017年度乙市环境质量状况公报发布\n本报讯 今天乙市环保局发布公报。\n"
            "去年，乙市市区昼间声环境功能区达标率为100%，夜间达标率为62.5%。\n")
    assert [(r[2], r[4], r[5]) for r in rows(text)] == [(100.0, "actual", 2017), (62.5, "actual", 2017)]



def test_report_continues_after_as_of_date() -> None:
    """截至12月21日，…。同时…分别为…: on a page that tells, the next sentence of the paragraph reports too;
    one that says what is to come (将…控制在…) does not."""
    text = ("甲县大气污染防治工作成效明显\n发布日期 | 2020-12-24 |\n"
            "截至12月21日，县城区空气质量优良天数达347天。同时PM10、PM2.5平均浓度分别为40.7微克/立方米、25.5微克/立方米。"
            "明年PM2.5平均浓度将控制在25微克/立方米以下。\n")
    assert [(r[2], r[4]) for r in rows(text)] == [(347.0, "actual"), (40.7, "actual"), (25.5, "actual"), (25.0, "target")]
