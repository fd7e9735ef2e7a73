from __future__ import annotations

from extract.segment import marker_of, segment

DOC = """甲市人民政府生态环境保护目标责任书
一、生态环境质量目标
●环境空气质量目标：优良天数比例不低于90%，PM2.5浓度控制在30微克/立方米以下。臭氧污染天数持续得到控制。
●水环境质量目标：无劣Ⅴ类水体断面。

二、重点任务
（一）加快推进生态强省建设
●建立完善工作机制。
（二）落实督察整改
严格落实“四项机制”，确保按期完成。以群众不满意案件为重点，开展排查整治。
(三)坚持公平公正。根据工作任务要求,科学制定考核内容。
1.加强生态环境分区管控,推进成果应用。
责任单位:生态环境局,自然资源局
序号\t指标名称\t目标值
"""


def clauses():
    return segment("d", DOC, body_start=DOC.index("一、"))


def test_clauses_carry_section_paths_items_and_exact_spans():
    got = [(c.kind, c.section_path, c.item, c.text) for c in clauses()]
    assert got[0] == ("title", "", "", "甲市人民政府生态环境保护目标责任书")
    assert got[1] == ("heading", "一、生态环境质量目标", "", "一、生态环境质量目标")
    assert got[2][:3] == ("item", "一、生态环境质量目标", "●1")
    assert got[3] == ("item", "一、生态环境质量目标", "●1", "臭氧污染天数持续得到控制。")
    assert got[4][2] == "●2"
    sub = [g for g in got if g[1].startswith("二、重点任务 / （二）")]
    assert [g[3] for g in sub] == ["（二）落实督察整改", "严格落实“四项机制”，确保按期完成。", "以群众不满意案件为重点，开展排查整治。"]
    for c in clauses():
        assert DOC[c.span_start:c.span_end] == c.text


def test_heading_with_body_text_is_cut_after_its_first_sentence():
    got = [(c.kind, c.section_path, c.text) for c in clauses()]
    assert ("heading", "二、重点任务 / (三)坚持公平公正", "(三)坚持公平公正。") in got
    assert ("sentence", "二、重点任务 / (三)坚持公平公正", "根据工作任务要求,科学制定考核内容。") in got


def test_numbered_item_continues_into_its_responsibility_line():
    got = {c.text: c.item for c in clauses()}
    assert got["1.加强生态环境分区管控,推进成果应用。"] == "1"
    assert got["责任单位:生态环境局,自然资源局"] == "1"


def test_table_row_is_one_clause():
    rows = [c for c in clauses() if c.kind == "table_row"]
    assert [c.text for c in rows] == ["序号\t指标名称\t目标值"]


def test_blank_lines_and_line_breaks_do_not_change_clause_texts():
    spaced = DOC.replace("\n", "\n\n")
    a = [(c.section_path, c.norm_text) for c in clauses()]
    b = [(c.section_path, c.norm_text) for c in segment("d", spaced, body_start=spaced.index("一、"))]
    assert a == b


def test_decimal_is_not_a_numbered_item():
    assert marker_of("1.5%的比例") is None
    assert marker_of("12、加强管理") == (3, "12、")
    assert marker_of("（十二）加强管理") == (2, "（十二）")
