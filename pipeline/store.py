"""The output folder: per-file cache, Parquet tables written atomically, and a run lock.

Layout under the output folder (default ``data/parquet/``)::

    documents/data.parquet   clauses/…   targets/…   tasks/…   errors/…   deviations/…
    documents/part-2022.parquet part-2023.parquet …   the same table split by year, once large
    _cache/<key>-v<version>.pkl         one file's records, keyed by content, reader and extractor version
    .lock                               held by the running extraction

Every file is written to a temporary name in its own folder and moved into place with
``os.replace``, so a reader (or a run killed with SIGKILL) never sees a half-written file.

A table whose file grows past ``DEFAULT_PARTITION_BYTES`` is written as one file per year of
its documents (``part-<year>.parquet``, ``part-unknown.parquet``) in the same folder, with the same
columns: every reader that loads the folder (pandas, pyarrow, DuckDB's and polars' ``*.parquet``
glob) still gets the whole table in one call, and the diff reads only its family's year. Several
files cannot be replaced in one step, so a split table (or one changing layout) is written to a
new folder that then trades places with the old one (``renameat2`` with ``RENAME_EXCHANGE``,
atomic; where the kernel lacks it, two renames, with a killed run's old folder put back by
the next run).
Readers skip names starting with "." or "_" (pyarrow's default), so the cache and temporary
files never show up in a table.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import itertools
import os
import pickle
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from diff.atomic import atomic_write, publish, temporary_beside
from extract.file import EXTRACTOR_VERSION, FileRecords
from extract.published import SourceInfo
from pipeline import schema as sch

DEFAULT_BATCH_ROWS = 8192
"""Rows buffered before a row group is written: bounds memory on large corpora."""
DEFAULT_TEXT_BATCH_ROWS = 256
"""The same for a table whose rows carry a whole document's text (a ``large_string`` column, as
``documents.text``): 8,192 letters' texts held at once would be hundreds of MB."""
DEFAULT_READ_BATCH_ROWS = DEFAULT_BATCH_ROWS
"""Rows of a table read at once by ``Store.batches``: a row group as written (65,536 rows of
``targets``, all columns, were 20–30 MB of a pass that keeps a few rows of them)."""
DEFAULT_PARTITION_BYTES = 128 * 1024 * 1024
"""A table file past this size is split into one file per year (compressed bytes; the size
pyarrow and DuckDB read comfortably in one piece)."""
UNKNOWN_PART = "unknown"
"""The partition of rows whose document has no year."""


# Descriptors of the run locks this process holds. A forked worker inherits them, and an flock
# lives as long as any copy is open: workers close their copies (see ``release_inherited_locks``)
# so that a worker outliving a killed run can never keep the folder locked.
HELD_LOCK_FDS: set[int] = set()


