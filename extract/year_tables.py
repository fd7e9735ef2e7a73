"""Tables of measures by year flattened one cell per line, as web pages and PDFs copied to text give them.

A plan's table of main targets (序号 | 指标 | 2016年 | 2020年) reaches us with every cell on a line of
its own, often with blank lines between them::

    序号
    指标
    2016年
    2020年
    1
    达到或优于Ⅲ类断面比例(%
    83.3
    95.2
    2
    …

Nothing marks where a row ends, but such a table numbers its rows: the lines from the row number
``1`` to the line ``2`` are one row, so their count is the number of columns, and the same number
of lines before ``1`` is the header. The header must name a year (2020年) and hold no number; every
row must open with the next row number and hold short cells only. A row's measure is its label
cell (with the unit it closes with in brackets: ``(%)``, ``(%``, ``（万吨）``, or the 单位 column's);
each cell under a year is that year's value. The earliest of several year columns is the baseline
the plan starts from (kind ``actual``) when it is not after the document's year and its header
does not say 目标; a header saying 现状/基准/完成/实际 reports too. Cells with words (保持稳定) give
no row. (Tables of governments, one row per city, are :mod:`extract.flat_tables`'; tables whose
cells are separated by tabs are the target finder's.)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.measures import near_code, phrase_key
from extract.normalize import fold
from extract.records import Clause, Document, Target
from extract.vocabulary import COMPARATOR_WORDS, UNITS, Dictionary

MAX_COLUMNS = 12
"""A row of more cells than this is not read as one (the next row number is looked for this far)."""
MAX_CELL_CHARS = 40
"""A longer line is body text, not a cell: a table's rows stop before it."""
MIN_ROWS = 2

_ANY_YEAR_CELL = re.compile(r"(?m)^[ \t]*(?:19|20)\d\d\s?年[^\n]{0,8}$")
"""One search in C over the whole text: no line that is only a year header, no table to look for."""
_YEAR = re.compile(r"^((?:19|20)\d\d)\s?年")
_NUMBER = re.compile(r"^([<>≤≥]=?)?\s?([-+]?\d+(?:\.\d+)?)\s?(%?)$")
_UNIT_IN_LABEL = re.compile(r"[(（]\s*([^()（）]{1,8}?)\s*[)）]?\s*$")
_UNIT_HEADER = re.compile(r"^单位$")
_ROW_NO_HEADER = re.compile(r"^(序号|编号)$")
_OUTCOME_HEADER = re.compile(r"现状|基准|基期|完成|实际")
_TARGET_HEADER = re.compile(r"目标|预期|规划")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    """The line's folded text, trimmed."""


@dataclass(frozen=True)
class YearTable:
    """A table of measures by year read from one-cell-per-line text."""

    header: tuple[_Line, ...]
    rows: tuple[tuple[_Line, ...], ...]

    @property
    def start(self) -> int:
        return self.header[0].start

    @property
    def end(self) -> int:
        return self.rows[-1][-1].end


def _lines(text: str, folded: str) -> list[_Line]:
    """The non-blank lines of ``text`` (offsets into it), each with its folded, trimmed text."""
    out, pos = [], 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            a = pos + len(line) - len(line.lstrip())
            out.append(_Line(a, a + len(body), folded[a:a + len(body)]))
        pos += len(line) + 1
    return out


def _header_ok(header: Sequence[_Line]) -> bool:
    return (any(_YEAR.match(c.text) for c in header) and not any(_NUMBER.match(c.text) for c in header)
            and all(len(c.text) <= MAX_CELL_CHARS and "\t" not in c.text and "|" not in c.text for c in header))


def find_year_tables(text: str, folded: str | None = None) -> list[YearTable]:
    """Every numbered table of measures by year written one cell per line in ``text``."""
    if not _ANY_YEAR_CELL.search(text):
        return []
    lines = _lines(text, fold(text) if folded is None else folded)
    out: list[YearTable] = []
    i = 0
    while i < len(lines):
        if lines[i].text != "1":
            i += 1
            continue
        k = next((d for d in range(3, MAX_COLUMNS + 1) if i + d < len(lines) and lines[i + d].text == "2"), None)
        if k is None or i < k or not _header_ok(lines[i - k:i]):
            i += 1
            continue
        rows = []
        j, n = i, 1
        while j + k <= len(lines) and lines[j].text == str(n) and \
                all(len(c.text) <= MAX_CELL_CHARS and "|" not in c.text for c in lines[j + 1:j + k]):
            rows.append(tuple(lines[j:j + k]))
            j, n = j + k, n + 1
        if len(rows) >= MIN_ROWS:
            out.append(YearTable(tuple(lines[i - k:i]), tuple(rows)))
            i = j
        else:
            i += 1
    return out


def _unit(label: str, unit_cell: str | None, percent: bool) -> str | None:
    if percent:
        return "%"
    written = unit_cell if unit_cell else (m.group(1) if (m := _UNIT_IN_LABEL.search(label)) else None)
    return UNITS.get(written.strip()) if written else None


def year_table_targets(doc: Document, clauses: Sequence[Clause], dic: Dictionary,
                       folded: str | None = None) -> tuple[list[Target], list[tuple[int, int]]]:
    """Targets of ``doc``'s numbered tables of measures by year, and the spans the tables cover."""
    tables = find_year_tables(doc.text, folded)
    starts = [c.span_start for c in clauses]
    out: list[Target] = []
    for table in tables:
        heads = [c.text for c in table.header]
        years = {col: int(m.group(1)) for col, h in enumerate(heads) if (m := _YEAR.match(h))}
        label_col = next((col for col, h in enumerate(heads) if col not in years and not _ROW_NO_HEADER.match(h)
                          and not _UNIT_HEADER.match(h)), 1)
        unit_col = next((col for col, h in enumerate(heads) if _UNIT_HEADER.match(h)), None)
        baseline = min(years, key=lambda col: years[col]) if len(years) >= 2 else None
        if baseline is not None and (_TARGET_HEADER.search(heads[baseline]) or
                                     (doc.year is not None and years[baseline] > doc.year)):
            baseline = None
        for row in table.rows:
            label = row[label_col].text
            name = _UNIT_IN_LABEL.sub("", label)
            code = dic.code_of(name) or near_code(dic, phrase_key(name))
            for col, year in years.items():
                cell = row[col]
                m = _NUMBER.match(cell.text.replace("−", "-"))
                if not m:
                    continue
                actual = col == baseline or bool(_OUTCOME_HEADER.search(heads[col]))
                start = row[label_col].start
                out.append(Target(
                    doc_id=doc.doc_id, entity=doc.entity, year=year, indicator=code, indicator_text=name,
                    comparator=COMPARATOR_WORDS.get(m.group(1) or "", ("==", False))[0], value=float(m.group(2)),  # type: ignore[arg-type]
                    value_text=m.group(2), unit=_unit(label, row[unit_col].text if unit_col is not None else None,
                                                      bool(m.group(3))),
                    kind="actual" if actual else "target", approx=False, deadline=None,
                    clause_id=clauses[max(0, bisect.bisect_right(starts, cell.start) - 1)].clause_id if clauses else 0, span_start=start, span_end=cell.end,
                    page=doc.page_at(start), quote=doc.text[start:cell.end],
                ))
    return out, [(t.start, t.end) for t in tables]

