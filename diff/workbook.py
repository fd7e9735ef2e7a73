"""An Excel workbook per family, for reviewers who sort and filter in Excel or WPS.

Sheets: 偏差 (one row per deviation: government, severity, kinds, location, template and letter
text, each change in words), 排名 (the letters ranked as on the family page), 指标矩阵 (the city ×
indicator matrix, cells coloured stricter / looser / outlier as on the page), and one 数值 sheet
per letter (its numbers beside the family's), and 核查 (the checks across documents resting on
the family's letters: against the plan, outcomes, last year's letter, the parent's target) when
there are any. Every sheet has Chinese headers, a frozen header row and an autofilter.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from diff.deviations import SEVERITY_LABELS
from diff.review import (
    ASSESSMENT_LABELS,
    by_doc,
    change_phrase,
    kinds_text,
    matrix_columns,
    missing_phrase,
    ranked_letters,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from diff import FamilyResult

DEVIATION_HEADERS = ("地区", "程度", "类型", "位置", "模板原文", "本文件原文", "修改说明", "文件")
RANKING_HEADERS = ("排名", "地区", "实质性", "措辞", "标点", "离群值", "文件", "副本")
VALUE_HEADERS = ("指标", "单位", "本文件数值", "最小", "中位数", "最大", "评价", "离群值", "模板原文")
FILLS = {
    "stricter": PatternFill("solid", fgColor="CFE8FF"),
    "looser": PatternFill("solid", fgColor="FFE0B3"),
    "outlier": PatternFill("solid", fgColor="E9C8FF"),
    "substantive": PatternFill("solid", fgColor="F9BDBB"),
    "wording": PatternFill("solid", fgColor="FFF3C4"),
}
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]) -> Worksheet:
    ws = wb.create_sheet(_BAD_SHEET_CHARS.sub("_", title)[:31])
    ws.append(list(headers))
    for k, cell in enumerate(ws[1]):
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        ws.column_dimensions[get_column_letter(k + 1)].width = widths[k] if k < len(widths) else 12
    ws.freeze_panes = "A2"
    return ws


def _append(ws: Worksheet, values: list[Any]) -> int:
    """Append a row and return its number (``ws.max_row`` looks at every cell: quadratic per sheet)."""
    ws.append(values)
    return ws._current_row


def _finish(ws: Worksheet) -> None:
    """Filter on the header; text cells wrap, every cell sits at the top. The alignment setter
    looks the style up by hash on every cell, so a plain cell copies the style of the first one
    aligned the same way (cells with a fill of their own take the setter)."""
    ws.auto_filter.ref = ws.dimensions
    models: dict[bool, Any] = {}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            text = isinstance(cell.value, str)
            model = models.get(text)
            if model is not None and not cell.has_style:
                cell._style = copy.copy(model)
                continue
            plain = not cell.has_style
            cell.alignment = _WRAP if text else _TOP
            if plain:
                models[text] = copy.copy(cell._style)


CHECK_HEADERS = ("地区", "核查", "结果", "需关注", "指标", "单位", "年份", "数值", "对照年份", "对照数值", "差额",
                 "依据原文", "对照原文")


def _checks_sheet(wb: Workbook, checks: Sequence[dict[str, Any]]) -> None:
    """核查: the checks resting on the family's letters (one row per finding, flagged ones coloured)."""
    from diff.entities import ASSESSMENT_ZH, CHECK_ZH

    ws = _sheet(wb, "核查", CHECK_HEADERS, (12, 14, 12, 8, 24, 8, 8, 10, 10, 10, 10, 50, 50))
    for c in sorted(checks, key=lambda c: (not c["flagged"], c["entity"] or "", c["indicator"], c["check"])):
        row = _append(ws, [c["entity"], CHECK_ZH.get(c["check"], c["check"]), ASSESSMENT_ZH.get(c["assessment"], c["assessment"]),
                   "是" if c["flagged"] else "", c.get("indicator_label") or c["indicator"], c["unit"], c["year"],
                   c["value"], c["ref_year"], c["ref_value"], c["margin"], c["quote"], c["ref_quote"]])
        if c["flagged"]:
            ws.cell(row, 3).fill = FILLS["looser"]
    _finish(ws)