def give_back_freed_memory() -> None:
    """Have Arrow return the memory of freed tables to the system at once.

    Arrow's default pool (mimalloc) keeps what a read frees for later reads, so a process that
    reads, cuts and drops whole tables (the diff stage of a national corpus) holds on to its
    largest reads for the rest of the run. jemalloc with no decay time gives it back as it is
    freed (``make bench ARGS="--only corpus --corpus national"`` measures the client's peak). A
    pool chosen with ``ARROW_DEFAULT_MEMORY_POOL`` is left alone, as is a pyarrow without jemalloc."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a build without jemalloc: keep the default
        return


def release_inherited_locks() -> None:
    """In a forked worker: close the inherited lock descriptors (the parent keeps its lock)."""
    for fd in list(HELD_LOCK_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
    HELD_LOCK_FDS.clear()


def cache_key(sha256: str, name: str, source: SourceInfo | None = None) -> str:
    """The cache key of a file: its content hash and what of its name the reader looks at (the
    extension breaks ties between text and HTML, and messages quote it), so identical bytes
    under a name the reader treats otherwise are read on their own; and what the crawl log
    says of it (``source``: a changed URL or date extracts the file again)."""
    suffix = os.path.splitext(name)[1].lower()
    tag = suffix.encode("utf-8", "backslashreplace").hex()
    if len(tag) > 16:
        tag = hashlib.sha256(tag.encode()).hexdigest()[:16]
    key = f"{sha256}-{tag or 'none'}"
    if source is not None and (source.url or source.published):
        key += "-s" + hashlib.sha256(source.tag.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return key


class Store:
    """The output folder of one pipeline (see module docstring)."""

    def __init__(self, root: Path, partition_bytes: int | None = None, variant: str = ""):
        """``variant`` names reading options that change the records (``--ocr off``): entries
        made under other options are not reused."""
        self.root = Path(root)
        self.cache_dir = self.root / "_cache"
        self.partition_bytes = DEFAULT_PARTITION_BYTES if partition_bytes is None else partition_bytes
        """Size past which a table is split by year; 0 never splits."""
        self.variant = variant

    def key(self, sha256: str, name: str, source: SourceInfo | None = None) -> str:
        """``cache_key`` of a file under this store's reading options."""
        return cache_key(sha256, name, source) + (f"-{self.variant}" if self.variant else "")

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
                if tmp.is_dir() and not tmp.is_symlink():  # the diff stage's spilled family slices
                    shutil.rmtree(tmp, ignore_errors=True)
                    continue
                with contextlib.suppress(OSError):
                    tmp.unlink()
        for table in sch.TABLES:  # folders of a table being swapped when a run was killed
            for old in self.root.glob(f".old-{table}-*"):
                if not (self.root / table).exists():
                    old.rename(self.root / table)
                else:
                    shutil.rmtree(old, ignore_errors=True)
            for new in self.root.glob(f".tmp-{table}-*"):
                shutil.rmtree(new, ignore_errors=True)

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

    def put(self, rec: FileRecords, retry: bool = False, source: SourceInfo | None = None) -> str:
        """Cache ``rec`` under the bytes it was read from, its name's reader and what the crawl log
        said of it (``source``); returns the key. With ``retry`` it serves this run's tables but the
        next run extracts again."""
        key = self.key(rec.source_sha256, rec.source_path, source)
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
        """The table's single file (absent once the table is split by year: see ``table_files``)."""
        return self.root / table / "data.parquet"

    def table_files(self, table: str, part: str | None = None) -> list[Path]:
        """The table's files: its one file, or its year files (only ``part``'s when given)."""
        single = self.table_path(table)
        if single.exists():
            return [single]
        folder = self.root / table
        if part is not None:
            path = folder / f"part-{part}.parquet"
            return [path] if path.exists() else []
        return sorted(folder.glob("part-*.parquet"))

    def table_exists(self, table: str) -> bool:
        return bool(self.table_files(table))

    def write_table(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Write ``rows`` (dicts keyed by column) as the table's file; returns the row count."""
        with self.writers([table]) as w:
            for row in rows:
                w[table].add(row)
        return w[table].count

    @contextlib.contextmanager
    def writers(self, tables: Iterable[str]) -> Iterator[dict[str, TableWriter]]:
        """Open writers for several tables; all files appear at exit, none if the block fails."""
        out = {t: TableWriter(self.table_path(t), sch.schema(t), self.partition_bytes) for t in tables}
        try:
            yield out
            for w in out.values():
                w.close()
            for w in out.values():
                w.publish()
        finally:
            for w in out.values():
                w.discard()

    def batches(self, table: str, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """The table a batch at a time, file after file (memory: one batch, whatever the table)."""
        schema = sch.schema(table)
        size = batch_rows(schema if columns is None else [schema.field(c) for c in columns], DEFAULT_READ_BATCH_ROWS)
        for path in self.table_files(table):
            yield from pq.ParquetFile(path).iter_batches(batch_size=size, columns=columns)

    def read_table(self, table: str, *, columns: list[str] | None = None,
                   doc_ids: Iterable[str] | None = None, part: str | None = None) -> pa.Table:
        """The table, or only some columns / the rows of some documents; ``part`` (a year, as
        ``part_of`` spells it) says where those documents are when the table is split."""
        files = self.table_files(table, part)
        if len(files) == 1:
            filters = [("doc_id", "in", list(doc_ids))] if doc_ids is not None else None
            return pq.read_table(files[0], columns=columns, filters=filters)
        schema = sch.schema(table)
        if not files:
            if part is None:
                raise FileNotFoundError(f"no table {table} under {self.root}: run `make extract` first")
            return schema.empty_table() if columns is None else schema.empty_table().select(columns)
        expr = pc.field("doc_id").isin(list(doc_ids)) if doc_ids is not None else None
        return ds.dataset([str(f) for f in files], schema=schema, format="parquet").to_table(columns=columns, filter=expr)


def batch_rows(fields: Iterable[pa.Field], rows: int) -> int:
    """Rows of a table to hold at once: ``rows``, or ``DEFAULT_TEXT_BATCH_ROWS`` when its rows
    carry whole documents' texts (a ``large_string`` column)."""
    return DEFAULT_TEXT_BATCH_ROWS if any(pa.types.is_large_string(f.type) for f in fields) else rows


def part_of(year: int | None) -> str:
    """The partition (file name part) of rows whose document is of ``year``."""
    return UNKNOWN_PART if year is None else str(year)


class PartRuns:
    """The part of each row written so far, as runs of equal parts: rows arrive file by file and
    a file's rows share their year, so this holds a few numbers a run (at most one a file), not a
    reference a row (a national corpus's clauses are millions of rows)."""

    def __init__(self) -> None:
        self.runs: list[list[Any]] = []  # [part, rows]
        self.parts: set[str | None] = set()

    def extend(self, labels: Iterable[str | None]) -> None:
        for label in labels:
            if self.runs and self.runs[-1][0] == label:
                self.runs[-1][1] += 1
            else:
                self.runs.append([label, 1])
                self.parts.add(label)

    def __len__(self) -> int:
        return sum(n for _, n in self.runs)

    def rows(self) -> Iterator[str | None]:
        """Each row's part, in order."""
        for label, n in self.runs:
            yield from itertools.repeat(label, n)


class TableWriter:
    """Rows in, Parquet out, written in row groups so memory stays bounded: one file, split by
    the rows' ``part`` once it grows past ``partition_bytes`` (rows without a part never split)."""

    def __init__(self, path: Path, schema: pa.Schema, partition_bytes: int = DEFAULT_PARTITION_BYTES):
        self.path = path
        self.schema = schema
        self.partition_bytes = partition_bytes
        self.count = 0
        self.batch_rows = batch_rows(schema, DEFAULT_BATCH_ROWS)
        self.tmp: Path | None = self._temp()
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self._batch: list[dict[str, Any]] = []
        self._labels = PartRuns()  # the part of every row of the single file so far, run-length encoded
        self._batch_parts: list[str | None] = []
        self._parts: dict[str, tuple[Path, pq.ParquetWriter | None]] | None = None  # once split

    def _temp(self) -> Path:
        return temporary_beside(self.path)

    def add(self, row: dict[str, Any], part: str | None = None) -> None:
        self._batch.append(row)
        self._batch_parts.append(part)
        if len(self._batch) >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        table = _to_table(self._batch, self.schema, self.schema.names)
        if self._parts is not None:
            self._route(table, self._batch_parts)
        else:
            assert self._writer is not None and self.tmp is not None
            self._writer.write_table(table)
            self._labels.extend(self._batch_parts)
            if (self.partition_bytes and self.tmp.stat().st_size > self.partition_bytes
                    and None not in self._labels.parts and len(self._labels.parts) > 1):
                self._split()
        self.count += len(self._batch)
        self._batch = []
        self._batch_parts = []

    def _split(self) -> None:
        """From one file to one file per part: the rows written so far are read back and routed."""
        assert self._writer is not None and self.tmp is not None
        self._writer.close()
        self._writer = None
        self._parts = {}
        labels = self._labels.rows()
        for batch in pq.ParquetFile(self.tmp).iter_batches(batch_size=self.batch_rows):
            self._route(pa.Table.from_batches([batch], schema=self.schema),
                        list(itertools.islice(labels, batch.num_rows)))
        self.tmp.unlink()
        self.tmp = None
        self._labels = PartRuns()

    def _route(self, table: pa.Table, labels: list[str | None]) -> None:
        assert self._parts is not None
        column = pa.array([UNKNOWN_PART if p is None else p for p in labels], type=pa.string())
        for label in sorted(set(column.to_pylist())):
            if label not in self._parts:
                tmp = self._temp()
                self._parts[label] = (tmp, pq.ParquetWriter(tmp, self.schema, compression="zstd"))
            writer = self._parts[label][1]
            assert writer is not None
            writer.write_table(table.filter(pc.equal(column, label)))

    def close(self) -> None:
        if (self._writer is not None or self._parts is not None) and (self._batch or self.count == 0):
            self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        for label, (tmp, writer) in list((self._parts or {}).items()):
            if writer is not None:
                writer.close()
                self._parts[label] = (tmp, None)  # type: ignore[index]

    def publish(self) -> None:
        """Move the finished file(s) into place: one file by ``os.replace``; year files (or a
        change of layout) by trading the whole folder for a new one."""
        folder = self.path.parent
        if self._parts is None:
            if self.tmp is None:
                return
            if not any(folder.glob("part-*.parquet")):
                publish(self.tmp, self.path)
                self.tmp = None
                return
            files = {self.path.name: self.tmp}
        else:
            files = {f"part-{label}.parquet": tmp for label, (tmp, _w) in self._parts.items()}
        new = folder.parent / f".tmp-{folder.name}-{uuid.uuid4().hex[:8]}"
        new.mkdir()
        for name, tmp in files.items():
            publish(tmp, new / name)
        self.tmp = None
        self._parts = {}
        _swap_folders(new, folder)

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                self.tmp.unlink()
            self.tmp = None
        for tmp, writer in (self._parts or {}).values():
            if writer is not None:
                writer.close()
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._parts = None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _swap_folders(new: Path, folder: Path) -> None:
    """Put folder ``new`` in the place of ``folder`` in one step where the kernel can, then remove
    the old content."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = libc.renameat2(_AT_FDCWD, bytes(new), _AT_FDCWD, bytes(folder), _RENAME_EXCHANGE) == 0
        err = ctypes.get_errno()
    except (OSError, AttributeError):
        done, err = False, errno.ENOSYS
    if done:
        shutil.rmtree(new, ignore_errors=True)  # it holds the old files now
        return
    if err not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        raise OSError(err, f"cannot swap {new} and {folder}: {os.strerror(err)}")
    old = folder.parent / f".old-{folder.name}-{uuid.uuid4().hex[:8]}"
    os.rename(folder, old)
    os.rename(new, folder)
    shutil.rmtree(old, ignore_errors=True)


def _to_table(rows: list[dict[str, Any]], schema: pa.Schema, names: list[str]) -> pa.Table:
    arrays = [pa.array([r.get(n) for r in rows], type=schema.field(n).type) for n in names]
    return pa.Table.from_arrays(arrays, schema=schema)
