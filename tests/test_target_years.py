"""Year, kind, comparator and rows that are no statements, on short invented sentences written the
way news pages, plans and target lists write them."""

from __future__ import annotations

import pytest
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



def test_report_continues_after_as_of_date() -> None:
    """截至12月21日，…。同时…分别为…: on a page that tells, the next sentence of the paragraph reports too;
    one that says what is to come (将…控制在…) does not."""
    text = ("甲县大气污染防治工作成效明显\n发布日期 | 2020-12-24 |\n"
            "截至12月21日，县城区空气质量优良天数达347天。同时PM10、PM2.5平均浓度分别为40.7微克/立方米、25.5微克/立方米。"
            "明年PM2.5平均浓度将控制在25微克/立方米以下。\n")
    assert [(r[2], r[4]) for r in rows(text)] == [(347.0, "actual"), (40.7, "actual"), (25.5, "actual"), (25.0, "target")]


def dated_rows(text: str, published: str) -> list[tuple]:
    """Rows of a page the crawl log dates (``published``), as ``rows`` gives them."""
    from extract.file import records_from_extraction
    from extract.published import SourceInfo
    from extract.records import Extraction

    rec = records_from_extraction(Extraction(text=text, format="txt"), "page.txt", "0" * 64,
                                  SourceInfo(published=published))
    return [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.year, t.approx) for t in rec.targets]


def test_a_year_since_which_a_record_holds_is_not_the_year_a_page_is_about() -> None:
    """为2013年有监测记录以来首次达标: 2013 is where the record starts; the month reported is the page's year."""
    text = ("乙省8月PM2.5浓度创新低\n新华社乙城9月4日电 记者从乙省环保厅了解到，今年8月，乙省PM2.5平均浓度为31微克/立方米，"
            "为2013年有监测记录以来首次达到国家空气质量二级标准，同比下降22.5%。\n"
            "1月到8月，乙省PM2.5平均浓度为54微克/立方米，同比下降18.2%。\n")
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2018-09-05")] == [
        (31.0, "actual", 2018), (22.5, "change", 2018), (54.0, "actual", 2018), (18.2, "change", 2018)]


def test_a_page_on_a_years_named_bulletin_is_about_that_year() -> None:
    """《2021甲区生态环境状况公报》正式发布 on a page published in 2022: its figures are 2021's."""
    text = ("本报讯 5月31日，记者从甲区生态环境厅获悉，《2021甲区生态环境状况公报》正式发布。《公报》显示，"
            "全区平均优良天数比例为83.8%，优良天数达到306天。\n")
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2022-06-16")] == [(83.8, "actual", 2021), (306.0, "actual", 2021)]


def test_a_report_month_after_the_publication_month_is_last_year() -> None:
    """12月份, 1-12月 on a page published in January: last year's December and last year; a deadline
    (10月底前) on a page published in March is this year's."""
    text = ("一、全市空气质量总体状况\n12月份，本市细颗粒物（PM2.5）浓度为17.7微克/立方米。优良天数31天。\n"
            "1-12月，本市细颗粒物（PM2.5）浓度为30.5微克/立方米。\n")
    assert [(r[2], r[5]) for r in dated_rows(text, "2025-01-26")] == [(17.7, 2024), (31.0, 2024), (30.5, 2024)]
    plan = "甲市水质提升目标\n全市10月底前完成30台燃煤锅炉淘汰。\n"
    assert [(r[2], r[5]) for r in dated_rows(plan, "2017-03-17")] == [(30.0, 2017)]


def test_a_requirement_an_outcome_is_measured_against_is_a_target() -> None:
    """高于89.1%的年度目标要求: the outcome is above a requirement of 89.1% (target ==); 达到低于3.8%的年度目标要求:
    the requirement with its own comparator; 下降比例高于12%: a change."""
    text = ("乙区召开新闻发布会\n1月-10月，乙区环境空气优良天数比例90.2%，同比提高0.8个百分点，高于89.1%的年度目标要求；"
            "劣Ⅴ类水体比例为1.9%，达到低于3.8%的年度目标要求。\n")
    got = [(r[1], r[2], r[4]) for r in rows(text) if r[2] in (89.1, 3.8)]
    assert got == [("==", 89.1, "target"), ("<", 3.8, "target")]


