"""The family's Excel workbook, read back with openpyxl: sheets, Chinese headers, one row per
deviation, frozen header rows, autofilters, coloured matrix cells."""

from __future__ import annotations

import io
from functools import cache

from diffkit import SEED, records_from_text

from diff import run_diff
from diff.workbook import DEVIATION_HEADERS, family_workbook


@cache
def _seed():
    from openpyxl import load_workbook

    docs, clauses, targets = records_from_text(SEED.read_text(encoding="utf-8"), str(SEED))
    (res,) = run_diff(docs, clauses, targets)
    return res, load_workbook(io.BytesIO(family_workbook(res)))


def test_sheets_and_chinese_headers():
    res, wb = _seed()
    assert wb.sheetnames[:3] == ["偏差", "排名", "指标矩阵"]
    assert {f"数值-{d.entity}" for d in res.documents} == set(wb.sheetnames[3:])
    assert [c.value for c in wb["偏差"][1]] == list(DEVIATION_HEADERS)
    matrix_head = [c.value for c in wb["指标矩阵"][1]]
    assert matrix_head[0] == "地区" and "优良天数比例（%）" in matrix_head
    assert not any("." in str(h) and str(h).isascii() for h in matrix_head)  # no indicator codes as headers


def test_one_row_per_deviation_with_its_severity():
    res, wb = _seed()
    rows = [[c.value for c in r] for r in wb["偏差"].iter_rows(min_row=2)]
    assert len(rows) == len(res.deviations) == 16
    assert sorted((r[0], r[1]) for r in rows) == sorted(
        (d.entity, {"substantive": "实质性", "wording": "措辞", "trivial": "标点"}[d.severity]) for d in res.deviations)
    scope = next(r for r in rows if r[0] == "梅河口市" and "「国家」改为「省」" in (r[6] or ""))
    assert scope[3] == "一、第2条"


def test_frozen_headers_and_filters_on_every_sheet():
    _, wb = _seed()
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title


def test_ranking_and_matrix_colours():
    _, wb = _seed()
    ranking = [r[1].value for r in wb["排名"].iter_rows(min_row=2)]
    assert ranking[:2] == ["长白山管委会", "梅河口市"]
    fills = {c.fill.fgColor.rgb for r in wb["指标矩阵"].iter_rows(min_row=2) for c in r[1:] if c.fill.fill_type}
    assert {"00CFE8FF", "00FFE0B3"} <= fills  # stricter and looser than the median
    values = [c.value for r in wb["指标矩阵"].iter_rows(min_row=2) for c in r[1:]]
    assert any(isinstance(v, float) for v in values)  # numbers, not text


def test_fills_stay_on_their_cells_and_every_cell_is_aligned():
    _, wb = _seed()
    ws = wb["偏差"]
    severities = {"实质性": "00F9BDBB", "措辞": "00FFF3C4"}
    for row in ws.iter_rows(min_row=2):
        for k, cell in enumerate(row):
            want = severities.get(row[1].value) if k == 1 else None
            assert (cell.fill.fgColor.rgb if cell.fill.fill_type else None) == want, (cell.coordinate, cell.value)
            assert cell.alignment.vertical == "top", cell.coordinate
            if cell.value is not None:  # an empty text cell reads back as None
                assert bool(cell.alignment.wrap_text) == isinstance(cell.value, str), cell.coordinate
    matrix = [c for r in wb["指标矩阵"].iter_rows(min_row=2) for c in r[1:]]
    assert any(c.fill.fill_type for c in matrix) and not all(c.fill.fill_type for c in matrix)
