"""Tables of governments flattened into text, as web pages and PDFs give them.

A table with one row per government (市州 × measures) reaches us as text in one of four shapes:

- one cell per line, each ending in `` |`` (lines of only ``|`` end a row where the page kept them);
- one cell per line, each opening with ``| `` and wrapping over the lines after it; a line of only
  ``|`` before a line without one ends the row;
- one row per line, cells separated by bars (``庆阳市 | 1 | 2.5 | -12.9 |``; a ruled line ``|---|`` is layout);
- one cell per line and nothing else (blank lines may stand between): a header whose first cell names the
  governments' column, then rows of a government and numbers only, each as long as the header;
- one row per line, cells separated by runs of spaces (``船山区 49.3 44.0 …``), or two cells
  (``巩义 86``) under a header whose first cell names the governments' column. A narrow table
  printed as column pairs side by side (``省辖市 目标值 省辖市 目标值`` over ``郑州 150 许昌 136``)
  repeats its header: each pair is a row of its own.

A note beside a table (``(单位:微克/立方米)``) or a unit closing its caption in brackets gives the unit
of columns whose header gives none;
one note after tables printed one after the other (only their captions between) holds for each.

(Rows with tab-separated cells are the reader's own tables: the target finder reads those.)

Such a table binds each row's values to the row's government, and each value to its column's
header: the measure, its unit (``浓度 (μg/m3)``, ``实测值(%)``) and whether the column reports a
change (``同比 2023年``, ``综合指数变化率``). A change column belongs to the measure column before it
(``浓度 | 同比 | 同比`` under ``PM2.5``). Where a header names no measure, the table's caption does
(``2020年各县(市、区)…细颗粒物(PM 2.5)常态化管控建议值`` over columns ``一季度 | 1~4月 …``).

Only rows whose first named cell is a government the gazetteer knows (or a development zone)
count, and only tables with two such rows or more: a table of measures by year is the finder's.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from extract import gazetteer
from extract.normalize import fold
from extract.vocabulary.units import UNITS

MIN_GOVERNMENT_ROWS = 2
"""A table is read as one row per government when at least this many rows open with one."""

_TRAILING_BAR = re.compile(r"^(.*?)\s*\|\s*$")
_BARS_ONLY = re.compile(r"^\s*\|[\s|]*$")
_LEADING_BAR = re.compile(r"^\s*\|\s?(.*)$")
_SPACED = re.compile(r"\S+")
_NUMBER_CELL = re.compile(r"^[-+−]?\d+(?:\.\d+)?%?$")
_GOVERNMENT_HEADER = re.compile(
    r"^(?:省辖|省直管|直管|设区|地级|县级)?"
    r"(?:城市|市\(州\)|市州|地区|区域|县市区|县\(市、区\)|县\(市,区\)|县\(市\)|区县|县区|市县|单位|地市|市|县|区|行政区)"
    r"(?:名称|名)?$"
)
"""A header cell over the governments' column, spaces removed (the whole cell: 城市空气质量达标率 is a
measure); 省辖市, 省直管县(市), 设区市 name the governments' level; 区名, 县名 a city's districts."""
TOTAL_ROW = re.compile(r"^(?:全市|全区|全省|全州|全县|全盟|全旗|合计|总计)(?:[(（][^()（）]*[)）])?$")
"""A row that totals the table (全市 under a city's districts): the page's own government's row."""
_UNIT_NOTE = re.compile(r"^[(（]?\s?单位\s?[:：]\s?([^()（）]{1,12}?)\s?[)）]?$")
"""A line giving a table's unit: (单位:微克/立方米), 单位：%."""
_SPACES = re.compile(r"\s+")
PLAIN_MIN_ROWS = 3
"""A table of one cell per line without bars needs this many government rows (prose has short lines too)."""
PLAIN_CELL_MAX = 24
_NOT_A_PLAIN_CELL = re.compile(r"[|\t。；;，,！？!?]")
_RULE_LINE = re.compile(r"^[\s|:]*-{3,}[\s|:-]*$")
"""A ruled line between a header and its rows (|---|:---:|)."""
_CHANGE_HEADER = re.compile(r"同比|变化|较|增减|升降|比上年|比去年|改善")
_UNIT_IN_HEADER = re.compile(r"[(（]([^()（）]{1,12})(?:[)）]|$)\s*$")
"""A header's unit in brackets at its end (浓度(μg/m3)); a bracket the page left open (优良天数(%) too."""
_CAPTION_MARK = re.compile(r"^(?:表\s?\d+|附件\s?\d+|附表\s?\d+)?\s*")
_CAPTION_LINE = re.compile(r"[ \t]*(?:附?表|附件)\s?\d+\s")
_ZONE_SHORT = {
    "经开区": "经济技术开发区",
    "开发区": "经济技术开发区",  # a city's table naming one zone 开发区 alone means its (national) development zone
    "高新区": "高新技术产业开发区",
}
"""Zones tables name by their short name (comment: the official word)."""


@dataclass(frozen=True)
class Cell:
    """A table cell: its text (layout removed) and where it sits in the document's text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Column:
    """What the values of a column are."""

    phrase: str
    """The header words naming the measure (group and sub-header: ``PM2.5浓度 (μg/m3)``)."""
    change: bool
    """The column reports a change (同比, 变化率)."""
    unit: str | None
    """The unit the header gives (``μg/m3``, ``%``, ``百分点``), as written."""


@dataclass(frozen=True)
class GovernmentTable:
    """A table read as one row per government."""

    start: int
    end: int
    """Where the table's text sits in the document (its rows' values bind to their rows)."""
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, tuple[Cell, ...]], ...]
    """Each row's government cell and its value cells, in column order."""
    unit: str | None = None
    """The unit a note beside the table gives (``单位:微克/立方米``), as written, for columns whose header gives none."""


