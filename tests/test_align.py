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
    assert keys == ["一、目标", "水环境质量目标:", "国家考核断面水质优良比例不低于#%,无劣Ⅴ类水体断面。",
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
    assert kinds("浓度控制在#微克/立方米以下", "浓度控制在#微克/立方米及以下") == ["comparator"]
    assert kinds("排放降低率不低于#%", "排放降低率不高于#%") == ["comparator"]
    assert kinds("浓度控制在#微克/立方米以下", "浓度控制在#毫克/立方米以下") == ["unit"]
    assert kinds("纳入国家考核的断面", "纳入省考核的断面") == ["wording"]


def test_numbers_are_whole_tokens():
    toks = tokenize("不低于#%")
    assert [(t.text, t.kind) for t in toks] == [("不低于", "cmp"), ("#", "slot"), ("%", "unit")]


def test_units_convert_only_within_one_measure():
    from diff.words import convert

    assert convert(1000, "公顷", "万亩") == 1.5
    assert convert(0.032, "万吨", "吨") == 320
    assert convert(0.035, "毫克/立方米", "微克/立方米") == 35
    assert convert(5, "家", "个") is None
    assert convert(3, "个百分点", "%") is None


def _area_family(areas: list[str]):
    from diffkit import records_from_letters

    from diff import run_diff

    head = "县人民政府2024年度生态环境保护目标责任书\n一、目标任务\n"
    letters = [(f"{n}县", f"{n}{head}1．完成营造林面积{a}。\n2．确保不发生较大及以上突发环境事件。\n")
               for n, a in zip("甲乙丙丁戊", areas)]
    (res,) = run_diff(*records_from_letters(letters))
    return [(d.entity, d.kind, d.details.get("value"), d.details.get("letter_unit")) for d in res.deviations]


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
