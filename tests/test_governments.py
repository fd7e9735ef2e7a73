"""The government of a statement that names a division inside the document's government."""

from __future__ import annotations

from extract.file import records_from_extraction
from extract.records import Extraction


def facts(text: str) -> list[tuple]:
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    return [(t.entity, t.entity_code, t.value) for t in rec.targets]


def test_counties_named_in_a_city_page_bind_their_statements():
    text = ("金华市水质提升目标\n"
            "全市监测断面达标率90%以上。婺城区8个县控以上断面全部达标，监测断面达标率85%以上。"
            "兰溪市监测断面达标率90%以上。\n")
    assert facts(text) == [("金华市", "330700", 90.0), ("婺城区", "330702", 8.0), ("婺城区", "330702", 85.0),
                           ("兰溪市", "330781", 90.0)]


def test_a_province_named_in_a_city_letter_does_not_take_the_statement():
    text = ("长春市人民政府生态环境保护目标责任书\n一、目标\n●完成吉林省下达的任务，细颗粒物年均浓度控制在30微克/立方米以下。\n")
    assert facts(text) == [("长春市", "220100", 30.0)]


def test_a_city_of_another_province_is_not_inside():
    text = ("金华市水质提升目标\n全市监测断面达标率90%以上，学习福州市监测断面达标率95%以上的做法。\n")
    assert [e for e, _, _ in facts(text)] == ["金华市", "金华市"]


def test_a_list_of_governments_before_a_shared_predicate_gives_one_row_each():
    text = ("湖南省大气污染防治目标\n到2017年，长沙、株洲可吸入颗粒物浓度下降20%左右；岳阳、常德、吉首下降15%。\n")
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert [(t.entity, t.indicator, t.value) for t in rec.targets] == [
        ("长沙市", "air.pm10", 20.0), ("株洲市", "air.pm10", 20.0),
        ("岳阳市", "air.pm10", 15.0), ("常德市", "air.pm10", 15.0), ("吉首市", "air.pm10", 15.0)]


def test_fenbie_pairs_the_governments_with_the_values_in_order():
    text = ("青海省生态环境状况公报\n西宁、海东、格尔木昼间达标率分别为93.3%、96.4%、100%。\n")
    assert [(e, v) for e, _, v in facts(text)] == [("西宁市", 93.3), ("海东市", 96.4), ("格尔木市", 100.0)]


def test_the_documents_own_government_named_last_keeps_the_statement():
    text = "河北省空气质量\n新华社石家庄9月4日电，河北PM2.5平均浓度为31微克/立方米。\n"
    assert [e for e, _, _ in facts(text)] == ["河北省"]