def _government(cell: str, province: str | None) -> gazetteer.Place | None:
    """The government a row's cell names: one the gazetteer knows, or a development zone."""
    name = fold(cell).strip()
    if not name or len(name) > 16:
        return None
    if TOTAL_ROW.match(name):
        return gazetteer.Place(name, None, province)
    where = gazetteer.place(name, province)
    if where is not None and (where.code or gazetteer.ZONE.match(name) or name in _ZONE_SHORT):
        return where
    if name in _ZONE_SHORT:
        return gazetteer.Place(name, None, province)
    return None


def zone_name(name: str, owner: gazetteer.Place | None) -> str:
    """A zone a table names without its city, with it: 经开区 -> 遂宁经济技术开发区, 河东新区 -> 遂宁市河东新区.

    National and provincial development zones are named after the city's short name
    (遂宁经济技术开发区); other zones after the city (遂宁市河东新区)."""
    if owner is None or owner.code is None:
        return name
    division = gazetteer.load().by_code.get(owner.code)
    if division is None or name.startswith(division.name[:2]):
        return name
    full = _ZONE_SHORT.get(name, name)
    if full.endswith(("经济技术开发区", "高新技术产业开发区")):
        stem = gazetteer.short_forms(division)
        return (stem[-1] if stem else division.name) + full
    return division.name + full


# --- cells out of the three shapes ---------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trailing_bar_blocks(text: str) -> list[list[Cell | None]]:
    """Runs of ``cell |`` lines as cells, None for a row break (a line of bars only)."""
    blocks: list[list[Cell | None]] = []
    current: list[Cell | None] = []
    for a, b in _lines(text):
        line = text[a:b]
        if _BARS_ONLY.match(line) and current:
            current.append(None)
            continue
        m = _TRAILING_BAR.match(line)
        if m and not line.lstrip().startswith("|"):
            s = a + (len(m.group(1)) - len(m.group(1).lstrip()))
            current.append(Cell(m.group(1).strip(), s, s + len(m.group(1).strip())))
            continue
        if current and b == len(text.rstrip()) and line.strip():
            # The text stops inside the table (a page cut short): its last line is the last cell.
            s = a + len(line) - len(line.lstrip())
            current.append(Cell(line.strip(), s, s + len(line.strip())))
            break
        if len(current) >= 4:
            blocks.append(current)
        current = []
    if len(current) >= 4:
        blocks.append(current)
    return blocks


