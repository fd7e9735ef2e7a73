"""Targets of tables with one row per government (extract.flat_tables): row -> government,
column header -> measure, unit and kind, cell -> value.

A cell holding a bare number (``32``, ``-14.2%``) is read here: the value with its sign, the unit
the cell or its header writes (a count of days, a header ending in 天数, is in 天), ``==``, and kind
``change`` under a change header (同比, 变化率). A table with change columns reports measured values,
so its other columns are ``actual``; otherwise the document's own kind holds. A cell with words
(``较2009年削减2%``, ``不低于90%``) is read by the target finder as the sentence "<header><cell>",
so comparators, change words and units follow the finder's rules. Every row quotes its cell.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from extract import gazetteer
from extract.flat_tables import (
    _UNIT_IN_HEADER,
    TOTAL_ROW,
    Column,
    GovernmentTable,
    caption_year,
    find_government_tables,
    zone_name,
)
from extract.measures import near_code, phrase_key
from extract.normalize import fold
from extract.records import Clause, Document, Target
from extract.statements import resolve_conjuncts
from extract.target_values import _days_ratio, _fits, _refit
from extract.vocabulary import UNITS, Dictionary
from extract.year_tables import year_table_targets

_CELL_PARTS = re.compile(r"[;；]")
"""What separates the parts of a cell that answer a header of several measures (不低于60%;COD削减761吨)."""
_NUMBER_CELL = re.compile(r"^([-+−]?\d+(?:\.\d+)?)(%?)$")
_DAYS = re.compile(r"天数$")
_TARGET_HEADER = re.compile(r"目标|考核|任务|要求|指标值|建议值|控制值")
"""A column or caption naming targets (2024年目标值, 考核指标): its cells are targets even in a report of outcomes."""
_RANK = re.compile(r"排名|排序|名次|位次")
"""A column of places in a ranking (综合指数排名): no measure, no row."""


def _unit(column: Column, cell_unit: str, note: str | None) -> str | None:
    if cell_unit:
        return cell_unit
    written = fold(column.unit or note or "")
    if written:  # folded: a header's µg/m3 (the micro sign) is the text's μg/m3
        return UNITS.get(written, UNITS.get(written.replace(" ", ""), written))
    return "天" if _DAYS.search(fold(column.phrase)) else None


def _fitted(dic: Dictionary, code: str | None, column: Column, unit: str | None) -> str | None:
    """A column's measure as its unit has it: a pollutant whose header names the emission (SO2) under a
    concentration's unit is its concentration, and a count of days given in % (优良天数(%) is their
    ratio, as the finder reads such values in sentences."""
    if code is None or unit is None:
        return code
    phrase = _UNIT_IN_HEADER.sub("", fold(column.phrase)).strip()
    if not _fits(dic, code, unit):
        return _refit(dic, phrase, unit) or code
    if unit == "%" and not column.change:
        return _days_ratio(dic, code, phrase)
    return code


def _code(dic: Dictionary, phrase: str, caption: str) -> str | None:
    return dic.code_of(phrase) or near_code(dic, phrase_key(phrase)) or (dic.code_of(caption) if caption else None)


def _column_codes(dic: Dictionary, columns: Sequence[Column], caption: str) -> list[str | None]:
    """Each column's measure; a change column naming none (同比变化(%)) is the change of the column before it."""
    out: list[str | None] = []
    for i, column in enumerate(columns):
        code = _code(dic, column.phrase, caption)
        if code is None and column.change and i > 0:
            code = out[i - 1]
        out.append(code)
    return out


def _cell_pieces(dic: Dictionary, header: str, code: str | None, text: str) -> list[tuple[str, str | None, str]]:
    """(measure phrase, its code, cell text) to read: a header naming two measures or more (污水处理厂负荷率及COD削减量)
    over a cell of as many parts split by semicolons (不低于60%;COD削减761吨) pairs them in order; any other cell
    is read whole under the whole header."""
    parts = [p for p in _CELL_PARTS.split(text) if p.strip()]
    if len(parts) > 1:
        measures = resolve_conjuncts(dic, header, 0, len(header))
        if len(measures) == len(parts) and all(c for c, _, _ in measures):
            return [(phrase, c, part) for (c, phrase, _), part in zip(measures, parts)]
    return [(header, code, text)]


def _clause_at(clauses: Sequence[Clause], starts: list[int], pos: int) -> Clause | None:
    k = bisect.bisect_right(starts, pos) - 1
    return clauses[k] if k >= 0 else None


