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
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import schema as sch
from pipeline.store import Store

DEFAULT_SPILL_BYTES = 16 * 1024 * 1024
"""Rows held in memory, all slices together, before they are written to the spill folder."""

Key = str | tuple[str, ...] | Callable[[pa.RecordBatch], pa.Array]
"""What puts a row in a group: a column; several columns (the row goes to the group of each, once
per group: a check belongs to its document's family and to its reference's); or a function of
the batch giving one key per row (the government's code, else its name)."""

Grouping = tuple[pa.Array, pa.Array]
"""Keys and their group numbers as two arrays of one length (a corpus's doc_ids, without a
Python string per document)."""


class Slices:
    """The rows of some tables, by group number (``group_of``: a row's key -> group)."""

    def __init__(self, store: Store, tables: Iterable[str], group_of: Mapping[str, int] | Grouping, spill_dir: Path,
                 spill_bytes: int = DEFAULT_SPILL_BYTES, key: Key = "doc_id") -> None:
        self.spill_dir = spill_dir
        self.spill_bytes = spill_bytes
        self._held: dict[tuple[str, int], list[pa.RecordBatch]] = {}
        self._held_bytes = 0
        self._files: dict[tuple[str, int], list[Path]] = {}
        self._names = itertools.count()
        if isinstance(group_of, tuple):
            ids, groups = group_of
        else:
            ids = pa.array(list(group_of), pa.string())
            groups = pa.array(list(group_of.values()), pa.int64())
        for table in tables:
            for batch in store.batches(table):
                columns = [key(batch)] if callable(key) else [batch.column(k) for k in
                                                              ((key,) if isinstance(key, str) else key)]
                for g, rows in _by_group([pc.take(groups, pc.index_in(c, value_set=ids)) for c in columns]):
                    self._hold(table, g, batch.take(rows))

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


def _by_group(found: list[pa.Array]) -> Iterator[tuple[int, np.ndarray]]:
    """(group, the row numbers in it, ascending) for every group a batch's rows fall in, from one
    group array per key column (null: no group). A row is in a group once, whichever keys put it
    there. One sort per batch: the cost does not grow with the number of groups."""
    rows, owners = [], []
    seen: list[np.ndarray] = []
    for f in found:
        g = pc.fill_null(f, -1).to_numpy(zero_copy_only=False)
        keep = g >= 0
        for earlier in seen:
            keep &= g != earlier
        seen.append(g)
        rows.append(np.flatnonzero(keep))
        owners.append(g[keep])
    row, owner = np.concatenate(rows), np.concatenate(owners)
    order = np.lexsort((row, owner))
    row, owner = row[order], owner[order]
    cuts = np.flatnonzero(np.diff(owner)) + 1
    for part_rows, part_owner in zip(np.split(row, cuts), np.split(owner, cuts)):
        if len(part_rows):
            yield int(part_owner[0]), part_rows