def _leading_bar_blocks(text: str) -> list[list[Cell | None]]:
    """Runs of ``| cell`` lines (cells wrapping over lines) as cells, None for a row break."""
    lines = _lines(text)
    blocks: list[list[Cell | None]] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        nxt = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        if text[a:b].strip() and not text[a:b].lstrip().startswith("|") and nxt.lstrip().startswith("|"):
            cells: list[Cell | None] = [Cell(text[a:b].strip(), a, b)]
            j = i + 1
            lone = False
            while j < len(lines):
                a2, b2 = lines[j]
                line = text[a2:b2]
                m = _LEADING_BAR.match(line)
                if m:
                    body = m.group(1).strip()
                    lone = not body
                    s = b2 - len(m.group(1)) + (len(m.group(1)) - len(m.group(1).lstrip()))
                    cells.append(Cell(body, s, s + len(body)))
                elif line.strip():
                    if lone:  # a lone bar before a line without one ended the row
                        cells[-1] = None
                        cells.append(Cell(line.strip(), a2, b2))
                    else:  # the cell wraps
                        last = cells[-1]
                        if last is None:
                            break
                        cells[-1] = Cell(last.text + line.strip(), last.start, b2)
                    lone = False
                else:
                    break
                j += 1
            if len(cells) >= 6:
                blocks.append(cells)
            i = j
        else:
            i += 1
    return blocks


def _bar_cells(line: str, a: int) -> list[Cell]:
    """The cells of a line written ``a | b | c |`` (offset ``a`` in the text); [] for fewer than three."""
    parts, pos = [], 0
    for piece in line.split("|"):
        body = piece.strip()
        s = a + pos + (len(piece) - len(piece.lstrip()))
        parts.append(Cell(body, s, s + len(body)))
        pos += len(piece) + 1
    if parts and not parts[0].text:  # an opening bar
        parts = parts[1:]
    if parts and not parts[-1].text:  # a closing bar
        parts = parts[:-1]
    return parts if len(parts) >= 3 and sum(1 for c in parts if c.text) >= 2 else []


def _row_bar_blocks(text: str) -> list[list[Cell | None]]:
    """Runs of lines of three cells or more between bars, as cells, None ending each line (a row)."""
    blocks: list[list[Cell | None]] = []
    current: list[Cell | None] = []
    for a, b in _lines(text):
        line = text[a:b]
        if current and _RULE_LINE.match(line):  # |---|---| under a header: layout, not a row
            continue
        cells = _bar_cells(line, a) if line.count("|") >= 2 else []
        if cells:
            current.extend(cells)
            current.append(None)
            continue
        if current.count(None) >= 3:  # a header and two rows at least
            blocks.append(current)
        current = []
    if current.count(None) >= 3:
        blocks.append(current)
    return blocks


def _plain_line_blocks(text: str) -> list[list[Cell]]:
    """Runs of short lines without bars, tabs or sentence marks (blank lines between them allowed), one cell each."""
    blocks: list[list[Cell]] = []
    current: list[Cell] = []
    for a, b in _lines(text):
        line = text[a:b]
        body = line.strip()
        if not body:
            continue
        if len(body) <= PLAIN_CELL_MAX and not _NOT_A_PLAIN_CELL.search(body):
            s = a + len(line) - len(line.lstrip())
            current.append(Cell(body, s, s + len(body)))
            continue
        if len(current) >= 2 * PLAIN_MIN_ROWS:
            blocks.append(current)
        current = []
    if len(current) >= 2 * PLAIN_MIN_ROWS:
        blocks.append(current)
    return blocks


