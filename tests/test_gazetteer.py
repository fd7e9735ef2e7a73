"""The gazetteer: written government names -> official name, GB/T 2260 code and province."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import gazetteer
from extract.file import records_from_extraction
from extract.records import Extraction


@pytest.mark.parametrize(
    ("written", "name", "code", "province"),
    [
        ("福州", "福州市", "350100", "福建省"),  # a city without its level word
        ("湖北随州", "随州市", "421300", "湖北省"),  # a province before the city
        ("广州市增城区", "增城区", "440118", "广东省"),  # a city before its district
        ("阿坝", "阿坝藏族羌族自治州", "513200", "四川省"),  # an autonomous prefecture without its peoples
        ("阿坝州", "阿坝州", "513200", "四川省"),  # its usual short name is a whole name: kept
        ("延边州", "延边州", "222400", "吉林省"),
        ("增城市", "增城市", "440118", "广东省"),  # a county-level city since made a district
        ("长乐市", "长乐市", "350112", "福建省"),
        ("长垣县", "长垣县", "410783", "河南省"),  # a county since made a county-level city (长垣市)
        ("乌兰察布盟", "乌兰察布盟", "150900", "内蒙古自治区"),  # a league since made a city
        ("铜仁地区", "铜仁地区", "520600", "贵州省"),  # a prefecture since made a city
        ("锡林郭勒盟", "锡林郭勒盟", "152500", "内蒙古自治区"),
        ("大兴安岭地区", "大兴安岭地区", "232700", "黑龙江省"),
        ("广西", "广西壮族自治区", "450000", "广西壮族自治区"),
        ("吉林市", "吉林市", "220200", "吉林省"),  # a city named like its province
        ("吉林", "吉林省", "220000", "吉林省"),  # the province is the higher level
        ("浦东新区", "浦东新区", "310115", "上海市"),
        ("阜阳经济技术开发区", "阜阳经济技术开发区", None, "安徽省"),  # a zone: no code of its own
        ("长白山管委会", "长白山管委会", None, None),
        ("第二季度海南省", "海南省", "460000", "海南省"),  # words before a name are no part of it
    ],
)
def test_place_resolves_written_names(written, name, code, province):
    assert gazetteer.place(written) == gazetteer.Place(name, code, province)


@pytest.mark.parametrize("fragment", ["今年市", "记者从全省", "已经区", "个市", "为进一步改善全省", "极目新闻记者",
                                      "全市", "两市", "城区", "开发区",
                                      "粤澜市",  # shaped like a name, but no division the gazetteer knows
                                      "青岚县"])  # (not 岚县 with a character before it)
def test_text_fragments_are_no_government(fragment):
    assert gazetteer.place(fragment) is None


def test_a_document_may_name_a_government_the_gazetteer_lacks_as_its_own():
    """粤澜市人民政府…责任书: the letter's own government keeps its name, without a code; a statement inside
    it that names another unknown government gets none, and a fragment is never anyone's."""
    assert gazetteer.declared("粤澜市") == gazetteer.Place("粤澜市", None, None)
    assert gazetteer.declared("今年市") is None
    text = ("粤澜市人民政府2025年度生态环境保护目标责任书\n一、目标\n全市PM2.5年均浓度不高于25微克/立方米。\n"
            "（一）澜江县。优良天数比率不低于95%。\n")
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert rec.documents[0].entity == "粤澜市"
    assert {t.entity for t in rec.targets} <= {"粤澜市", None}


def test_a_name_several_provinces_share_is_settled_by_the_province():
    assert gazetteer.resolve("朝阳区") is None
    assert gazetteer.resolve("朝阳区", province="北京市").code == "110105"
    assert gazetteer.resolve("朝阳区", province="吉林省").code == "220104"


def test_find_all_scans_names_left_to_right():
    text = "到2017年，长沙、株洲可吸入颗粒物浓度下降20%；湖南省吉首市下降15%，阿坝州持平"
    found = [(text[a:b], d.name) for a, b, d in gazetteer.find_all(text)]
    assert found == [("长沙", "长沙市"), ("株洲", "株洲市"), ("湖南省", "湖南省"), ("吉首市", "吉首市"),
                     ("阿坝州", "阿坝藏族羌族自治州")]


