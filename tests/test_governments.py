"""The government of a statement that names a division inside the document's government."""

from __future__ import annotations

import pytest

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


def test_the_documents_own_government_in_words_takes_the_statement_back():
    text = "河南省大气污染防治攻坚方案\n到2018年底，郑州市优良天数达到200天，全省优良天数达到210天以上。\n"
    assert [(e, v) for e, _, v in facts(text)] == [("郑州市", 200.0), ("河南省", 210.0)]


def test_a_development_zone_opening_a_piece_binds_it():
    text = ("陕西省各市（区）空气质量考核指标\n西安市优良天数257天；\n杨凌示范区优良天数269天，PM2.5浓度为53微克/立方米；\n"
            "商洛市优良天数325天。\n")
    assert facts(text) == [("西安市", "610100", 257.0), ("杨凌示范区", None, 269.0), ("杨凌示范区", None, 53.0),
                           ("商洛市", "611000", 325.0)]


@pytest.mark.parametrize("text, province", [
    ("河北省空气质量\n今年8月，唐山、承德、沧州3个设区市达到国家空气质量二级标准。\n", "河北省"),
    ("内蒙古自治区空气质量\n2022年，包头、乌海及锡林郭勒3个盟市空气质量达标。\n", "内蒙古自治区"),
    ("海南省空气质量月报\n5月份，文昌、万宁、定安3个市县空气质量达到一级标准。\n", "海南省"),
])
def test_a_count_right_after_a_list_counts_it_for_the_document(text: str, province: str) -> None:
    """唐山、承德、沧州3个设区市 / …3个盟市 / …3个市县: the count is the list's size, the document's value."""
    assert [(e, v) for e, _, v in facts(text)] == [(province, 3.0)]


NATIONAL = "生态环境部通报重点区域空气质量目标完成情况\n"


def test_provinces_listed_in_a_national_text_share_its_target_one_row_each():
    text = NATIONAL + "对PM2.5设定目标的地区中，天津、河北确定了下降25%的目标，山东、江苏下降20%，内蒙古下降10%。\n"
    assert facts(text) == [("天津市", "120000", 25.0), ("河北省", "130000", 25.0), ("山东省", "370000", 20.0),
                           ("江苏省", "320000", 20.0), ("内蒙古自治区", "150000", 10.0)]


def test_a_region_is_no_government_and_holds_to_the_end_of_its_paragraph():
    text = NATIONAL + ("京津冀及周边地区PM2.5平均浓度为60微克/立方米，同比下降10%。发生重污染100天次，同比下降20%。\n"
                       "全国地级及以上城市PM2.5平均浓度为40微克/立方米。\n")
    assert facts(text) == [(None, None, 60.0), (None, None, 10.0), (None, None, 100.0), (None, None, 20.0),
                           ("全国", None, 40.0)]


def test_a_list_paired_with_values_or_left_out_with_chu_does_not_end_a_region():
    text = NATIONAL + ("“2+26”城市中浓度最低的是天津和廊坊，分别为45和50微克/立方米。除太原外，25个城市完成了改善目标。\n")
    assert facts(text) == [("天津市", "120000", 45.0), ("廊坊市", "131000", 50.0), (None, None, 25.0)]


def test_a_government_said_to_lie_in_a_region_keeps_its_statement():
    text = "河北省大气污染防治工作要点\n河北省作为京津冀地区的一部分，PM2.5平均浓度下降8%。\n"
    assert [e for e, _, _ in facts(text)] == ["河北省"]


def test_a_kind_of_zone_is_no_zone():
    text = "陕西省空气质量考核指标\n西安市优良天数257天；\n，重点示范区优良天数不少于260天。\n"
    assert [e for e, _, _ in facts(text)] == ["西安市", "陕西省"]


def test_a_prefecture_written_before_its_county_names_the_county():
    """甘南藏族自治州夏河县 says where 夏河县 is: one government of the list, so 分别 still pairs in order."""
    text = ("甘肃省生态环境状况公报\n兰州市、白银市、甘南藏族自治州夏河县功能区夜间达标率分别为88.2%、90.5%、100%。\n")
    assert facts(text) == [("兰州市", "620100", 88.2), ("白银市", "620400", 90.5), ("夏河县", "623027", 100.0)]


def test_a_prefecture_before_its_county_names_one_government_of_a_list():
    text = ("青海省生态环境状况公报\n西宁市、海东市、海西蒙古族藏族自治州格尔木市功能区昼间达标率分别为93.3%、96.4%、100%。\n")
    assert [(e, v) for e, _, v in facts(text)] == [("西宁市", 93.3), ("海东市", 96.4), ("格尔木市", 100.0)]