def table_targets(doc: Document, clauses: Sequence[Clause], dic: Dictionary,
                  default_kind: str) -> tuple[list[Target], list[tuple[int, int]]]:
    """Targets of ``doc``'s government tables and numbered tables of measures by year
    (:mod:`extract.year_tables`), and the spans those tables cover (the finder's own rows there are
    replaced by these)."""
    from extract.segment import segment
    from extract.targets import extract_targets

    by_year, year_spans = year_table_targets(doc, clauses, dic)
    tables = find_government_tables(doc.text, doc.province)
    if not tables:
        return by_year, year_spans
    starts = [c.span_start for c in clauses]
    owner = gazetteer.place(doc.entity, doc.province)
    out: list[Target] = list(by_year)
    for table in tables:
        measured = any(c.change for c in table.columns)
        caption = _caption_of(doc.text, table)
        year = caption_year(doc.text, table.start) or doc.dated_year
        codes = _column_codes(dic, table.columns, caption)
        # each column's words, read once per table: (column, code, folded phrase, a ranking's, names targets)
        heads = [(c, code, fold(c.phrase), bool(_RANK.search(fold(c.phrase))),
                  bool(_TARGET_HEADER.search(fold(c.phrase + caption)))) for c, code in zip(table.columns, codes)]
        for gov_cell, cells in table.rows:
            gov = fold(gov_cell.text).strip()
            if TOTAL_ROW.match(gov):  # 全市 under the districts: the page's own government
                where, name = owner, (owner.name if owner else doc.entity)
            else:
                where = gazetteer.place(gov, doc.province)
                name = where.name if where and where.code else zone_name(gov, owner)
            for (column, code, phrase_of, is_rank, is_aim), cell in zip(heads, cells):
                text = fold(cell.text).strip()
                if not text or is_rank:
                    continue
                clause = _clause_at(clauses, starts, cell.start)
                clause_id = clause.clause_id if clause else 0
                base = Target(
                    doc_id=doc.doc_id, entity=name, year=year, indicator=code,
                    indicator_text=phrase_of, comparator="==", value=None, value_text=None, unit=None,
                    kind="target", approx=False, deadline=None, clause_id=clause_id, span_start=cell.start,
                    span_end=cell.end, page=doc.page_at(cell.start), quote=doc.text[cell.start:cell.end],
                    entity_code=where.code if where else None, province=where.province if where else doc.province,
                )
                m = _NUMBER_CELL.match(text.replace("−", "-"))
                if m:
                    kind = "change" if column.change else ("actual" if measured else default_kind)
                    if kind == "actual" and not measured and is_aim:
                        kind = "target"
                    unit = _unit(column, m.group(2), table.unit)
                    out.append(replace(base, value=float(m.group(1)), value_text=m.group(1), unit=unit,
                                       indicator=_fitted(dic, code, column, unit), kind=kind))  # type: ignore[arg-type]
                    continue
                for phrase, piece_code, piece in _cell_pieces(dic, phrase_of, code, text):
                    sentence = phrase + "：" + piece
                    mini = Document(doc_id=doc.doc_id, source_path=doc.source_path, source_sha256=doc.source_sha256,
                                    source_offset=0, entity=name, year=year, doc_kind=doc.doc_kind,
                                    status=doc.status, title="", text=sentence)
                    for t in extract_targets(mini, segment(doc.doc_id, sentence), []):
                        kind = "change" if column.change and t.kind != "scope" else t.kind
                        if measured and kind == "target":
                            kind = "actual"
                        out.append(replace(base, indicator=t.indicator or piece_code,
                                           indicator_text=t.indicator_text if t.indicator else phrase,
                                           comparator=t.comparator, value=t.value, value_text=t.value_text,
                                           unit=t.unit, kind=kind, approx=t.approx,  # type: ignore[arg-type]
                                           deadline=t.deadline, year=t.year or year))
    return out, [(t.start, t.end) for t in tables] + year_spans


def _caption_of(text: str, table: GovernmentTable) -> str:
    from extract.flat_tables import _caption

    return _caption(text, table.start)


def merge_table_targets(found: list[Target], table_rows: list[Target], spans: list[tuple[int, int]]) -> list[Target]:
    """The finder's targets outside the tables, and the tables' own, in text order."""
    def inside(t: Target) -> bool:
        return any(a <= t.span_start < b for a, b in spans)

    kept = [t for t in found if not inside(t)]
    return sorted(kept + table_rows, key=lambda t: (t.span_start, t.span_end))
