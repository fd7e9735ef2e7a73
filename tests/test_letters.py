from __future__ import annotations

import pytest

from extract.file import records_from_extraction
from extract.letters import entity_of, kind_of, split_documents
from extract.records import Extraction

LETTER = "{entity}人民政府生态环境保护目标责任书\n（{year}年）\n\n（征求意见稿）\n\n一、生态环境质量目标\n●空气质量优良天数比例不低于{v}%。\n"


def bundle(*entities: str, year: int = 2024) -> str:
    return "附件\n\n" + "\n".join(LETTER.format(entity=e, year=year, v=80 + i) for i, e in enumerate(entities))


def test_bundle_splits_on_titles_of_different_governments():
    text = bundle("赤峰市", "海西州", "阿勒泰地区管委会", "义乌市")
    docs = split_documents(text)
    assert [d.entity for d in docs] == ["赤峰市", "海西州", "阿勒泰地区管委会", "义乌市"]
    assert all(d.year == 2024 and d.status == "draft" and d.doc_kind == "letter" for d in docs)
    assert text[docs[0].start:].startswith("赤峰市人民政府")  # "附件" is not part of a letter
    assert text[docs[1].body_start:].startswith("一、")


def test_single_letter_is_one_document_and_final_without_draft_mark():
    text = "嘉兴市人民政府生态环境保护目标责任书\n（2023年）\n一、目标\n●优良天数比例不低于90%。\n"
    [doc] = split_documents(text)
    assert (doc.entity, doc.year, doc.status, doc.start, doc.end) == ("嘉兴市", 2023, "final", 0, len(text))


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("将乐县2022年度党政领导生态环境保护目标责任书分解方案", "decomposition"),
        ("吉林省人民政府关于2022年度政府生态环境保护目标责任制考评情况的通报", "assessment"),
        ("關于深入打好污染防治攻堅戰的實施方案", "plan"),
        ("长春市人民政府生态环境保护目标责任书", "letter"),
        ("关于开展秋季检查的通知", "other"),
    ],
)
def test_kind_of_title(title, kind):
    assert kind_of(title) == kind


@pytest.mark.parametrize(
    ("title", "entity"),
    [
        ("长白山管委会生态环境保护目标责任书", "长白山管委会"),
        ("延边州人民政府生态环境保护目标责任书", "延边州"),
        ("將樂縣2022年度目標責任書分解方案", "将乐县"),
        ("关于深入打好污染防治攻坚战的实施方案", None),
    ],
)
def test_entity_of_title(title, entity):
    assert entity_of(title) == entity


def test_entity_of_untitled_plan_comes_from_the_issuing_office():
    text = "吉林省長春市生態環境局關于公開征求意見的通知\n附件:\n關于深入打好污染防治攻堅戰的實施方案\n(征求意見稿)\n一、總體要求\n"
    [doc] = split_documents(text)
    assert (doc.entity, doc.doc_kind, doc.status) == ("长春市", "plan", "draft")


def test_multi_line_title_of_a_notice():
    text = " 河北省人民政府关于 \n\n2023年度政府生态环境保护 \n\n目标责任制考评情况的通报 \n\n冀政函〔2024〕3号 \n\n各市人民政府：\n"
    [doc] = split_documents(text)
    assert doc.title == "河北省人民政府关于2023年度政府生态环境保护目标责任制考评情况的通报"
    assert (doc.entity, doc.year, doc.doc_kind) == ("河北省", 2023, "assessment")
    assert text[doc.body_start:].startswith("各市人民政府")


def test_entity_of_a_notice_issued_by_the_environmental_protection_committee():
    text = ("四川省生态环境保护委员会办公室\n关于2023年度市（州）生态环境保护目标责任考核结果的通报\n"
            "川环委办〔2024〕7号\n各市（州）人民政府：\n")
    [doc] = split_documents(text)
    assert (doc.entity, doc.issuer, doc.year, doc.doc_kind) == ("四川省", "四川省", 2023, "assessment")


