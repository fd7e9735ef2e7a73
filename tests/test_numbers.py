"""Chinese and Arabic numbers, units, and what is never a value."""

from __future__ import annotations

import pytest

from extract.normalize import fold
from extract.numbers import cn_to_number, find_numbers


@pytest.mark.parametrize("text, value", [
    ("八十", 80), ("十五", 15), ("一千二百", 1200), ("二〇二五", 2025), ("千", 1000),
    ("三点五", 3.5), ("两万", 20000), ("一百零五", 105),
])
def test_cn_to_number(text: str, value: float) -> None:
    assert cn_to_number(text) == value


@pytest.mark.parametrize("text, expected", [
    ("不低于87.6%", [(87.6, "%")]),
    ("控制在34微克/立方米以下", [(34.0, "μg/m³")]),
    ("达到百分之八十", [(80.0, "%")]),
    ("千人以下水源地", [(1000.0, "人")]),
    ("達到0.42萬噸和0.93萬噸", [(0.42, "万吨"), (0.93, "万吨")]),
    ("提升0.5个百分点", [(0.5, "百分点")]),
    ("10蒸吨/小时及以下", [(10.0, "蒸吨/小时")]),
    ("65蒸噸及以上", [(65.0, "蒸吨/小时")]),
    ("20平方公里以上", [(20.0, "km²")]),
    ("达到0.61，", [(0.61, None)]),
    ("约两千家企业", [(2000.0, "家")]),
    ("近三个月", []),
    ("控制在0.033毫克/立方米以下", [(0.033, "mg/m³")]),
    ("不高于0.036mg/m3", [(0.036, "mg/m³")]),
    ("55μg/m³以内", [(55.0, "μg/m³")]),
    ("治理面积12.5km²", [(12.5, "km²")]),
    ("处置能力达到15万吨/年", [(15.0, "万吨/年")]),
    ("新增绿道12公里", [(12.0, "km")]),
    ("降尘量为2.2吨/平方千米·月", [(2.2, "吨")]),  # 千 of 千米 is the unit's, no 1000 metres
    ("绿道长三千米", [(3000.0, "米")]),
])
def test_find_numbers(text: str, expected: list[tuple]) -> None:
    assert [(h.value, h.unit) for h in find_numbers(fold(text))] == expected


@pytest.mark.parametrize("text", [
    "到2025年", "二〇二五年", "“十四五”", "第三个", "第9位", "〔2020〕3号", "吉政函〔2023〕16号",
    "PM2.5浓度", "臭氧（O3）", "“1+N”", "“千吨万人”", "2022-02-22", "0431-85378226", "9月底前",
    "连续19年", "一主六双", "三线一单", "sm09101-0120-2022-00013", "cchjjzhc@163.com",
    "的通知》(环发2016208)", "(川环函2019153号)",
])
def test_not_values(text: str) -> None:
    hits = find_numbers(fold(text))
    assert all(h.unit is not None and h.unit not in ("年",) for h in hits) and not [
        h for h in hits if h.unit is None and h.value > 0 and text not in ("PM2.5浓度",)
    ]
    assert [h for h in hits if h.value in (2025, 2020, 2023, 16, 3, 9, 19, 2.5, 1)] == []


@pytest.mark.parametrize("text, expected", [
    # A range is a floor and a ceiling in the far end's unit.
    ("控制在22—25微克/立方米", [(22.0, "μg/m³", "low"), (25.0, "μg/m³", "high")]),
    ("稳定在88%至90%之间", [(88.0, "%", "low"), (90.0, "%", "high")]),
    ("建成1-2个示范区", [(1.0, "个", "low"), (2.0, "个", "high")]),
    ("下降10%～15%", [(10.0, "%", "low"), (15.0, "%", "high")]),
    # Without a unit at the far end it is no range: years, phone numbers, months, standards.
    ("（2026—2030年）", []),
    ("0431-85378226", []),
    ("3-5月完成", []),
    ("GB3095-2012", []),
    ("由上年的83.3%提升至91.7%", [(83.3, "%", None), (91.7, "%", None)]),
])
def test_ranges(text: str, expected: list[tuple]) -> None:
    assert [(h.value, h.unit, h.bound) for h in find_numbers(fold(text))] == expected


@pytest.mark.parametrize("text", [
    "首要污染物为臭氧(O 3 )和可吸入颗粒物(PM 10 )。", "影响因子为NO 2 和PM 2.5 。",
    "该断面连续5个月达到Ⅱ类水质。", "全湖实现8个月Ⅱ类。", "3个工作日内完成整改。",
])
def test_spaced_subscripts_and_durations_are_no_values(text: str) -> None:
    """A formula whose subscript a page's copy spaced out (O 3, PM 10) and a count of months or days (5个月) state
    no value."""
    assert find_numbers(fold(text)) == []


def test_a_value_after_a_spaced_measure_or_a_count_of_things_is_still_read() -> None:
    assert [(h.value, h.unit) for h in find_numbers(fold("降水pH 6.5,建成5个污水处理厂,PM 2.5浓度11微克/立方米"))] == \
        [(6.5, None), (5.0, "个"), (11.0, "μg/m³")]


def test_ten_thousand_hectares_are_one_unit() -> None:
    """总面积3.2万公顷 is 3.2 of 万公顷, never 3.2 and a Chinese 万 of 公顷 (10000公顷)."""
    assert [(h.value, h.unit) for h in find_numbers(fold("全市有自然保护区6个,总面积3.2万公顷"))] == \
        [(6.0, "个"), (3.2, "万公顷")]


def test_metres_are_a_unit_of_length() -> None:
    """湖体透明度从2021年的1.79米提升至2022年的2.29米: a lake's transparency in metres; 平方米 stays an area."""
    assert [(h.value, h.unit) for h in find_numbers(fold("透明度从1.79米提升至2.29米,绿地面积12平方米"))] == \
        [(1.79, "米"), (2.29, "米"), (12.0, "m²")]