def _spaced_blocks(text: str) -> list[tuple[int, list[list[Cell]]]]:
    """Runs of lines with the same number (2+) of space-separated cells; (offset of the run, rows).
    A run of two-cell lines is kept only under a header naming the governments' column."""
    out: list[tuple[int, list[list[Cell]]]] = []
    run: list[list[Cell]] = []
    run_start = 0

    def keep() -> None:
        if len(run) >= 3 and (len(run[0]) >= 3 or _GOVERNMENT_HEADER.match(fold(run[0][0].text))):
            out.append((run_start, run))

    for a, b in _lines(text):
        cells = [Cell(m.group(0), a + m.start(), a + m.end()) for m in _SPACED.finditer(text[a:b])]
        if _CAPTION_LINE.match(text, a, b):
            cells = []  # 表1 2024年各市PM2.5浓度目标: a caption, not the table's first row
        if len(cells) >= 2 and "|" not in text[a:b] and (not run or len(cells) == len(run[0])):
            if not run:
                run_start = a
            run.append(cells)
            continue
        keep()
        run = [cells] if len(cells) >= 2 and "|" not in text[a:b] else []
        run_start = a
    keep()
    return out


# --- header and rows -----------------------------------------------------------------------------

def _unit_of(header: str) -> str | None:
    m = _UNIT_IN_HEADER.search(header)
    return m.group(1).strip() if m else None


def _columns(header_rows: list[list[str]], n_values: int, caption: str) -> list[Column] | None:
    """The value columns from the header rows (the last one with a cell per value wins)."""
    first = header_rows[0] if header_rows else []
    gov_col = max((i for i, h in enumerate(first) if _GOVERNMENT_HEADER.match(_SPACES.sub("", fold(h)))),
                  default=-1)
    groups = [h for h in first[gov_col + 1:] if h]
    sub = header_rows[-1] if len(header_rows) >= 2 else None
    out = []
    if sub is not None:
        cells = [h for h in sub if h]
        base = [i for i, h in enumerate(cells) if not _CHANGE_HEADER.search(fold(h))]
        group_of: dict[int, str] = {}
        if len(base) == len(groups):
            for g, i in zip(groups, base):
                group_of[i] = g
        current = ""
        for i, h in enumerate(cells):
            current = group_of.get(i, current)
            change = bool(_CHANGE_HEADER.search(fold(h)))
            phrase = current + h if current and not fold(h).startswith(fold(current)) else h
            out.append(Column(phrase, change, _unit_of(h)))
        return out
    if groups and len(groups) <= n_values and (len(groups) >= n_values - 1 or not caption):
        for h in groups:
            out.append(Column(h, bool(_CHANGE_HEADER.search(fold(h))), _unit_of(h)))
        return out
    if not groups and first and caption:  # periods or years as columns: the caption names the measure
        cells = [h for h in first[gov_col + 1:]] if gov_col >= 0 else first[1:]
        if len(cells) == n_values:
            return [Column(f"{caption}({h})", False, None) for h in cells]
    return None


def _lines_above(text: str, start: int, n: int) -> list[str]:
    """Up to ``n`` lines ending before ``start`` (blank lines right above skipped), nearest first; never fewer than one."""
    j = start
    while j > 0 and text[j - 1] == "\n":
        j -= 1
    out = []
    for _ in range(n):
        k = text.rfind("\n", 0, j)
        out.append(text[k + 1:j])
        if k < 0:
            break
        j = k
    return out


def _caption(text: str, start: int) -> str:
    """The line above a table that names it (表1 2024年…综合指数, 附件1 …建议值), without its mark."""
    for line in _lines_above(text, start, 3):
        s = _CAPTION_MARK.sub("", line.strip())
        if s and not s.startswith("|") and len(s) <= 60:
            return s
    return ""


_CAPTION_YEAR = re.compile(r"(?<![\d\-—–~至])((?:19|20)\d\d)\s?年(?!\s?[\-—–~至])")