def test_revision_spans_point_into_their_own_letter():
    from extract.file import records_from_extraction
    from extract.records import Extraction, Revision

    first = "长春市人民政府生态环境保护目标责任书\n（2022年）\n一、目标\n城市空气质量优良天数比例不低于87.6%。\n"
    second = "吉林市人民政府生态环境保护目标责任书\n（2022年）\n一、目标\n城市空气质量优良天数比例不低于88.2%。\n"
    text = first + "\n" + second
    at = text.index("88.2%")
    rev = Revision(kind="insert", text="88.2%", span_start=at, span_end=at + 5, author="省厅", date="2022-03-01")
    rec = records_from_extraction(Extraction(text=text, format="docx", revisions=(rev,)), "bundle.docx", "0" * 64)
    assert [d.entity for d in rec.documents] == ["长春市", "吉林市"]
    assert rec.documents[0].revisions == ()
    (moved,) = rec.documents[1].revisions
    assert rec.documents[1].text[moved.span_start:moved.span_end] == "88.2%"


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        ("2017年度泉州市环境质量状况公报发布\n泉州市环保局发布公报。\n", "bulletin"),
        ("极目新闻记者 周萍英\n8月1日，随州市政府新闻办召开新闻发布会，介绍2022年情况。\n", "press_release"),
        ("9个设区市空气质量谁最好?\n日前，省环保厅发布的2016年城市空气质量通报显示，九市达标。\n", "notice"),
        ("福州去年“气质”创历史最佳\n福州新闻网1月29日讯(福州晚报记者 何佳媛)记者从市生态环境局获悉。\n", "news"),
        ("遂宁市污染防治攻坚战领导小组办公室关于2020年空气质量管控建议值的函\n来源:市生态环境局\n", "other"),
        ("2014年5月份甲省环境空气质量月报\n5月份，全省空气质量总体优良。\n", "bulletin"),  # a monthly bulletin
        ("乙市二季度水环境质量季报\n二季度，全市国控断面水质优良比例为90%。\n", "bulletin"),
        ("郑州日报:我省今年大气和水污染防治目标公布\n来源:本站\n", "news"),  # a newspaper (日报) is no bulletin
    ],
)
def test_genre_of_pages_without_a_document_kind(text, genre):
    [doc] = split_documents(text)
    assert doc.doc_kind == genre


def test_a_news_page_tells_outcomes_from_targets():
    from extract.file import records_from_extraction
    from extract.records import Extraction

    text = ("株洲今年空气质量目标\n2022-03-16 07:07:44\n株洲日报讯(记者/廖明)会议召开。\n"
            "2021年，全市优良天数为310天。去年PM2.5平均浓度为40微克/立方米。今年市区空气质量优良率要达83%左右。\n")
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert [(t.indicator, t.value, t.kind, t.year) for t in rec.targets] == [
        ("air.good_days", 310.0, "actual", 2021), ("air.pm25", 40.0, "actual", 2021),
        ("air.good_days_ratio", 83.0, "target", 2022)]


def test_a_newspapers_name_before_a_reprinted_headline_is_not_the_government():
    text = "太原日报:我省今年大气污染防治目标公布\n根据《山西省2018年大气污染防治实施方案》，全省优良天数达到210天以上，太原市优良天数达到200天。\n"
    (span,) = split_documents(text)
    assert span.entity == "山西省"


def test_a_page_on_a_city_whose_districts_are_listed_by_bare_name_is_that_citys():
    text = ("一、全市空气质量总体状况\n12月份，本市细颗粒物浓度为17.7微克/立方米。\n"
            "二、各区空气质量状况\n怀柔、昌平、密云等区浓度较低，大兴、房山等区浓度较高。\n")
    (span,) = split_documents(text)
    assert span.entity == "北京市"


def test_a_page_titled_for_the_country_is_national_whatever_city_it_names():
    (span,) = split_documents("2019年全国生态环境质量简况\n2019年，北京市PM2.5浓度为42微克/立方米。\n")
    assert span.entity == "全国"


def test_a_province_ranked_in_the_country_is_not_national():
    text = "我省空气质量排名全国第5\n记者从江西省生态环境厅获悉，全省优良天数比例为90%。\n"
    (span,) = split_documents(text)
    assert span.entity == "江西省"


def test_a_credit_line_in_brackets_at_a_news_items_foot_is_no_title():
    text = ("2024年03月02日 09:15 来源: 县融媒体中心\n"
            "近年来，汪清县持续改善生态环境质量，让群众共享发展成果。\n"
            "2023年，汪清县空气质量优良天数为360天，优良天数比例为98.6%。\n"
            "（汪清融媒 供稿）\n")
    (span,) = split_documents(text)
    assert span.title != "（汪清融媒 供稿）"
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert [(t.indicator, t.value) for t in rec.targets] == [("air.good_days", 360.0), ("air.good_days_ratio", 98.6)]
