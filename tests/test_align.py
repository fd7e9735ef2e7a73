"""Units, alignment and the word diff."""

from __future__ import annotations

from diffkit import records_from_text

from diff.align import match_letter, out_of_order
from diff.units import units_of
from diff.words import diff_tokens, tokenize

LETTER = """甲市人民政府生态环境保护目标责任书
（2023年）

一、目标
●水环境质量目标：国家考核断面水质优良比例不低于7
5%，无劣Ⅴ类水体断面。城市饮用水
水源达标率100%。
●开展示范创建。
"""


def test_units_ignore_line_breaks_and_keep_numbers_whole():
    docs, clauses, _ = records_from_text(LETTER)
    units = units_of(docs[0], clauses)
    keys = [u.key for u in units]
    assert keys == ["§目标", "水环境质量目标:", "国家考核断面水质优良比例不低于#%,无劣Ⅴ类水体断面。",
                    "城市饮用水水源达标率#%。", "开展示范创建。"]
    assert [s.value for s in units[2].slots] == [75.0]
    u = units[3]
    assert docs[0].text[u.span_start:u.span_end] == "城市饮用水\n水源达标率100%。"


def test_match_is_one_to_one_and_fuzzy():
    choices = ["开展示范创建。", "国家考核断面水质优良比例不低于#%。"]
    exact = {k: i for i, k in enumerate(choices)}
    assert match_letter(["国家考核断面水质优良不低于比例#%。", "开展示范创建。"], exact, choices) == [1, 0]
    assert match_letter(["开展示范创建。", "开展示范创建。"], exact, choices) == [0, None]
    assert match_letter(["完全不同的一句话。"], exact, choices) == [None]


def test_out_of_order():
    assert out_of_order([0, 1, 2, 3]) == set()
    assert out_of_order([0, 5, 1, 2, 3]) == {1}
    assert out_of_order([]) == set()


def test_word_diff_kinds():
    def kinds(a: str, b: str):
        hunks, _ = diff_tokens(tokenize(a), tokenize(b))
        return sorted({h.kind for h in hunks})

    assert kinds("比例不低于#%", "比例不低于通化#%") == ["wording"]
    assert kinds("比例不低于#%", "不低于比例#%") == ["wording"]  # moved, not changed
    # 以下 and 及以下 both include the number (the shared vocabulary): other words, the same comparator.
    assert kinds("浓度控制在#微克/立方米以下", "浓度控制在#微克/立方米及以下") == ["wording"]
    assert kinds("浓度控制在#微克/立方米以下", "浓度低于#微克/立方米") == ["comparator"]
    assert kinds("排放降低率不低于#%", "排放降低率不高于#%") == ["comparator"]
    assert kinds("浓度控制在#微克/立方米以下", "浓度控制在#毫克/立方米以下") == ["unit"]
    assert kinds("纳入国家考核的断面", "纳入省考核的断面") == ["wording"]


def test_numbers_are_whole_tokens():
    toks = tokenize("不低于#%")
    assert [(t.text, t.kind) for t in toks] == [("不低于", "cmp"), ("#", "slot"), ("%", "unit")]


def test_units_convert_only_within_one_measure():
    from extract.vocabulary.units import convert

    assert convert(1000, "公顷", "万亩") == 1.5
    assert convert(0.032, "万吨", "吨") == 320
    assert convert(0.035, "毫克/立方米", "微克/立方米") == 35
    assert convert(5, "家", "个") is None
    assert convert(3, "个百分点", "%") is None


def _area_family(areas: list[str]):
    from diffkit import findings, records_from_letters

    from diff import run_diff

    head = "县人民政府2024年度生态环境保护目标责任书\n一、目标任务\n"
    letters = [(f"{n}县", f"{n}{head}1．完成营造林面积{a}。\n2．确保不发生较大及以上突发环境事件。\n")
               for n, a in zip("甲乙丙丁戊", areas)]
    (res,) = run_diff(*records_from_letters(letters))
    return [(f.entity, f.kind, f.value, f.letter_unit) for f in findings(res)]


def test_a_value_in_another_unit_of_the_measure_is_compared_in_the_template_unit():
    # 1000公顷 is 1.5万亩: a changed unit, not a changed value; 1200公顷 (1.8万亩) is both.
    assert _area_family(["1.5万亩", "1.5万亩", "1000公顷", "1.5万亩", "1200公顷"]) == [
        ("丙县", "unit_changed", None, None),
        ("戊县", "unit_changed", None, None),
        ("戊县", "value_differs", 1.8, "公顷"),
    ]


def test_a_value_in_a_unit_of_another_measure_is_not_compared():
    assert _area_family(["1.5万亩", "1.5万亩", "15个", "1.5万亩", "1.5万亩"]) == [("丙县", "unit_changed", None, None)]


def test_the_family_number_with_another_unit_word_is_a_slip_of_the_unit():
    # 33毫克 among 33微克: the unit word changed, the number is the family's (not 33 000 微克).
    assert _area_family(["1.5万亩", "1.5万亩", "1.5公顷", "1.5万亩", "1.5万亩"]) == [("丙县", "unit_changed", None, None)]


HEADED = """{name}人民政府2024年度生态环境保护目标责任书
三、重点任务
（一）防范化解环境风险
{body}
（二）强化宣传引导
每年开展生态环境宣传活动不少于4次，推动环保设施向公众开放。
"""
RISK = "强化重点环境风险源监管，企业突发环境事件应急预案备案率达到100%。确保不发生较大及以上突发环境事件。"