def caption_year(text: str, start: int) -> int | None:
    """The one year the caption lines just above a table name (各省辖市2014年度 / PM10年均浓度目标值), else None."""
    lines = [ln.strip() for ln in _lines_above(text, start, 2)]
    years = {int(m.group(1)) for ln in lines if len(ln) <= 40 and not ln.startswith("|")
             for m in _CAPTION_YEAR.finditer(fold(ln))}
    return years.pop() if len(years) == 1 else None


def _government_rows(cells: list[Cell], province: str | None) -> list[tuple[int, gazetteer.Place]]:
    return [(i, p) for i, c in enumerate(cells) if (p := _government(c.text, province)) is not None]


_SPACED_NUMBER = re.compile(r"[ \t]+[-+−]?\d+(?:\.\d+)?%?[ \t]*(?:\n|$|[ \t]+\S)")
_LONE_NUMBER = re.compile(r"\n[ \t]*[-+−]?\d+(?:\.\d+)?%?[ \t]*\n")


def _may_hold_table(text: str) -> bool:
    """Searches in C over the whole text: no bar, no number set apart by spaces or alone on its line,
    no table to look for (most texts)."""
    return "|" in text or _LONE_NUMBER.search(text) is not None or _SPACED_NUMBER.search(text) is not None


def find_government_tables(text: str, province: str | None = None) -> list[GovernmentTable]:
    """Every flattened table of ``text`` with one row per government (see the module's notes)."""
    if not _may_hold_table(text):
        return []
    out: list[GovernmentTable] = []
    for block in _trailing_bar_blocks(text) + _leading_bar_blocks(text) + _row_bar_blocks(text):
        table = _read_cell_block(text, block, province)
        if table is not None:
            out.append(table)
    for start, rows in _spaced_blocks(text):
        table = _read_spaced(text, start, rows, province)
        if table is not None:
            out.append(table)
    for cells in _plain_line_blocks(text):
        table = _read_plain(text, cells, province)
        if table is not None and not any(t.start < table.end and table.start < t.end for t in out):
            out.append(table)
    return _with_unit_notes(text, sorted(out, key=lambda t: t.start))


def _unit_note(line: str) -> str | None:
    m = _UNIT_NOTE.match(fold(line).strip())
    return m.group(1).strip() if m else None


def _caption_unit(caption: str) -> str | None:
    """The unit a caption ends with in brackets (2016年各市PM2.5目标(微克/立方米)), when it is one."""
    unit = _unit_of(caption)
    return unit if unit is not None and _SPACES.sub("", unit) in UNITS else None


def _with_unit_notes(text: str, tables: list[GovernmentTable]) -> list[GovernmentTable]:
    """Tables with the unit of the note on the line above or below them; a table printed just
    before another (only a caption's lines between) shares the next one's note."""
    out: list[GovernmentTable] = []
    shared: str | None = None
    for k in range(len(tables) - 1, -1, -1):
        t = tables[k]
        above = _lines_above(text, t.start, 1)[0]
        below = text[t.end:].lstrip(" \t").lstrip("\n").split("\n", 1)[0]
        between = text[t.end:tables[k + 1].start].strip("\n").count("\n") if k + 1 < len(tables) else None
        note = _unit_note(below) or _unit_note(above) or _caption_unit(_caption(text, t.start)) or \
            (shared if between is not None and between <= 3 else None)
        shared = note
        out.append(replace(t, unit=note) if note else t)
    return out[::-1]