def test_a_range_said_of_every_district_is_no_governments_value():
    text = ("北京市2024年空气质量状况\n1-12月，各区PM2.5浓度在25.6-33.9微克/立方米之间，密云、怀柔等区浓度较低。"
            "全市PM2.5浓度为30.5微克/立方米。\n")
    assert facts(text) == [("北京市", "110000", 30.5)]


@pytest.mark.parametrize("sentence", [
    "全省各市(地)优良天数比例范围为81.5%~99.2%,平均为92.4%。",
    "全省13个城市优良天数比例在81.5%至99.2%之间,平均为92.4%。",
    "13市优良天数比例在81.5%-99.2%之间,平均为92.4%。",
])
def test_a_range_said_of_every_city_or_of_a_count_of_cities_is_no_governments_value(sentence: str) -> None:
    """各市…范围为X~Y, 13个城市…在X至Y之间: the ends are the best and worst cities', no government's value;
    the average is the province's."""
    assert facts("吉林省环境空气质量月报\n" + sentence + "\n") == [("吉林省", "220000", 92.4)]


def test_a_range_of_the_documents_own_value_keeps_its_ends():
    """全市降水pH值在5.8-7.2之间: no count of governments is its subject, so it is the city's floor and ceiling."""
    assert facts("长春市环境状况公报\n全市降水pH值在5.8-7.2之间。\n") == [("长春市", "220100", 5.8), ("长春市", "220100", 7.2)]


def test_a_plans_section_headed_by_a_city_inside_binds_its_statements():
    text = ("陕西省2019年大气污染防治实施方案\n一、各市目标\n（一）西安市\n优良天数达到260天。\n（二）宝鸡市\n优良天数达到280天。\n"
            "二、全省目标\n优良天数达到270天。\n")
    assert facts(text) == [("西安市", "610100", 260.0), ("宝鸡市", "610300", 280.0), ("陕西省", "610000", 270.0)]


def test_a_plans_section_headed_by_a_government_outside_does_not_bind():
    text = "西安市2019年大气污染防治实施方案\n一、目标\n（一）咸阳市\n优良天数达到260天。\n"
    assert [e for e, _, _ in facts(text)] == ["西安市"]


def test_a_basin_in_a_national_text_is_a_region():
    text = NATIONAL + "全国地表水Ⅰ～Ⅲ类水质断面比例为87.9%。长江流域Ⅰ～Ⅲ类水质断面比例为98.1%。\n"
    assert [(e, v) for e, _, v in facts(text)] == [("全国", 87.9), (None, 98.1)]


def test_a_basin_on_a_provinces_page_is_the_provinces():
    text = "湖北省生态环境状况公报\n全省长江流域Ⅰ～Ⅲ类水质断面比例为93.1%。\n"
    assert [(e, v) for e, _, v in facts(text)] == [("湖北省", 93.1)]


def test_a_list_pairs_its_values_when_one_lost_its_measure():
    text = "宁夏回族自治区新闻发布会\n1—3月，全区优良天数比例为74.5%，吴忠、固原、中卫三市分别为75.0%、81.3%、79.6%。\n"
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert [(t.entity, t.indicator, t.value) for t in rec.targets][1:] == [
        ("吴忠市", "air.good_days_ratio", 75.0), ("固原市", "air.good_days_ratio", 81.3),
        ("中卫市", "air.good_days_ratio", 79.6)]


def test_the_city_of_a_dateline_is_where_the_news_was_filed_not_its_subject():
    text = "青海省生态环境状况\n新华社西宁1月5日电 2022年，优良天数比例为96.4%。\n"
    assert [e for e, _, _ in facts(text)] == ["青海省"]


def test_the_divisions_of_a_named_city_are_that_citys():
    text = "青海省生态环境状况公报\n西宁市各县区PM2.5浓度均下降10%。\n"
    assert [e for e, _, _ in facts(text)] == ["西宁市"]


def test_counties_listed_by_bare_name_get_their_values():
    text = "焦作市空气质量状况\n1-6月，武陟、博爱、修武三县PM2.5浓度分别为45、47、49微克/立方米。\n"
    assert facts(text) == [("武陟县", "410823", 45.0), ("博爱县", "410822", 47.0), ("修武县", "410821", 49.0)]


def test_a_provinces_own_counties_are_listed_by_short_name_beside_its_cities():
    """A province that administers counties itself lists them as it lists its cities (三亚、屯昌、乐东)."""
    text = "海南省空气质量月报\n5月,三亚、屯昌、乐东3个市县优良天数比例分别为96.8%、93.5%、93.1%。\n"
    assert [(e, v) for e, _, v in facts(text)] == [("三亚市", 96.8), ("屯昌县", 93.5), ("乐东黎族自治县", 93.1)]


