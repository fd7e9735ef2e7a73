"""The output folder: per-file cache, Parquet tables written atomically, and a run lock.

Layout under the output folder (default ``data/parquet/``)::

    documents/data.parquet   clauses/…   targets/…   tasks/…   errors/…   deviations/…
    _cache/<key>-v<version>.pkl         one file's records, keyed by content, reader and extractor version
    .lock                               held by the running extraction

Every file is written to a temporary name in its own folder and moved into place with
``os.replace``, so a reader (or a run killed with SIGKILL) never sees a half-written file.
Readers skip names starting with "." or "_" (pyarrow's default), so the cache and temporary
files never show up in a table.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from diff.atomic import atomic_write, publish, temporary_beside
from extract.file import EXTRACTOR_VERSION, FileRecords
from pipeline import schema as sch

DEFAULT_BATCH_ROWS = 8192
"""Rows buffered before a row group is written: bounds memory on large corpora."""


# Descriptors of the run locks this process holds. A forked worker inherits them, and an flock
# lives as long as any copy is open: workers close their copies (see ``release_inherited_locks``)
# so that a worker outliving a killed run can never keep the folder locked.
HELD_LOCK_FDS: set[int] = set()


def release_inherited_locks() -> None:
    """In a forked worker: close the inherited lock descriptors (the parent keeps its lock)."""
    for fd in list(HELD_LOCK_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
    HELD_LOCK_FDS.clear()


def cache_key(sha256: str, name: str) -> str:
    """The cache key of a file: its content hash and what of its name the reader looks at (the
    extension breaks ties between text and HTML, and messages quote it), so identical bytes
    under a name the reader treats otherwise are read on their own."""
    suffix = os.path.splitext(name)[1].lower()
    tag = suffix.encode("utf-8", "backslashreplace").hex()
    if len(tag) > 16:
        tag = hashlib.sha256(tag.encode()).hexdigest()[:16]
    return f"{sha256}-{tag or 'none'}"


class Store:
    """The output folder of one pipeline (see module docstring)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.cache_dir = self.root / "_cache"

    # --- run lock -------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, wait: bool = True) -> Iterator[None]:
        """Hold the folder's lock; a second run waits (or raises BlockingIOError)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
            fcntl.flock(fh, flags)
            HELD_LOCK_FDS.add(fh.fileno())
            try:
                self._remove_stale_temporaries()
                yield
            finally:
                HELD_LOCK_FDS.discard(fh.fileno())
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a killed run (only called while holding the lock): only in the
        folders the store writes to, never elsewhere below the output folder (it may be a
        person's folder holding files of their own)."""
        for folder in (self.cache_dir, *(self.root / t for t in sch.TABLES)):
            for tmp in folder.glob(".tmp-*"):
                with contextlib.suppress(OSError):
                    tmp.unlink()

    # --- per-file cache -------------------------------------------------------------------
    def _cache_path(self, key: str) -> Path:
        return self.cache_dir / f"{key}-v{EXTRACTOR_VERSION}.pkl"

    def _retry_path(self, key: str) -> Path:
        return self.cache_dir / f"{key}-v{EXTRACTOR_VERSION}.retry"

    def has(self, key: str) -> bool:
        """A finished entry exists (an entry marked for retry does not count); ``key`` is a
        ``cache_key``."""
        return self._cache_path(key).exists() and not self._retry_path(key).exists()

    def cached(self, key: str) -> FileRecords | None:
        path = self._cache_path(key)
        try:
            with open(path, "rb") as fh:
                rec = pickle.load(fh)
        except FileNotFoundError:
            return None
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # unreadable entry from another version: extract again
        return rec if isinstance(rec, FileRecords) else None

    def put(self, rec: FileRecords, retry: bool = False) -> str:
        """Cache ``rec`` under the bytes it was read from and its name's reader; returns the key.
        With ``retry`` it serves this run's tables but the next run extracts again."""
        key = cache_key(rec.source_sha256, rec.source_path)
        marker = self._retry_path(key)
        if retry:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            marker.touch()
        else:
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()
        atomic_write(
            self._cache_path(key),
            lambda tmp: tmp.write_bytes(pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        return key

    def prune(self, keep: set[str]) -> int:
        """Delete cache entries whose key is not in ``keep`` (or of another version)."""
        removed = 0
        if not self.cache_dir.exists():
            return 0
        wanted = {self._cache_path(sha).name for sha in keep}
        wanted |= {self._retry_path(sha).name for sha in keep}
        for path in [*self.cache_dir.glob("*.pkl"), *self.cache_dir.glob("*.retry")]:  # diff.fingerprint stays
            if path.name not in wanted:
                path.unlink()
                removed += 1
        return removed

    # --- tables ---------------------------------------------------------------------------
    def table_path(self, table: str) -> Path:
        return self.root / table / "data.parquet"

    def write_table(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Write ``rows`` (dicts keyed by column) as the table's file; returns the row count."""
        with self.writers([table]) as w:
            for row in rows:
                w[table].add(row)
        return w[table].count

    @contextlib.contextmanager
    def writers(self, tables: Iterable[str]) -> Iterator[dict[str, TableWriter]]:
        """Open writers for several tables; all files appear at exit, none if the block fails."""
        out = {t: TableWriter(self.table_path(t), sch.schema(t)) for t in tables}
        try:
            yield out
            for w in out.values():
                w.close()
            for w in out.values():
                w.publish()
        finally:
            for w in out.values():
                w.discard()

    def read_table(self, table: str, *, columns: list[str] | None = None,
                   doc_ids: Iterable[str] | None = None) -> pa.Table:
        """The table, or only some columns / the rows of some documents."""
        filters = [("doc_id", "in", list(doc_ids))] if doc_ids is not None else None
        return pq.read_table(self.table_path(table), columns=columns, filters=filters)


class TableWriter:
    """Rows in, one Parquet file out, written in row groups so memory stays bounded."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.path = path
        self.schema = schema
        self.count = 0
        self.tmp: Path | None = temporary_beside(path)
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self._batch: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self._batch.append(row)
        if len(self._batch) >= DEFAULT_BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        assert self._writer is not None
        self._writer.write_table(_to_table(self._batch, self.schema, self.schema.names))
        self.count += len(self._batch)
        self._batch = []

    def close(self) -> None:
        if self._writer is not None:
            if self._batch or self.count == 0:
                self._flush()
            self._writer.close()
            self._writer = None

    def publish(self) -> None:
        """Move the finished file into place (atomic)."""
        if self.tmp is not None:
            publish(self.tmp, self.path)
            self.tmp = None

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                self.tmp.unlink()
            self.tmp = None


def _to_table(rows: list[dict[str, Any]], schema: pa.Schema, names: list[str]) -> pa.Table:
    arrays = [pa.array([r.get(n) for r in rows], type=schema.field(n).type) for n in names]
    return pa.Table.from_arrays(arrays, schema=schema)