def _read_cell_block(text: str, block: list[Cell | None], province: str | None) -> GovernmentTable | None:
    cells = [c for c in block if c is not None]
    govs = _government_rows(cells, province)
    if sum(1 for _, p in govs if not TOTAL_ROW.match(p.name)) < MIN_GOVERNMENT_ROWS:
        return None
    first_gov = govs[0][0]
    # Header rows: the cells before the first government, cut at the row breaks; trailing numbers
    # (a rank) and lone cells (a region spanning rows) belong to the first data row.
    header_rows: list[list[str]] = [[]]
    seen = 0
    for c in block:
        if c is None:
            header_rows.append([])
            continue
        if seen >= first_gov:
            break
        header_rows[-1].append(c.text)
        seen += 1
    header_rows = [r for r in header_rows if len([h for h in r if h]) >= 2]
    for r in header_rows:
        while r and (_NUMBER_CELL.match(r[-1]) or not r[-1]):
            r.pop()
    rows: list[tuple[Cell, tuple[Cell, ...]]] = []
    bounds = [i for i, _ in govs] + [len(cells)]
    lengths = []
    for (i, _), j in zip(govs, bounds[1:]):
        values = tuple(cells[i + 1:j])
        rows.append((cells[i], values))
        lengths.append(len(values))
    n_values = max(set(lengths), key=lengths.count)
    columns = _columns(header_rows, n_values, _caption(text, cells[0].start))
    if not columns:
        return None
    rows = [(g, v[:len(columns)]) for g, v in rows]
    return GovernmentTable(cells[0].start, cells[-1].end, tuple(columns), tuple(rows))


_BRACKETED = re.compile(r"^[(（][^()（）]{1,16}[)）]$")
_CLOSED_UNIT = re.compile(r"[(（]([^()（）]{1,12})[)）]\s*$")


def _joined_brackets(cells: list[Cell]) -> list[Cell]:
    """Cells with a line wholly in brackets joined to the cell above (``PM10`` / ``(可吸入颗粒物)``, a
    header's second line), unless the cell above is a number."""
    out: list[Cell] = []
    for c in cells:
        if out and _BRACKETED.match(c.text) and not _NUMBER_CELL.match(out[-1].text):
            out[-1] = Cell(out[-1].text + c.text, out[-1].start, c.end)
        else:
            out.append(c)
    return out


def _read_plain_grouped(text: str, cells: list[Cell], province: str | None) -> GovernmentTable | None:
    """A one-cell-a-line table whose header had two levels: a group cell with the unit (主要监测项目平均浓度
    (微克/立方米)) over the measures printed after the first level's last cell, and rows that end with
    words (主要污染物 ``PM10``) after their numbers. The header's cells come out as the first level,
    then the second: the group's sub-cells take its place, the words' columns are dropped."""
    cells = _joined_brackets(cells)
    govs = _government_rows(cells, province)
    if len(govs) < PLAIN_MIN_ROWS:
        return None
    bounds = [i for i, _ in govs]
    n = bounds[1] - bounds[0] - 1
    # a row whose first cell names no government the gazetteer knows (宁东基地) stands between two rows:
    # it is left out, the rows around it kept
    if n < 2 or any((b - a - 1) % (n + 1) != n for a, b in itertools.pairwise(bounds)) or \
            len(cells) < bounds[-1] + 1 + n:
        return None
    rows = [(cells[i], tuple(cells[i + 1:i + 1 + n])) for i in bounds]
    k = next((j for j, c in enumerate(rows[0][1]) if not _NUMBER_CELL.match(c.text)), n)
    if k < 1 or any(any(not _NUMBER_CELL.match(c.text) for c in values[:k]) or
                    any(_NUMBER_CELL.match(c.text) for c in values[k:]) for _, values in rows):
        return None
    head = next((j for j in range(bounds[0] - 1, -1, -1) if _GOVERNMENT_HEADER.match(_SPACES.sub("", fold(cells[j].text)))), None)
    if head is None:
        return None
    header = [c.text for c in cells[head + 1:bounds[0]]]
    if len(header) != n + 1:
        return None
    group = next((j for j, h in enumerate(header)
                  if (m := _CLOSED_UNIT.search(h)) is not None and _SPACES.sub("", m.group(1)) in UNITS), None)
    if group is None:
        return None
    group_unit = _unit_of(header[group])
    first_level = group + 1 + (n - k)
    subs = header[first_level:]
    columns = [Column(h, bool(_CHANGE_HEADER.search(fold(h))), _unit_of(h)) for h in header[:group]]
    for h in subs:  # a sub-cell's own unit where it gives one (CO (毫克/立方米)), else the group's
        unit = _unit_of(h)
        columns.append(Column(header[group] + h, False, unit if unit and "/" in unit else group_unit))
    columns = (columns + [Column(h, False, None) for h in header[group + 1:first_level]])[:k]
    rows = [(g, values[:k]) for g, values in rows]
    return GovernmentTable(cells[head].start, rows[-1][1][-1].end, tuple(columns), tuple(rows))