def test_a_higher_aim_after_a_change_is_the_same_change() -> None:
    """下降6%以上，力争8%: 8% is a further aim for the same decline (change); 下降10%，达到62微克/立方米 is a level."""
    text = "甲省2017年环保工作会\n今年，全省PM2.5平均浓度要下降6%以上，力争8%。\n"
    assert [(r[0], r[2], r[4]) for r in rows(text)] == [("air.pm25", 6.0, "change"), ("air.pm25", 8.0, "change")]
    level = "甲市2017年工作方案\n可吸入颗粒物(PM10)年均浓度比2012年下降10%，达到62微克/立方米以下。\n"
    assert [(r[2], r[4]) for r in rows(level)] == [(10.0, "change"), (62.0, "target")]


def test_what_is_done_already_or_since_a_year_is_reported() -> None:
    """完工率已超51% (more than 51%, reached) and 2013年以来…淘汰黄标车104.6万辆 (since 2013, no year of its own)
    on a news page report outcomes."""
    text = ("丙市1-7月PM2.5浓度为近5年最好水平\n本报讯 丙市年度重点工程任务完工率已超51%。\n"
            "2013年以来，全市淘汰黄标车及老旧车辆104.6万辆。\n")
    got = [(r[1], r[2], r[4]) for r in rows(text)]
    assert got == [(">", 51.0, "actual"), ("==", 104.6, "actual")]



def test_a_change_share_or_a_margin_over_a_target_is_a_change() -> None:
    """达到下降比例高于12%的年度目标要求, 下降目标为25%, 优于年度目标10%以上: changes, whatever comparator stands before."""
    text = ("乙区召开新闻发布会\n1月-10月，乙区PM2.5平均浓度较2015年下降17.1%，达到下降比例高于12%的年度目标要求。\n"
            "丙省PM2.5年均浓度下降目标为25%。\n丁省PM2.5平均浓度优于年度目标10%以上。\n")
    assert [(r[1], r[2], r[4]) for r in rows(text)] == [
        ("==", 17.1, "change"), (">", 12.0, "change"), ("==", 25.0, "change"), (">=", 10.0, "change")]


def test_reaching_a_concentration_is_a_ceiling() -> None:
    """到2020年全省PM2.5平均浓度达到55微克/立方米: a concentration is better lower, so reaching it is a ceiling;
    优良天数比例达到80% stays a floor, and a reported 达到 stays a value."""
    text = "甲省2018年大气污染防治工作方案\n到2020年，全省PM2.5平均浓度达到55微克/立方米，优良天数比例达到80%。\n"
    assert [(r[0], r[1], r[2]) for r in rows(text)] == [("air.pm25", "<=", 55.0), ("air.good_days_ratio", ">=", 80.0)]
    told = "甲省召开新闻发布会\n1月到8月，全省PM2.5平均浓度达到55微克/立方米。\n"
    assert [(r[1], r[4]) for r in rows(told)] == [("==", "actual")]


def test_a_news_page_written_as_a_report_gives_outcomes() -> None:
    """A news page whose title names no genre reports outcomes when its sentences are written as reports
    are (同比, 与上年同期相比下降了, 创…最好): a value with no past word of its own is actual too. A news page
    on a plan, written with 到2025年 and 控制在, keeps its targets."""
    text = ("丁市空气质量持续向好\n本报讯 记者从丁市生态环境局获悉，丁市空气质量创近5年最好水平。\n"
            "细颗粒物（PM2.5）平均浓度为21微克/立方米，与上年同期相比下降了3微克/立方米。\n"
            "可吸入颗粒物（PM10）平均浓度为40微克/立方米，同比持平。\n")
    assert [(r[2], r[4]) for r in dated_rows(text, "2023-06-05")] == [(21.0, "actual"), (3.0, "change"),
                                                                     (40.0, "actual")]
    plan = ("丁市出台大气污染防治方案\n本报讯 记者从丁市生态环境局获悉，丁市近日出台大气污染防治方案。\n"
            "到2025年，全市细颗粒物（PM2.5）平均浓度控制在30微克/立方米以内。\n"
            "可吸入颗粒物（PM10）平均浓度为50微克/立方米。\n")
    assert [(r[2], r[4]) for r in dated_rows(plan, "2023-06-05")] == [(30.0, "target"), (50.0, "target")]


