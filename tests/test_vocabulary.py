"""Extraction and the diff speak one vocabulary: every comparator and unit word the diff keeps
as a token means, in the diff, what the targets table says it means."""

from __future__ import annotations

import pytest

from diff.words import COMPARATOR_TOKENS, COMPARATOR_WORDS, UNIT_WORDS, tokenize
from extract.file import records_from_extraction
from extract.records import Extraction, Target
from extract.vocabulary import COMPARATOR_WORDS as BEFORE_WORDS
from extract.vocabulary import (
    SUFFIX_WORDS,
    UNIT_MEASURES,
    UNITS,
    comparator_of,
    convert,
    dimension_of,
    scale_of,
)


def _targets(sentence: str) -> list[Target]:
    text = f"长春市人民政府生态环境保护目标责任书\n（2023年）\n一、环境质量目标\n{sentence}\n"
    return records_from_extraction(Extraction(text=text, format="txt"), "a.txt", "0" * 64).targets


@pytest.mark.parametrize("word", COMPARATOR_TOKENS)
def test_extract_reads_each_diff_comparator_as_the_diff_does(word: str) -> None:
    sentence = f"细颗粒物年均浓度30微克/立方米{word}。" if word in SUFFIX_WORDS else f"细颗粒物年均浓度{word}30微克/立方米。"
    (t,) = _targets(sentence)
    assert (t.indicator, t.value) == ("air.pm25", 30.0)
    if COMPARATOR_WORDS[word] == ">=" and word.startswith("达"):
        # reaching a level is a floor, but for a measure the dictionary says is better lower (a
        # concentration) a ceiling: the words are the diff's >=, the target's comparator <=
        assert t.comparator == "<="
        (t,) = _targets(f"空气质量优良天数比例{word}30%。")
        assert (t.indicator, t.value) == ("air.good_days_ratio", 30.0)
    assert t.comparator == COMPARATOR_WORDS[word]
    assert [k.kind for k in tokenize(sentence.replace("30", "#")) if k.text == word] == ["cmp"]


@pytest.mark.parametrize("word", UNIT_WORDS)
def test_extract_normalises_each_diff_unit_word(word: str) -> None:
    (t,) = _targets(f"新增处理量不低于30{word}。")
    assert t.unit == UNITS[word]
    assert [k.kind for k in tokenize(f"新增处理量不低于#{word}。") if k.text == word] == ["unit"]


def test_regression_below_includes_the_number_everywhere() -> None:
    # 控制在35微克/立方米以下: the targets table said <=, the diff's own table said <.
    assert comparator_of("以下") == COMPARATOR_WORDS["以下"] == "<="
    assert COMPARATOR_WORDS["及以下"] == COMPARATOR_WORDS["以下"]
    (t,) = _targets("细颗粒物年均浓度控制在35微克/立方米以下。")
    assert (t.comparator, t.unit) == ("<=", "μg/m³")


def test_every_word_has_one_meaning() -> None:
    assert not set(BEFORE_WORDS) & set(SUFFIX_WORDS)
    assert all(comparator_of(w) == c for w, (c, _) in BEFORE_WORDS.items())
    assert comparator_of("左右") is None and comparator_of("大约") is None


def test_every_normalised_unit_is_a_spelling_of_itself() -> None:
    # A unit as the targets table writes it reads back to itself, so the diff may pass either form.
    normalised = set(UNITS.values()) - {"微克"}  # 微克 alone becomes μg/m³ after 每立方米
    assert {u for u in normalised if UNITS.get(u, u) != u} == set()
    assert set(UNIT_MEASURES) <= set(UNITS.values())


@pytest.mark.parametrize(("value", "unit", "to", "expected"), [
    (1000, "公顷", "万亩", 1.5), (0.032, "万吨", "吨", 320), (0.035, "毫克/立方米", "μg/m³", 35),
    (5, "‰", "%", 0.5), (5, "家", "个", None), (3, "个百分点", "%", None), (3, "mg/L", "mg/m³", None),
])
def test_convert(value: float, unit: str, to: str, expected: float | None) -> None:
    assert convert(value, unit, to) == expected


@pytest.mark.parametrize(("unit", "dimension"), [
    ("μg/m³", "concentration"), ("次/季度", "count"), ("蒸吨/小时", "boiler size"), ("%", None), ("百分点", None),
    (None, None), ("位次", None),
])
def test_dimension_of(unit: str | None, dimension: str | None) -> None:
    assert dimension_of(unit) == dimension


def test_scale_only_where_the_ratio_is_exact() -> None:
    assert scale_of("公顷") == ("area", 15.0)
    assert scale_of("m²") is None and scale_of("微克") is None and scale_of(None) is None
