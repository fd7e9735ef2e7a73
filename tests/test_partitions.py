"""Tables past a comfortable size are split by year, and still load whole in one call."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import pipeline.store as store_mod
from pipeline.run import RunSettings, run_extract
from pipeline.store import Store
from tools.synth import synth_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared"
TABLES = ("documents", "clauses", "targets", "tasks", "deviations", "values")
SPLIT = ("documents", "clauses", "targets")  # past 20 kB here; the others are one file or split


def _rows(n: int) -> list[dict[str, object]]:
    return [{"source_path": f"f{i}.txt", "stage": "read", "level": "error", "code": "x", "message": f"m{i}"}
            for i in range(n)]


def test_a_small_table_is_one_file_and_a_large_one_one_file_per_year(tmp_path):
    store = Store(tmp_path, partition_bytes=2000)
    with store.writers(["errors"]) as w:
        for i, row in enumerate(_rows(30_000)):
            w["errors"].add(row, part=str(2020 + i % 3))
    names = sorted(p.name for p in (tmp_path / "errors").iterdir())
    assert names == ["part-2020.parquet", "part-2021.parquet", "part-2022.parquet"]
    assert store.read_table("errors", part="2021").num_rows == 10_000
    with store.writers(["errors"]) as w:  # small again: back to one file, the year files gone
        for row in _rows(10):
            w["errors"].add(row, part="2020")
    assert sorted(p.name for p in (tmp_path / "errors").iterdir()) == ["data.parquet"]
    assert not list(tmp_path.glob(".tmp-*")) and not list(tmp_path.glob(".old-*"))


def test_rows_without_a_year_never_split(tmp_path):
    store = Store(tmp_path, partition_bytes=2000)
    store.write_table("errors", _rows(30_000))
    assert sorted(p.name for p in (tmp_path / "errors").iterdir()) == ["data.parquet"]


def test_a_writer_remembers_the_rows_parts_as_runs_not_one_a_row(tmp_path):
    # Rows arrive file by file, each file's rows of one year: the parts are kept per run of equal
    # parts, whatever the number of rows (a national corpus's clauses are millions of rows).
    from pipeline import schema as sch

    writer = store_mod.TableWriter(tmp_path / "data.parquet", sch.schema("errors"), partition_bytes=10**9)
    for i, row in enumerate(_rows(40_000)):
        writer.add(row, part=str(2020 + i // 5_000 % 2))  # 8 runs of 5,000 rows
    writer.close()
    assert writer._labels.runs == [[str(2020 + k % 2), 5_000] for k in range(8)]
    assert len(writer._labels) == 40_000 and writer._labels.parts == {"2020", "2021"}
    assert list(writer._labels.rows())[4_999:5_001] == ["2020", "2021"]
    writer.discard()
    # Past the size, the rows written so far are routed to their year's file by those runs.
    store = Store(tmp_path, partition_bytes=2000)
    with store.writers(["errors"]) as w:
        for i, row in enumerate(_rows(40_000)):
            w["errors"].add(row, part=str(2020 + i // 5_000 % 2))
    got = store.read_table("errors", part="2021").column("message").to_pylist()
    assert got == [f"m{i}" for i in range(40_000) if i // 5_000 % 2]


def test_a_swap_cut_short_is_put_back_by_the_next_run(tmp_path):
    store = Store(tmp_path, partition_bytes=2000)
    store.write_table("errors", _rows(5))
    (tmp_path / "errors").rename(tmp_path / ".old-errors-1234abcd")  # killed between two renames
    (tmp_path / ".tmp-errors-5678abcd").mkdir()
    with store.lock():
        pass
    assert store.read_table("errors").num_rows == 5
    assert not list(tmp_path.glob(".tmp-*")) and not list(tmp_path.glob(".old-*"))


def _load_each_way(folder: Path) -> list[pd.DataFrame]:
    """The table through pandas, pyarrow, DuckDB and polars, one call each, as the README shows."""
    glob = str(folder / "*.parquet")
    frames = [
        pd.read_parquet(folder),
        pq.read_table(folder).to_pandas(),
        ds.dataset(folder).to_table().to_pandas(),
        duckdb.sql(f"select * from read_parquet('{glob}')").df(),
        pl.read_parquet(glob).to_pandas(),
    ]
    return [f[["doc_id", "clause_id", "text"]].sort_values(["doc_id", "clause_id"]).reset_index(drop=True)
            for f in frames]


@pytest.mark.slow
def test_an_extract_split_by_year_holds_the_tables_of_one_unsplit(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    for rel, text in synth_corpus(300, seed=3, provinces=3, years=(2021, 2022, 2023)):
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_text(text, encoding="utf-8")
    shutil.copytree(SHARED / "seeds", raw / "seeds")
    whole = run_extract(RunSettings(raw=raw, parquet=tmp_path / "whole", reports=None, jobs=2, progress=False))
    monkeypatch.setattr(store_mod, "DEFAULT_PARTITION_BYTES", 20_000)
    split = run_extract(RunSettings(raw=raw, parquet=tmp_path / "split", reports=tmp_path / "rep", jobs=2,
                                    progress=False))
    assert (split.documents, split.deviations) == (whole.documents, whole.deviations) and whole.deviations > 0
    for table in TABLES:
        names = sorted(p.name for p in (tmp_path / "split" / table).glob("*.parquet"))
        if table in SPLIT or names != ["data.parquet"]:
            assert names[:3] == ["part-2021.parquet", "part-2022.parquet", "part-2023.parquet"], table
        a = pd.read_parquet(tmp_path / "whole" / table)
        b = pd.read_parquet(tmp_path / "split" / table)
        key = list(a.columns[:3])
        assert a.sort_values(key).reset_index(drop=True).astype(str).equals(
            b.sort_values(key).reset_index(drop=True).astype(str)), table
    frames = _load_each_way(tmp_path / "split" / "clauses")
    assert len(frames[0]) == whole.clauses
    for f in frames[1:]:
        assert f.equals(frames[0])
