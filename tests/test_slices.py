"""Family slices: each table read once and cut by family, spilled past a size, rows as a filtered read gives them."""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipeline.run import RunSettings, run_extract
from pipeline.slices import Slices
from pipeline.store import Store
from tools.synth import synth_corpus

TABLES = ("documents", "clauses", "targets")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("slices")
    raw = root / "raw"
    for rel, text in synth_corpus(60, seed=5, provinces=4, years=(2022, 2023)):
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_text(text, encoding="utf-8")
    run_extract(RunSettings(raw=raw, parquet=root / "out", reports=None, jobs=1, progress=False, diff=False,
                            checks=False))
    return Store(root / "out")


@pytest.mark.parametrize("spill_bytes", [1 << 30, 1])  # all held in memory; every batch spilled
def test_each_group_gets_its_rows_in_table_order(store, tmp_path, spill_bytes):
    ids = store.read_table("documents", columns=["doc_id"])["doc_id"].to_pylist()
    rng = random.Random(1)
    group_of = {i: rng.randrange(5) for i in ids[: len(ids) - 3]}  # the last three documents are in no group
    slices = Slices(store, TABLES, group_of, tmp_path / "spill", spill_bytes=spill_bytes)
    for table in TABLES:
        whole = store.read_table(table)
        for g in range(5):
            members = [i for i, k in group_of.items() if k == g]
            want = whole.filter(pc.is_in(whole["doc_id"], value_set=pa.array(members)))
            got = slices.table(table, g)
            assert got.num_rows == want.num_rows > 0, (table, g)
            assert got.to_pylist() == want.to_pylist(), (table, g)
    assert slices.table("clauses", 7).num_rows == 0  # a group without rows: an empty table of the schema
    spilled = tmp_path / "spill"
    assert spilled.exists() == (spill_bytes == 1)
    assert not spilled.exists() or not list(spilled.iterdir())  # a slice read is a slice removed