def test_a_year_in_an_aside_holds_inside_its_brackets_only() -> None:
    """达标280天 after (2015年有效监测360天) is the page's year's: an aside on another year ends with its brackets;
    a bracket holding only a year (优良天数比例（2025年）) says what year the value after it is for."""
    text = ("丙市2016年空气质量持续改善\n2016年，丙市环境空气质量有效监测363天(2015年为360天)，优良天数280天，"
            "同比增加53天。\n")
    assert [(r[2], r[5]) for r in rows(text) if r[2] in (280.0, 53.0)] == [(280.0, 2016), (53.0, 2016)]
    plan = "丙市2023年工作方案\n一、主要目标\n空气质量优良天数比例（2025年）达到90%以上。\n"
    assert [(r[2], r[5]) for r in rows(plan)] == [(90.0, 2025)]


def test_a_status_since_an_earlier_year_has_no_year() -> None:
    """2020年以来…持续保持100% and 近年来…累计完成 on a page of 2025: a status kept or a count run since an earlier
    year has no year of its own, to the end of the paragraph; 2025年以来 on a 2025 page is that year."""
    text = ("甲州水环境质量持续向好\n本报讯 记者从甲州新闻发布会上获悉，2020年以来，甲州31个国控断面水质优良率持续保持100%。"
            "同时，全州城市黑臭水体消除比例为100%。\n"
            "2025年以来，全州空气质量优良天数比例为98.5%。\n")
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2025-08-21")] == [
        (100.0, "actual", None), (100.0, "actual", None), (98.5, "actual", 2025)]
    news = "乙省空气质量持续向好\n近年来，乙省累计完成超低排放改造项目25个。\n"
    assert [(r[2], r[4], r[5]) for r in dated_rows(news, "2022-01-07")] == [(25.0, "actual", None)]


def test_a_page_published_after_the_year_it_tells_of_reports_it() -> None:
    """A page published in 2023 on 2022's results: 2022's values are outcomes, the value after 与2021年同期的 is
    2021's, and the levels of the targets handed down (完成了省下达的“…达到98.6%以上”指标) and of a requirement
    (高于…的国家约束性考核指标要求) are targets."""
    text = ("丙市生态环境保护交出成绩单\n2022年，丙市环境空气质量优良天数比率99.2%，与2021年同期的97.2%相比，"
            "提高2.0个百分点。细颗粒物（PM2.5）平均浓度22微克/立方米。圆满完成了省下达的“环境空气质量优良天数比率"
            "达到98.6%以上”约束性指标。\n")
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2023-06-16")] == [
        (99.2, "actual", 2022), (97.2, "actual", 2021), (2.0, "change", 2022), (22.0, "actual", 2022),
        (98.6, "target", 2022)]
    told = "丁区召开新闻发布会\n2019年，丁区优良天数比例为88.2%，高于83.5%的国家约束性考核指标要求。\n"
    assert [(r[1], r[2], r[4]) for r in rows(told)] == [("==", 88.2, "actual"), ("==", 83.5, "target")]


def test_risen_or_fallen_to_a_number_is_a_level_not_a_change() -> None:
    """增加至16天, 减少至3天: the level reached (in a report, the value), not by how much it changed."""
    text = ("戊市召开新闻发布会\n今年1至6月，戊市重度污染天数增加至16天，轻度污染天数减少至3天，"
            "优良天数同比增加12天。\n")
    assert [(r[1], r[2], r[4]) for r in rows(text)] == [("==", 16.0, "actual"), ("==", 3.0, "actual"),
                                                        ("==", 12.0, "change")]


def test_sentences_opening_on_a_time_since_are_written_as_reports() -> None:
    """“十三五”以来…, 2018年以来…: a page telling what has been done since a time reports; its plain values are
    outcomes, though a last sentence says what is still to do (还要)."""
    text = ("据介绍，“十三五”以来，甲省持续推进污染治理。2018年以来，全省拆除燃煤小锅炉两万台。\n"
            "2020年，甲省细颗粒物（PM2.5）平均浓度为44微克/立方米，比2015年下降20%。\n下一步，甲省还要加快补齐短板。\n")
    assert [(r[2], r[4]) for r in rows(text) if r[2] in (44.0, 20.0)] == [(44.0, "actual"), (20.0, "change")]


