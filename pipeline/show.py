"""``mubiao show TABLE``: a table's rows in a terminal, as CSV or as JSON, filtered by column.

For people who live in a terminal (like sqlite-utils' ``rows`` with ``--csv`` / ``--json`` /
``--table``). Filters are ``COLUMN OP VALUE`` with OP one of ``= != > >= < <=`` or ``~`` (the text
contains VALUE), all of them must hold; the value is read as the column's type. No query language:
for joins and groups, read the Parquet files with DuckDB or pandas (README).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import schema as sch

OutputFormat = Literal["table", "csv", "json"]

DEFAULT_CELL_WIDTH = 40
"""Display columns a cell may take in ``--table`` output before it is cut with …."""
DEFAULT_LIMIT = 50
"""Rows ``--table`` shows unless told otherwise (CSV and JSON give every row)."""
HIDDEN_IN_TABLE = frozenset({"text", "revisions", "detail", "norm_text"})
"""Long columns ``--table`` leaves out unless named in ``--columns``."""

_WHERE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!=|>=|<=|=|>|<|~)\s*(.*?)\s*$", re.DOTALL)


class ShowError(ValueError):
    """A table, column or filter that does not exist or cannot be read; the message says what does."""


@dataclass(frozen=True)
class Condition:
    column: str
    op: str
    value: str


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """" (did you mean 'targets'?)" for the closest of ``choices``, or ""."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def parse_where(text: str) -> Condition:
    """``"entity=长春市"`` -> Condition; raises ShowError naming the accepted forms."""
    m = _WHERE.match(text)
    if not m:
        raise ShowError(f"cannot read --where {text!r}: write COLUMN OP VALUE, OP one of = != > >= < <= ~ "
                        "(e.g. --where entity=长春市 --where 'value>=90')")
    return Condition(m.group(1), m.group(2), m.group(3))


def read_rows(parquet: Path, table: str, where: Sequence[str] = (), columns: Sequence[str] = ()) -> pa.Table:
    """The rows of ``table`` under ``parquet`` that meet every ``where`` filter, in ``columns``
    (all when empty)."""
    if table not in sch.TABLES:
        raise ShowError(f"no table named {table!r}{did_you_mean(table, list(sch.TABLES))}; "
                        f"tables: {', '.join(sch.TABLES)}")
    path = Path(parquet) / table / "data.parquet"
    if not path.exists():
        raise ShowError(f"no {table} table under {parquet}: run `mubiao extract` first")
    tbl = pq.read_table(path)
    names = tbl.column_names
    for col in columns:
        if col not in names:
            raise ShowError(f"{table} has no column {col!r}{did_you_mean(col, names)}; columns: {', '.join(names)}")
    mask = None
    for text in where:
        cond = parse_where(text)
        if cond.column not in names:
            raise ShowError(f"--where {text!r}: {table} has no column {cond.column!r}"
                            f"{did_you_mean(cond.column, names)}; columns: {', '.join(names)}")
        keep = _condition_mask(tbl.column(cond.column), cond, text)
        mask = keep if mask is None else pc.and_(mask, keep)
    if mask is not None:
        tbl = tbl.filter(pc.fill_null(mask, False))
    return tbl.select(list(columns)) if columns else tbl


def _condition_mask(column: pa.ChunkedArray, cond: Condition, text: str) -> pa.ChunkedArray:
    typ = column.type
    if cond.op == "~":
        if not (pa.types.is_string(typ) or pa.types.is_large_string(typ)):
            raise ShowError(f"--where {text!r}: ~ (contains) needs a text column; {cond.column} is {typ}")
        return pc.match_substring(column, cond.value)
    try:
        if pa.types.is_boolean(typ):
            if cond.value.lower() not in ("true", "false"):
                raise ValueError(cond.value)
            value: Any = cond.value.lower() == "true"
        else:
            value = pa.scalar(cond.value).cast(typ) if not pa.types.is_string(typ) else cond.value
    except (ValueError, pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
        raise ShowError(f"--where {text!r}: {cond.value!r} is not a value of {cond.column} ({typ})") from err
    if not (pa.types.is_boolean(typ) or pa.types.is_string(typ) or pa.types.is_large_string(typ)
            or pa.types.is_integer(typ) or pa.types.is_floating(typ)):
        raise ShowError(f"--where {text!r}: {cond.column} ({typ}) cannot be filtered")
    ops = {"=": pc.equal, "!=": pc.not_equal, ">": pc.greater, ">=": pc.greater_equal,
           "<": pc.less, "<=": pc.less_equal}
    return ops[cond.op](column, value)


def format_rows(tbl: pa.Table, fmt: OutputFormat, limit: int | None = None) -> str:
    """``tbl`` as an aligned text table, CSV (header row first) or a JSON array of objects."""
    rows = tbl.to_pylist()
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(tbl.column_names)
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row.values()])
        return buf.getvalue()
    return _text_table(tbl.column_names, rows, limit)


def _plain(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else str(v)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _cut(s: str, width: int) -> str:
    s = s.replace("\n", "⏎").replace("\t", " ")
    if _width(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        w = _width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _text_table(names: list[str], rows: list[dict[str, Any]], limit: int | None) -> str:
    shown = rows if limit is None else rows[:limit]
    cells = [[_cut("" if v is None else _number(v), DEFAULT_CELL_WIDTH) for v in row.values()] for row in shown]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cells]
    if limit is not None and len(rows) > limit:
        out.append(f"… {len(rows) - limit} more rows (--limit 0 shows all, --csv or --json gives every row)")
    return "\n".join(out) + "\n"


def _number(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return _plain(v)


def default_columns(tbl_columns: list[str], fmt: OutputFormat) -> list[str]:
    """``--table`` leaves out the long columns (document text, revisions, JSON detail)."""
    return [c for c in tbl_columns if fmt != "table" or c not in HIDDEN_IN_TABLE]
