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