def test_the_last_time_word_before_a_statement_holds() -> None:
    """去年…为85.2%，今年力争…88%，明年…90%: last year's outcome, this year's target, next year's target, in one
    sentence of a page published in 2021."""
    text = "甲县召开新闻发布会\n去年，全县空气质量优良天数比例为85.2%，今年力争达到88%，明年达到90%。\n"
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2021-01-20")] == [
        (85.2, "actual", 2020), (88.0, "target", 2021), (90.0, "target", 2022)]


def test_a_half_year_or_a_quarter_that_has_passed_is_reported() -> None:
    """上半年…达到90.5%, 一季度…为93.1% on a news page tell outcomes; 每季度 and 三季度末前 tell no time passed."""
    text = ("甲市空气质量持续改善\n本报讯 上半年，甲市空气质量优良天数比例达到90.5%。\n"
            "一季度，全市细颗粒物平均浓度为28微克/立方米。\n")
    assert [(r[1], r[2], r[4]) for r in dated_rows(text, "2023-07-10")] == [("==", 90.5, "actual"),
                                                                            ("==", 28.0, "actual")]
    plan = "甲市出台大气治理方案\n本报讯 三季度末前，甲市空气质量优良天数比例达到90%。\n"
    assert [(r[1], r[2], r[4]) for r in dated_rows(plan, "2023-03-10")] == [(">=", 90.0, "target")]


def test_targets_an_outcome_report_names_beside_its_values() -> None:
    """省定目标（85%）, 下达的90%目标任务 and 目标为88% are targets in a report; 114项目标任务 counts the targets met,
    and 下降到2020年的35微克/立方米 is a level reached, not a year aimed at."""
    text = ("庚市召开新闻发布会\n2020年，全市优良天数比例为90.1%，超额完成省定目标（85%）；地表水优良比例为100%，"
            "完成市下达的90%目标任务，市下达的114项目标任务圆满完成。PM2.5浓度由2015年的50微克/立方米下降到2020年的"
            "35微克/立方米。全年优良天数比例目标为88%。\n")
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2021-01-15")] == [
        (90.1, "actual", 2020), (85.0, "target", 2020), (100.0, "actual", 2020), (90.0, "target", 2020),
        (114.0, "actual", 2020), (50.0, "actual", 2015), (35.0, "actual", 2020), (88.0, "target", 2020)]


def test_a_result_over_the_last_years_has_no_year() -> None:
    """五年来，…下降了40%: a result over the last years, like 近年来, is no one year's (not 为近5年来同期最好, a record)."""
    text = "辛省生态环境质量持续改善\n五年来，全省PM2.5平均浓度下降了40%。2022年，全省PM2.5平均浓度为30微克/立方米。\n"
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2023-01-10")] == [(40.0, "change", None), (30.0, "actual", 2022)]
    record = "壬市空气质量持续向好\n今年1-7月，全市PM2.5平均浓度为54微克/立方米，为近5年来同期最好水平；优良天数113天。\n"
    assert [(r[2], r[5]) for r in dated_rows(record, "2018-08-22")] == [(54.0, 2018), (113.0, 2018)]


def test_what_a_report_says_is_still_to_come_is_aimed_at() -> None:
    """下一步…达到90%以上, 今年将淘汰…100台 in a press release are targets; 将…作为重点，完成整治…300家 reports work done
    (将 only fronts the object)."""
    text = ("甲市召开新闻发布会\n1-6月，全市优良天数比例为92%。下一步，全市优良天数比例达到90%以上。"
            "今年全市将淘汰燃煤锅炉100台。全市将散乱污企业整治作为重点，完成整治散乱污企业300家。\n")
    assert [(r[2], r[4]) for r in dated_rows(text, "2023-07-10")] == [
        (92.0, "actual"), (90.0, "target"), (100.0, "target"), (300.0, "actual")]


def test_the_from_value_after_a_base_year_is_that_years() -> None:
    """与2016年同期相比，…由4天增加至16天: 4 days were 2016's, 16 this year's; without a base year 由X stays the page's."""
    text = "甲市召开新闻发布会\n与2016年同期相比，今年1至6月，甲市重度污染天数由4天增加至16天。\n"
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2017-07-10")] == [(4.0, "actual", 2016), (16.0, "actual", 2017)]