def test_an_autonomous_county_named_with_its_level_word_alone_is_the_page_government():
    text = "3月2日,彭水自治县召开生态环境质量新闻发布会。2023年,我县空气质量优良天数356天。\n"
    assert [(e, c, v) for e, c, v in facts(text)] == [("彭水苗族土家族自治县", "500243", 356.0)]


def test_a_province_written_before_its_prefecture_only_locates_it():
    """吉林省延边生态环境监测中心: the page is on 延边州 and its cities, not on the province."""
    text = ("据吉林省延边生态环境监测中心数据,2020年延边州空气质量持续向好。\n"
            "延吉市优良天数为362天,珲春市优良天数为361天。\n")
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert rec.documents[0].entity_code == "222400"


def test_a_place_among_the_countrys_governments_is_no_national_title():
    text = "黔南\n水环境质量进入全国前20\n本报讯 2020年以来,黔南州断面水质优良率保持100%。\n"
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert (rec.documents[0].entity_code, [t.entity_code for t in rec.targets]) == ("522700", ["522700"])


def test_a_prefectures_seat_keeps_the_subjectless_statements_of_its_paragraph():
    """州府X…: a prefecture's monitoring centre reports its seat's figures; a statement later in the paragraph
    that names no subject is the seat's, not the prefecture's (and without the seat word, the prefecture's)."""
    page = "楚雄州2020年环境空气质量\n2020年,{}楚雄市优良天数为362天。禄丰市优良天数为365天。细颗粒物年均浓度为21微克/立方米。\n"
    assert [(e, v) for e, _, v in facts(page.format("州府"))] == [("楚雄市", 362.0), ("禄丰市", 365.0), ("楚雄市", 21.0)]
    assert [(e, v) for e, _, v in facts(page.format(""))] == [("楚雄市", 362.0), ("禄丰市", 365.0), ("楚雄州", 21.0)]


def test_a_paragraph_opened_by_another_city_of_the_province_speaks_for_it():
    """A press conference of several prefectures: the paragraph a neighbour's official opens is that
    neighbour's, its 全市 included; the page's own paragraphs stay the page's."""
    text = ("曲靖市生态环境质量新闻发布会\n曲靖市生态环境局负责人介绍,2022年,中心城区空气质量优良率98.9%。\n"
            "玉溪市生态环境局负责人表示,2022年,中心城区空气质量优良率100%。全市地表水水质优良率97.1%。\n")
    assert [(e, v) for e, _, v in facts(text)] == [("曲靖市", 98.9), ("玉溪市", 100.0), ("玉溪市", 97.1)]
    mine = text.replace("全市地表水", "我市地表水")  # 我市 is the page's own, whoever opened the paragraph
    assert [(e, v) for e, _, v in facts(mine)] == [("曲靖市", 98.9), ("玉溪市", 100.0), ("曲靖市", 97.1)]


def test_bare_short_names_listed_beside_a_named_district_are_districts_too():
    """朝阳区、南关、宽城…分别为: a list names governments of one kind, the later ones by short name (and the
    earlier ones, 南关、宽城、朝阳区)."""
    for listed, order in (("朝阳区、南关、宽城", ("朝阳区", "南关区", "宽城区")), ("南关、宽城、朝阳区", ("南关区", "宽城区", "朝阳区"))):
        text = f"长春市环境质量\n2023年,{listed}PM2.5年均浓度分别为30、31、32微克/立方米。\n"
        assert [(e, v) for e, _, v in facts(text)] == list(zip(order, (30.0, 31.0, 32.0)))


def test_a_piece_after_a_semicolon_keeps_the_government_its_sentence_opened_with():
    text = ("大理白族自治州环境质量状况公报\n"
            "2023年，祥云县空气质量优良天数为350天，优良天数比例为95.9%；可吸入颗粒物平均浓度为30微克/立方米，"
            "同比下降2微克/立方米。\n"
            "全州优良天数比例为98.2%；细颗粒物平均浓度为20微克/立方米。\n")
    assert [(e, v) for e, _, v in facts(text)] == [
        ("祥云县", 350.0), ("祥云县", 95.9), ("祥云县", 30.0), ("祥云县", 2.0),
        ("大理白族自治州", 98.2), ("大理白族自治州", 20.0)]