def test_a_heading_on_its_own_line_is_a_unit_of_its_own():
    docs, clauses, _ = records_from_text(HEADED.format(name="甲县", body=RISK))
    keys = [u.key for u in units_of(docs[0], clauses)]
    assert keys[:4] == ["§重点任务", "§防范化解环境风险", "强化重点环境风险源监管,企业突发环境事件应急预案备案率达到#%。",
                        "确保不发生较大及以上突发环境事件。"]


def test_a_heading_as_long_as_the_lines_may_be_wrapped_and_stays_with_its_sentence():
    # The body hard-wrapped every 11 characters: "（一）防范化解环境风险" fills a line, so it may go on.
    text = HEADED.format(name="甲县", body=RISK)
    title, body = text.split("\n", 1)
    wrapped = title + "\n" + "\n".join(
        line[i:i + 11] for line in body.split("\n") for i in range(0, max(len(line), 1), 11))
    docs, clauses, _ = records_from_text(wrapped)
    keys = [u.key for u in units_of(docs[0], clauses)]
    assert "§防范化解环境风险强化重点环境风险源监管,企业突发环境事件应急预案备案率达到#%。" in keys
    # Beside a letter that shows the heading alone, the family cuts it off all the same.
    other, other_clauses, _ = records_from_text(text)
    from diff.units import split_headings

    (_, mine) = split_headings([units_of(other[0], other_clauses), units_of(docs[0], clauses, 1)])
    assert [u.key for u in mine][:3] == ["§重点任务", "§防范化解环境风险",
                                         "强化重点环境风险源监管,企业突发环境事件应急预案备案率达到#%。"]
    assert [u.ordinal for u in mine] == list(range(len(mine)))
    assert all(docs[0].text[u.span_start:u.span_end].replace("\n", "") for u in mine)


def test_a_longer_heading_that_starts_with_a_shorter_one_is_not_cut():
    from diff.units import split_headings

    a, ca, _ = records_from_text(HEADED.format(name="甲县", body=RISK))
    b, cb, _ = records_from_text(HEADED.format(name="乙县", body=RISK).replace(
        "（一）防范化解环境风险\n", "（一）防范化解环境风险和应急处置工作要求持续加强"))
    (_, mine) = split_headings([units_of(a[0], ca), units_of(b[0], cb, 1)])
    assert any(u.key.startswith("§防范化解环境风险和应急处置") for u in mine)
    assert "§防范化解环境风险" not in [u.key for u in mine]


def test_a_sentence_moved_out_from_under_its_heading_leaves_the_heading():
    from diffkit import records_from_letters

    from diff import run_diff

    moved = HEADED.format(name="丁县", body="确保不发生较大及以上突发环境事件。").replace(
        "推动环保设施向公众开放。", "推动环保设施向公众开放。强化重点环境风险源监管，企业突发环境事件应急预案备案率达到100%。")
    letters = [(n, HEADED.format(name=n, body=RISK)) for n in ("甲县", "乙县", "丙县")] + [("丁县", moved)]
    (res,) = run_diff(*records_from_letters(letters))
    assert [(d.entity, d.kind) for d in res.deviations] == [("丁县", "clause_moved")]


def test_a_heading_wrapped_over_two_lines_ends_where_its_short_line_does():
    text = HEADED.format(name="甲县", body=RISK)
    title, body = text.split("\n", 1)
    wrapped = title + "\n" + "\n".join(line[i:i + 9] for line in body.split("\n") for i in range(0, max(len(line), 1), 9))
    assert "（一）防范化解环境\n风险\n强化" in wrapped
    docs, clauses, _ = records_from_text(wrapped)
    keys = [u.key for u in units_of(docs[0], clauses)]
    assert keys[1:3] == ["§防范化解环境风险", "强化重点环境风险源监管,企业突发环境事件应急预案备案率达到#%。"]


NUMBERED = """{name}人民政府2024年度生态环境保护目标责任书
二、目标任务
（一）环境质量目标
1．环境空气质量优良天数比例不低于98.5%。
2．细颗粒物（PM2.5）年均浓度不高于21微克/立方米。
3．县级及以上集中式饮用水水源地水质达标率保持100%。
4．森林覆盖率保持在66.8%以上。
（二）污染减排目标
5．氮氧化物重点工程减排量不少于120吨。
（三）农村生态环境目标
6．农村生活污水治理率达到68%以上。
7．新增完成环境综合整治的行政村不少于5个。
（四）生态保护目标
8．生态保护红线面积不减少。
"""


def test_a_letter_that_drops_an_item_or_a_section_and_renumbers_the_rest_lacks_only_those():
    from diffkit import records_from_letters

    from diff import run_diff

    no_item = NUMBERED.format(name="丁区").replace("3．县级及以上集中式饮用水水源地水质达标率保持100%。\n", "")
    for n in range(4, 9):
        no_item = no_item.replace(f"{n}．", f"{n - 1}．")
    no_rural = NUMBERED.format(name="戊区").replace("（三）农村生态环境目标\n6．农村生活污水治理率达到68%以上。\n"
                                                  "7．新增完成环境综合整治的行政村不少于5个。\n", "")
    no_rural = no_rural.replace("（四）", "（三）").replace("8．", "6．")
    letters = [(n, NUMBERED.format(name=n)) for n in ("甲县", "乙县", "丙县")] + [("丁区", no_item), ("戊区", no_rural)]
    (res,) = run_diff(*records_from_letters(letters))
    got = sorted((d.entity, d.kinds, d.template_text[:6], [m.position for m in d.missing]) for d in res.deviations)
    # One row per place: the item with its number; the section heading, its two items and their numbers.
    assert got == [
        ("丁区", ("clause_missing", "indicator_missing"), "3．县级及以", [4]),
        ("戊区", ("clause_missing", "indicator_missing"), "（三）农村生", [9, 10]),
    ]