def _read_plain(text: str, cells: list[Cell], province: str | None) -> GovernmentTable | None:
    """A table of one cell per line with no bars: a header naming the governments' column and as many
    cells as each row has values, then rows of a government and numbers only (or a header of two
    levels, :func:`_read_plain_grouped`)."""
    return _read_plain_flat(text, cells, province) or _read_plain_grouped(text, cells, province)


def _read_plain_flat(text: str, cells: list[Cell], province: str | None) -> GovernmentTable | None:
    govs = _government_rows(cells, province)
    if len(govs) < PLAIN_MIN_ROWS:
        return None
    bounds = [i for i, _ in govs]
    n = bounds[1] - bounds[0] - 1
    first = bounds[0]
    if n < 1 or first < n + 1 or any(b - a - 1 != n for a, b in itertools.pairwise(bounds)) or \
            len(cells) < bounds[-1] + 1 + n:
        return None
    header = cells[first - n - 1:first]
    if not _GOVERNMENT_HEADER.match(_SPACES.sub("", fold(header[0].text))):
        return None
    rows = [(cells[i], tuple(cells[i + 1:i + 1 + n])) for i in bounds]
    if not all(_NUMBER_CELL.match(c.text) for _, values in rows for c in values):
        return None
    columns = _columns([[""] + [c.text for c in header[1:]]], n, _caption(text, header[0].start))
    if not columns:
        return None
    return GovernmentTable(header[0].start, rows[-1][1][-1].end, tuple(columns), tuple(rows))


def _side_by_side(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows of a table printed as column groups side by side (its header repeats: 省辖市 目标值 省辖市
    目标值), each group a row of its own; other rows as they are."""
    header = [fold(c.text) for c in rows[0]]
    n = len(header)
    for width in range(2, n // 2 + 1):
        if n % width == 0 and all(header[i] == header[i % width] for i in range(n)):
            return [r[i:i + width] for r in rows for i in range(0, n, width)]
    return rows


_ROW_NUMBER_HEADER = re.compile(r"^(?:序号|编号|序|排名|名次|排序)$")
"""A first column that numbers or ranks the rows (序号 over 1, 2, 3; 排名 in a 通报's ranking table)."""


def _read_spaced(text: str, start: int, rows: list[list[Cell]], province: str | None) -> GovernmentTable | None:
    if len(rows[0]) >= 3 and _ROW_NUMBER_HEADER.match(_SPACES.sub("", fold(rows[0][0].text))):
        rows = [r[1:] for r in rows]  # 序号 城市 PM2.5…: the row numbers are no column of values
    rows = _side_by_side(rows)
    govs = [r for r in rows if _government(r[0].text, province) is not None]
    if len(govs) < MIN_GOVERNMENT_ROWS or not all(_NUMBER_CELL.match(c.text) for r in govs for c in r[1:]):
        return None
    header = next((r for r in rows if r not in govs), None)
    if header is None:
        return None
    n_values = len(header) - 1
    # The first cell heads the governments' column, whatever it says (地区, 省辖市): left out.
    columns = _columns([[""] + [c.text for c in header[1:]]], n_values, _caption(text, start))
    if not columns:
        return None
    return GovernmentTable(start, rows[-1][-1].end, tuple(columns), tuple((r[0], tuple(r[1:])) for r in govs))