def test_every_range_said_of_each_district_in_a_piece_is_no_ones_value():
    text = ("天津市环境空气质量状况\n"
            "2023年5月，各区PM2.5浓度在20~31微克/立方米之间，优良天数比率在58.1%~83.9%之间。"
            "全市优良天数比率为74.2%。\n")
    assert [(e, v) for e, _, v in facts(text)] == [("天津市", 74.2)]


def test_a_sentence_a_pages_layout_cut_into_paragraphs_keeps_its_government():
    text = ("巴音郭楞蒙古自治州生态环境状况公报\n"
            "2023 年, 库尔勒市环境空气质量优良天数为\n\n300 天, 优良率为 82.2%, 比上年上升 3.1 个百分点;\n"
            "全州地表水优良水质断面比例为100%。\n"
            "2023 年, 库尔勒市环境空气质量优良天数为300天。\n细颗粒物年均浓度为25微克/立方米。\n")
    assert [(e, v) for e, _, v in facts(text)] == [
        ("库尔勒市", 300.0), ("库尔勒市", 82.2), ("库尔勒市", 3.1), ("巴音郭楞蒙古自治州", 100.0),
        ("库尔勒市", 300.0), ("巴音郭楞蒙古自治州", 25.0)]


def test_a_new_sentence_does_not_keep_the_government_of_the_one_before():
    text = ("大理白族自治州环境质量状况公报\n"
            "2023年，祥云县空气质量优良天数为350天。细颗粒物平均浓度为20微克/立方米。\n")
    assert [(e, v) for e, _, v in facts(text)] == [("祥云县", 350.0), ("大理白族自治州", 20.0)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a sentence's clauses joined by semicolons speak of the government its first clause names
        (("吉林省2023年生态环境状况公报\n2023年，长春市优良天数300天，同比增加5天；重度及以上污染天数3天；"
         "PM2.5年均浓度30微克/立方米；吉林市优良天数310天；PM2.5年均浓度28微克/立方米。\n"),
         [("长春市", 300.0), ("长春市", 5.0), ("长春市", 3.0), ("长春市", 30.0), ("吉林市", 310.0), ("吉林市", 28.0)]),
        # a line broken by the layout inside the sentence (…优良天数为 / 350天) does not end it
        (("延边州2023年生态环境状况公报\n二、大气环境质量\n2023年，延吉市环境空气质量优良天数为\n\n350天，优良率为95.9%；\n\n"
         "PM2.5年均浓度为20微克/立方米。\n"),
         [("延吉市", 350.0), ("延吉市", 95.9), ("延吉市", 20.0)]),
        # a full stop ends it: the next sentence, naming no subject, is the document's
        ("吉林省2023年生态环境状况公报\n2023年，长春市优良天数300天。PM2.5年均浓度30微克/立方米。\n",
         [("长春市", 300.0), ("吉林省", 30.0)]),
        # and so does the end of a list item, each item ending with a semicolon
        ("吉林省2023年生态环境保护目标\n1.长春市PM2.5年均浓度不高于30微克/立方米；\n2.优良天数比例不低于90%；\n",
         [("长春市", 30.0), ("吉林省", 90.0)]),
    ],
)
def test_a_sentence_speaks_of_one_government_across_its_semicolons(text: str, want: list[tuple]) -> None:
    assert [(e, v) for e, _, v in facts(text)] == want


def test_a_city_report_ranks_itself_among_its_provinces_cities_and_names_its_counties():
    """A city's monthly report names its province's other cities first (全省情况), then itself (全市), then its
    counties: the page is the city's (the counties all lie in it), and each other city keeps its own value."""
    text = ("环境空气质量月报\n一、全省情况\n3月份，全省各市优良天数分别为：宝鸡市28天，渭南市25天，咸阳市20天。\n"
            "二、全市情况\n3月份，全市优良天数为28天，优良天数比例为90.3%。\n"
            "三、各区县情况\n3月份，凤翔区优良天数27天；岐山县优良天数25天；新区优良天数26天。\n")
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert rec.documents[0].entity == "宝鸡市"
    assert [(t.entity, t.value) for t in rec.targets] == [
        ("宝鸡市", 28.0), ("渭南市", 25.0), ("咸阳市", 20.0), ("宝鸡市", 28.0), ("宝鸡市", 90.3),
        ("凤翔区", 27.0), ("岐山县", 25.0),
        ("宝鸡市", 26.0)]  # (新区: a zone named by its kind, its own subject, not 岐山县 carried over ；)


def test_a_provinces_page_is_not_a_city_page_for_one_citys_counties_without_quanshi():
    text = "环境空气质量\n3月份，凤翔区优良天数27天，岐山县优良天数25天，西安市优良天数20天，渭南市优良天数22天。\n"
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert rec.documents[0].entity == "陕西省"
