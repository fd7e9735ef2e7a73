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


def test_a_row_goes_to_the_group_of_each_of_its_keys_once(store, tmp_path):
    """Two key columns (a check's document and its reference's): a row is in the group of either,
    once when both put it in the same group, in table order."""
    targets = store.read_table("targets")
    whole = targets.to_pylist()
    group_of = {i: k % 3 for k, i in enumerate(sorted(set(targets["doc_id"].to_pylist())))}
    group_of |= {e: k % 3 for k, e in enumerate(sorted({e for e in targets["entity"].to_pylist() if e}))}
    slices = Slices(store, ("targets",), group_of, tmp_path / "spill", key=("doc_id", "entity"))
    twice = 0
    for g in range(3):
        want = [r for r in whole if g in (group_of.get(r["doc_id"]), group_of.get(r["entity"]))]
        assert slices.table("targets", g).to_pylist() == want
        twice += sum(group_of.get(r["doc_id"]) == group_of.get(r["entity"]) == g for r in want)
    assert twice > 0  # some rows had both keys in one group, and came once


def test_a_key_computed_from_the_batch(store, tmp_path):
    targets = store.read_table("targets")
    whole = targets.to_pylist()
    by_name = {e: k % 2 for k, e in enumerate(sorted({e for e in targets["entity"].to_pylist() if e}))}
    slices = Slices(store, ("targets",), by_name, tmp_path / "spill",
                    key=lambda b: pc.coalesce(b.column("entity"), b.column("doc_id")))
    for g in range(2):
        want = [r for r in whole if by_name.get(r["entity"] or r["doc_id"]) == g]
        assert len(want) > 0 and slices.table("targets", g).to_pylist() == want


def test_groups_by_size_closes_a_group_at_its_budget():
    from pipeline.stages import groups_by_size, numbered

    sizes = {"丙": 5, "甲": 3, "乙": 4, "丁": 30, "戊": 1}
    groups = groups_by_size(sizes, 10)
    assert [n for g in groups for n in g] == sorted(sizes)  # every name once, in order
    assert all(sum(sizes[n] for n in g) <= 10 or len(g) == 1 for g in groups)  # only a giant alone passes
    assert any(len(g) > 1 for g in groups) and ["丁"] in groups
    assert numbered(groups) == {n: k for k, g in enumerate(groups) for n in g}
    assert groups_by_size({}, 10) == []
