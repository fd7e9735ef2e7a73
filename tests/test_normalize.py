from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.normalize import fold, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("不低于８７．６％", "不低于87.6%"),  # full-width digits and punctuation
        ("（PM2.5）年均浓度", "(PM2.5)年均浓度"),
        ("細顆粒物濃度萬噸", "细颗粒物浓度万吨"),  # traditional -> simplified
        ("⼲部", "干部"),  # Kangxi radical look-alike
        ("好于Ⅲ类，劣Ⅴ类", "好于Ⅲ类,劣Ⅴ类"),  # Roman numerals stay
        ("不低\n于 87.6%", "不低于87.6%"),  # PDF line wrap and CJK/Latin spacing
        ("（2022 年）", "(2022年)"),
        ("Word 97 文件", "Word 97文件"),  # a word space between Latin words stays
        ("\ufeff长春市", "长春市"),
        ("长春市\u3000人民政府", "长春市人民政府"),
    ],
)
def test_normalize_folds_and_drops_layout_space(raw, expected):
    assert normalize(raw).text == expected


def test_fold_keeps_length():
    s = "關于深入打好污染防治攻堅戰（征求意見稿）８７％⼲"
    assert len(fold(s)) == len(s)


def test_folding_twice_folds_nothing_more():
    # Text is folded once and matched against patterns folded once: a character whose fold folds
    # again (a traditional form whose simplified form has a simpler one still) would make the two
    # disagree. Every character of the table is checked, 薴 -> 苧 -> 苎 among them.
    from extract.normalize import fold_table

    every = "".join(chr(cp) for cp in fold_table())
    assert fold(fold(every)) == fold(every)
    assert fold("薴") == fold("苧") == "苎"


def test_every_normalised_span_maps_back_to_the_original():
    raw = "城市細顆粒物（PM2.5）\n年均濃度 控制在 34 微克/立方米以下"
    n = normalize(raw)
    i = n.text.index("34微克")
    a, b = n.span_to_original(i, i + len("34微克"))
    assert raw[a:b] == "34 微克"
    j = n.text.index("细颗粒物")
    a, b = n.span_to_original(j, j + 4)
    assert raw[a:b] == "細顆粒物"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("长春市細顆粒物 \n\t\u3000８７.％AB12Ⅴ")), max_size=60))
def test_offset_map_is_monotone_and_points_at_the_same_character(raw):
    n = normalize(raw)
    last = -1
    for i, ch in enumerate(n.text):
        o = n.to_original(i)
        assert o > last
        last = o
        if ch != " ":
            assert fold(raw[o]) == ch


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("长春市細顆粒物 \n\t\u3000８７.％AB12Ⅴ")), max_size=60))
def test_original_offsets_is_to_original_of_every_character(raw):
    n = normalize(raw)
    assert n.original_offsets() == [n.to_original(i) for i in range(len(n.text))]
    assert n.original_offsets(7) == [7 + n.to_original(i) for i in range(len(n.text))]