def family_workbook(res: FamilyResult, checks: Sequence[dict[str, Any]] = ()) -> bytes:
    """The family's workbook as .xlsx bytes; ``checks`` (rows of the ``checks`` table resting on the
    family's letters) become a 核查 sheet when there are any."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    ranking = ranked_letters(res)
    rows = by_doc(res)

    ws = _sheet(wb, "偏差", DEVIATION_HEADERS, (14, 8, 22, 18, 50, 50, 40, 24))
    for r in ranking:
        for d in rows[r.doc.doc_id]:
            notes = [change_phrase(c) for c in d.changes] + ([missing_phrase(d)] if d.missing else [])
            row = _append(ws, [r.label, SEVERITY_LABELS[d.severity], kinds_text(d), d.location, d.template_text,
                       d.letter_text, "\n".join(notes), r.doc.source_path])
            if d.severity in FILLS:
                ws.cell(row, 2).fill = FILLS[d.severity]
    _finish(ws)

    ws = _sheet(wb, "排名", RANKING_HEADERS, (6, 14, 8, 8, 8, 8, 40, 30))
    for n, r in enumerate(ranking, 1):
        ws.append([n, r.label, *r.counts, r.outliers, r.doc.source_path, "、".join(c.source_path for c in r.copies)])
    _finish(ws)

    columns = matrix_columns(res)
    headers = ["地区"] + [f"{c.name}（{c.unit}）" if c.unit else c.name for c in columns]
    ws = _sheet(wb, "指标矩阵", headers, (14, *([12] * len(columns))))
    ws.row_dimensions[1].height = 48
    vals = {(v.doc_id, v.position, v.slot): v for v in res.values}
    for r in ranking:
        line: list[Any] = [r.label]
        for c in columns:
            v = vals.get((r.doc.doc_id, c.position, c.slot))
            line.append(None if v is None else v.value)
        row = _append(ws, line)
        for k, c in enumerate(columns, 2):
            v = vals.get((r.doc.doc_id, c.position, c.slot))
            key = None if v is None else "outlier" if v.outlier else v.assessment
            if key in FILLS:
                ws.cell(row, k).fill = FILLS[key]
    for k, c in enumerate(columns, 2):  # the indicator code and template clause beside each header
        ws.cell(1, k).comment = Comment(f"{c.code or '未识别指标'}\n{c.template_text}", "mubiao")
    _finish(ws)

    names = {r.doc.doc_id: r.label for r in ranking}
    by_letter: dict[str, list[Any]] = {}  # grouped once: a scan per letter was quadratic in the family
    for v in res.values:
        by_letter.setdefault(v.doc_id, []).append(v)
    for r in ranking:
        mine = by_letter.get(r.doc.doc_id, [])
        if not mine:
            continue
        ws = _sheet(wb, f"数值-{names[r.doc.doc_id]}", VALUE_HEADERS, (18, 8, 10, 8, 8, 8, 12, 8, 60))
        col_names = {(c.position, c.slot): c.name for c in columns}
        for v in mine:
            row = _append(ws, [col_names.get((v.position, v.slot), v.indicator or ""), v.unit or "", v.value, v.minimum,
                       v.median, v.maximum, ASSESSMENT_LABELS[v.assessment], "是" if v.outlier else "",
                       v.template_text])
            key = "outlier" if v.outlier else v.assessment
            if key in FILLS:
                ws.cell(row, 3).fill = FILLS[key]
        _finish(ws)
    if checks:
        _checks_sheet(wb, checks)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["DEVIATION_HEADERS", "RANKING_HEADERS", "VALUE_HEADERS", "family_workbook"]
