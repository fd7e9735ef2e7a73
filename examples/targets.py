"""Load the targets of the sample drafts in pandas, DuckDB and polars; print a city x indicator pivot.

Run after `make extract`:  .venv/bin/python examples/targets.py [data/parquet]
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

out = Path(sys.argv[1] if len(sys.argv) > 1 else "data/parquet")

# pandas: one call per table; join on doc_id for the document's title and status.
targets = pd.read_parquet(out / "targets")
documents = pd.read_parquet(out / "documents", columns=["doc_id", "title", "status"])
print(f"{len(targets)} target statements in {targets.doc_id.nunique()} documents")

# City x indicator matrix of the letters' numeric targets, one column per measure and unit.
numeric = targets[(targets.doc_kind == "letter") & (targets.kind == "target") & targets.value.notna()]
pivot = numeric.pivot_table(index="entity", columns=["indicator", "unit"], values="value", aggfunc="first")
with pd.option_context("display.width", 200, "display.max_columns", 12):
    print(pivot.iloc[:, :8])

# DuckDB: the loosest and strictest PM2.5 target.
print(duckdb.sql(f"""
    select entity, comparator, value, unit, quote
    from read_parquet('{out}/targets/*.parquet')
    where indicator = 'air.pm25' and kind = 'target'
    order by value
""").df().to_string(index=False))

# polars: how many statements of each kind per document.
print(pl.read_parquet(out / "targets" / "*.parquet").group_by("kind").len().sort("kind"))