def test_every_division_has_a_six_digit_code_and_a_province():
    g = gazetteer.load()
    assert len(g.by_code) > 3000
    assert all(len(d.code) == 6 and d.code.isdigit() and d.province for d in g.by_code.values())
    kinds = {d.kind for d in g.by_code.values()}
    assert {"自治州", "盟", "地区", "县级市", "市辖区", "旗", "自治县"} <= kinds


def test_documents_and_targets_carry_code_and_province():
    text = "湖北随州市2023年生态环境质量状况公报\n2023年，随州市PM2.5年均浓度为34.5微克/立方米。\n"
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    [doc] = rec.documents
    assert (doc.entity, doc.entity_code, doc.province) == ("随州市", "421300", "湖北省")
    assert {(t.entity, t.entity_code, t.province) for t in rec.targets} == {("随州市", "421300", "湖北省")}


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        # a news page: the reporter's byline is no government, the city in the dateline is
        ("极目新闻记者 周萍英\n8月1日，湖北随州市政府新闻办召开新闻发布会。\n2022年，随州市空气达标天数314天。\n", "随州市"),
        # a page that names only cities of one province speaks for the province
        ("9个设区市空气质量谁最好?\n2016年，南平、莆田、龙岩、泉州、厦门、福州、宁德、三明和漳州空气质量均达标。\n", "福建省"),
        # a city and its counties: the city
        ("水质提升目标\n金华市断面全部达标。婺城区8个断面全部达标，金东区2个断面全部达标。\n", "金华市"),
        # a notice handing down an attached letter binds the attachment's government
        ("福州市人民政府关于下达沿海县(市)区海洋环保责任目标的通知\n附件:\n长乐市海洋环保责任目标\n一、责任目标\n", "长乐市"),
    ],
)
def test_document_government_on_web_pages(text, entity):
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert rec.documents[0].entity == entity


def _pages(root: Path) -> list[tuple[Path, object]]:
    """Every input file under ``root`` (answers and notes left out) with what its crawl log says of it."""
    from pipeline.manifest import MANIFEST_NAME, read_manifest

    log = root.parent / MANIFEST_NAME if root.name == "docs" else None
    manifest = read_manifest(log) if log is not None and log.is_file() else None
    return [(p, manifest.get(p.name) if manifest else None) for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix not in {".jsonl", ".md", ".tsv"} and "heldout2" not in p.parts]


@pytest.mark.slow
@pytest.mark.parametrize("where", ["shared/realdocs/docs", "repo/tests/fixtures/firstcontact/docs",
                                   "repo/tests/fixtures/heldout/docs", "shared/seeds", "shared/fixtures",
                                   "repo/tests/fixtures/targets", "repo/tests/fixtures/checks",
                                   "repo/tests/fixtures/diff", "repo/data/raw"])
def test_every_government_on_every_page_is_a_name_the_gazetteer_knows(where, shared, repo):
    """No entity anywhere is a fragment of text: every target's government is one the gazetteer knows (in
    the form the tables carry), 全国, its document's own, or null; a document's own is one the gazetteer
    knows or a name its title or issuing office gives (a draft's government the gazetteer lacks), written
    in its text."""
    from extract.file import process_path
    from extract.normalize import fold

    base, _, rel = where.partition("/")
    root = (shared if base == "shared" else repo) / rel
    pages = _pages(root)
    assert pages, root
    bad = []
    for path, source in pages:
        rec = process_path(path, source=source)  # type: ignore[arg-type]
        for doc in rec.documents:
            own_ok = (doc.entity is None or gazetteer.is_known(doc.entity)
                      or (doc.entity_code is None and gazetteer.declared(doc.entity) is not None
                          and doc.entity in fold(doc.text)))
            if not own_ok:
                bad.append((path.name, "document", doc.entity))
            own = {d.doc_id: d.entity for d in rec.documents}
        for t in rec.targets:
            if t.entity is not None and not gazetteer.is_known(t.entity) and t.entity != own[t.doc_id]:
                bad.append((path.name, "target", t.entity))
    assert bad == []


