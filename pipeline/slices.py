"""Tables cut into one slice per group of documents, in one pass over each table.

The diff stage needs each family's rows of ``documents``, ``clauses`` and ``targets``. Reading a
table once per family (with a ``doc_id`` filter) reads the whole file every time, so a corpus of
many families cost families × corpus. Here each table is read once, batch by batch; every batch's
rows go to their family's slice, held in memory up to ``DEFAULT_SPILL_BYTES`` in all and spilled
to Arrow IPC files beside the store's cache after that. Memory stays bounded whatever the corpus,
and a family's rows come back in table order, as a filtered read gives them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import schema as sch
from pipeline.store import Store

DEFAULT_SPILL_BYTES = 64 * 1024 * 1024
"""Rows held in memory, all slices together, before they are written to the spill folder."""
DEFAULT_BATCH_ROWS = 65_536


class Slices:
    """The rows of some tables, by group number (``group_of``: the ``key`` column's value -> group)."""

    def __init__(self, store: Store, tables: Iterable[str], group_of: Mapping[str, int], spill_dir: Path,
                 spill_bytes: int = DEFAULT_SPILL_BYTES, key: str = "doc_id") -> None:
        self.spill_dir = spill_dir
        self.spill_bytes = spill_bytes
        self._held: dict[tuple[str, int], list[pa.RecordBatch]] = {}
        self._held_bytes = 0
        self._files: dict[tuple[str, int], list[Path]] = {}
        self._names = itertools.count()
        ids = pa.array(list(group_of), pa.string())
        groups = pa.array(list(group_of.values()), pa.int64())
        for table in tables:
            for path in store.table_files(table):
                for batch in pq.ParquetFile(path).iter_batches(batch_size=DEFAULT_BATCH_ROWS):
                    group = pc.take(groups, pc.index_in(batch.column(key), value_set=ids))
                    for g in pc.unique(group.drop_null()).to_pylist():
                        self._hold(table, g, batch.filter(pc.equal(group, g)))

    def _hold(self, table: str, group: int, batch: pa.RecordBatch) -> None:
        self._held.setdefault((table, group), []).append(batch)
        self._held_bytes += batch.nbytes
        if self._held_bytes > self.spill_bytes:
            self._spill()

    def _spill(self) -> None:
        self.spill_dir.mkdir(parents=True, exist_ok=True)
        for key, batches in self._held.items():
            path = self.spill_dir / f"{next(self._names)}.arrow"
            with pa.ipc.new_file(path, batches[0].schema) as w:
                for b in batches:
                    w.write_batch(b)
            self._files.setdefault(key, []).append(path)
        self._held.clear()
        self._held_bytes = 0

    def table(self, table: str, group: int) -> pa.Table:
        """The group's rows of ``table``, in table order (an empty table when it has none)."""
        batches: list[pa.RecordBatch] = []
        for path in self._files.pop((table, group), []):
            with pa.ipc.open_file(path) as r:
                batches.extend(r.get_batch(i) for i in range(r.num_record_batches))
            path.unlink()
        batches.extend(self._held.pop((table, group), []))
        if not batches:
            return sch.schema(table).empty_table()
        return pa.Table.from_batches(batches)
