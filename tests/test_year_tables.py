"""Tables of measures by year written one cell per line: row number -> row, header year -> year, cell -> value."""

from __future__ import annotations

from extract.file import records_from_extraction
from extract.records import Extraction
from extract.year_tables import find_year_tables

PLAN = """甲市水环境保护规划（2021—2025年）
一、主要目标
到2025年，全市水环境质量持续改善。
表1 水环境主要目标

序号

指标

2020年

2025年

1

地表水达到或优于Ⅲ类水体比例(%)

80.5

85

2

城市集中式饮用水水源水质达标率(%

100

≥95

3

地下水质量考核点位水质保持稳定

保持稳定

保持稳定

二、重点任务
开展水源地规范化建设。
"""


def test_a_numbered_table_of_measures_by_year_one_cell_per_line():
    rec = records_from_extraction(Extraction(text=PLAN, format="txt"), "plan.txt", "0" * 64)
    assert [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.year) for t in rec.targets] == [
        ("water.surface_good_ratio", "==", 80.5, "%", "actual", 2020),
        ("water.surface_good_ratio", "==", 85.0, "%", "target", 2025),
        ("water.drinking_source_compliance", "==", 100.0, "%", "actual", 2020),
        ("water.drinking_source_compliance", ">=", 95.0, "%", "target", 2025),
    ]
    for t in rec.targets:  # each row quotes its label through its cell
        assert t.quote.startswith(("地表水", "城市")) and t.quote.endswith(t.value_text)


def test_lines_that_only_look_like_cells_are_no_table():
    # No row numbers: a list of years and numbers in prose lines is not a table.
    assert find_year_tables("2020年\n优良天数比例\n88\n2025年\n优良天数比例\n90\n") == []
    # A header with a number in it is a data row, not a header.
    assert find_year_tables("指标\n2020年\n5\n1\n比例(%)\n80\n2\n浓度\n30\n") == []