def test_the_name_opening_a_text_is_the_first_find_when_it_starts_there():
    for text in ("普洱市生态环境局负责人表示", "据普洱市生态环境局", "大理州2023年", "今年以来，全市", "海口、三亚"):
        found = gazetteer.find_all(text, "云南省")
        want = found[0][2] if found and found[0][0] == 0 else None
        assert gazetteer.named_first(text, "云南省") == want, text
    assert gazetteer.named_first("普洱市生态环境局", "云南省").name == "普洱市"
    assert gazetteer.named_first("据普洱市", "云南省") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("全省主要河流入海口水质优良比例达到90%", []),  # 入海口: a river mouth, not 海口市
        ("长白山保护区森林覆盖率保持在85%以上", []),  # 长白山: a mountain, not 白山市
        ("化肥减量增效，复合肥使用量下降5%", []),  # 复合肥: a fertiliser, not 合肥市
        ("杭州湾近岸海域优良水质比例为40%", []),  # 杭州湾: a bay
        ("国考断面水质，天南海北各不相同", []),  # 海北 of 海北藏族自治州 in an idiom
        ("黑河干流水质达到Ⅱ类", []),  # a river named like a city: its water is no city's
        ("牡丹江流域水质总体良好", []),
        ("海口PM2.5年均浓度为16微克/立方米", [("海口", "海口市")]),  # the city named before its predicate
        ("白山空气质量优良天数比例为96%", [("白山", "白山市")]),
        ("黑河空气质量优良天数比例为98%", [("黑河", "黑河市")]),
        ("汇流入海口市区的河流水质达标", [("海口市", "海口市")]),  # a full name inside an ordinary word is read
        ("延边州、长白山管委会及白山市", [("延边州", "延边朝鲜族自治州"), ("白山市", "白山市")]),
    ],
)
def test_a_short_form_inside_an_ordinary_word_is_no_government(text, found):
    assert [(text[a:b], d.name) for a, b, d in gazetteer.find_all(text)] == found


@pytest.mark.parametrize(
    ("text", "entity", "entities"),
    [
        # a page that names no government but a river mouth has none (not 海口市)
        ("河流水质状况\n2023年，全省主要河流入海口水质达标率达到100%。\n", None, [None]),
        # a province's statement on its river mouths stays the province's
        ("海南省生态环境状况\n2023年，海南省空气质量优良天数比例为99%。全省河流入海口水质优良比例为90%。\n",
         "海南省", ["海南省", "海南省"]),
        ("吉林省生态环境状况\n2022年，长白山区空气质量优良天数比例为99%。\n", "吉林省", ["吉林省"]),
        # the city itself, named by its short form on its province's page, still takes its statement
        ("海南省生态环境状况\n2023年，海口PM2.5年均浓度为13微克/立方米。\n", "海南省", ["海口市"]),
    ],
)
def test_a_river_mouth_or_a_mountain_is_no_statements_government(text, entity, entities):
    rec = records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64)
    assert rec.documents[0].entity == entity
    assert [t.entity for t in rec.targets] == entities


def test_the_shipped_list_of_ordinary_words_is_what_its_tool_writes():
    from tools.not_places import tsv

    shipped = Path(gazetteer.__file__).parent / "data" / gazetteer.NOT_PLACES
    assert shipped.read_text(encoding="utf-8") == tsv(), \
        "regenerate: python -m tools.not_places > extract/data/not_places.tsv"
    words = gazetteer.not_places()
    assert "入海口" in words["海口"] and "长白山" in words["白山"]
    # words that name the place itself are not in it: a chain, a full name, a level or government word
    listed = {w for ws in words.values() for w in ws}
    assert not listed & {"云南昆明", "北京市人民政府", "广西省", "北京政府", "上海地区", "中国台湾"}