def test_a_reports_section_of_targets_sets_targets() -> None:
    """A press release's section 二、2024年工作目标 sets targets for 2024, though the page reports outcomes elsewhere."""
    text = ("甲市召开2023年生态环境质量新闻发布会\n一、2023年环境质量状况\n全市优良天数比例为90.1%。\n"
            "二、2024年工作目标\n全市优良天数比例88%，细颗粒物平均浓度30微克/立方米。\n")
    assert [(r[2], r[4], r[5]) for r in dated_rows(text, "2024-01-20")] == [
        (90.1, "actual", 2023), (88.0, "target", 2024), (30.0, "target", 2024)]


@pytest.mark.parametrize("text, expected", [
    # 2017年度…状况公报发布: the page comes out the year after, so its 去年 is the bulletin's year.
    pytest.param(("2017年度乙市环境质量状况公报发布\n本报讯 今天乙市环保局发布公报。\n"
                 "去年，乙市市区昼间声环境功能区达标率为100%，夜间达标率为62.5%。\n"),
                 [(100.0, "actual", 2017), (62.5, "actual", 2017)],
                 id="last_year_on_a_page_about_a_years_bulletin"),
    # 2019—2020年秋冬季: the season's targets are assessed in 2020; a notice of it reports (actual).
    pytest.param(("重点区域环境空气质量改善\n22日，生态环境部通报了重点区域2019—2020年秋冬季环境空气质量目标完成情况。\n"
                 "其中，丁区PM2.5平均浓度为70微克/立方米，同比下降13.6%。\n"),
                 [(70.0, "actual", 2020), (13.6, "change", 2020)],
                 id="an_autumn_winter_season_is_the_year_it_ends"),
    # 与2017年(90.8%)同比上升1.3个百分点 on a monthly ranking notice: 90.8% is 2017's outcome.
    pytest.param(("省环保厅发布14个城市7月环境空气质量排名情况\n省环保厅今日发布了14个城市2018年7月环境空气质量排名情况。\n"
                 "14个城市平均优良天数比例为92.1%，与2017年(90.8%)同比上升1.3个百分点。\n"),
                 [(92.1, "actual", 2018), (90.8, "actual", 2017), (1.3, "change", 2018)],
                 id="the_value_in_brackets_after_a_base_year_is_that_years"),
    # 丙市去年“气质”创历史最佳, dated 2021-01-29, telling of a notice: its 去年 and its figures are 2020's.
    pytest.param(("丙市去年“气质”创历史最佳\n2021-01-29 08:35 来源：丙市新闻网\n"
                 "丙市新闻网1月29日讯 记者28日从丙市生态环境局获悉，省委、省政府通报了全省2020年度目标责任书考评情况。\n"
                 "去年丙市环境空气质量综合指数为2.76，优良率99.5%。\n"),
                 [(2.76, "actual", 2020), (99.5, "actual", 2020)],
                 id="a_news_page_titled_on_last_year_reporting_a_notice_is_about_last_year"),
    # 到2017年…达到53.2%以上 on a page about a plan to 2020: the year before the page's is aimed at, not reported.
    pytest.param(("甲省近日发布水污染防治工作方案，提出到2020年，全省水环境质量得到阶段性改善。\n"
                 "《方案》确定主要指标按年度分为：到2017年，全省地表水水质优良比例达到53.2%以上；"
                 "到2020年，水质优良比例达到59.7%以上。\n"),
                 [(53.2, "target", 2017), (59.7, "target", 2020)],
                 id="a_year_aimed_at_before_the_pages_own_is_still_a_target"),
    # 从…到2022年12月底 closes a period reported on; 到 a year is no year aimed at there
    pytest.param(("甲省召开2022年生态环境状况新闻发布会\n2022年，甲省优良天数比例为90.5%。"
                  "从2021年7月碳市场开放到2022年12月底，甲省累计成交碳排放配额120万吨。\n"),
                 [(90.5, "actual", 2022), (120.0, "actual", 2022)],
                 id="to_a_year_after_from_a_year_closes_a_period_reported_on"),
])
def test_the_value_kind_and_year_of_each_row(text: str, expected: list[tuple]) -> None:
    """A page's rows told by value, kind and year (the page's own year, a bulletin's, a season's, a base year's)."""
    assert [(r[2], r[4], r[5]) for r in rows(text)] == expected
