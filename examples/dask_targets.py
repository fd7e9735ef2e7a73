"""The per-file stage on Dask: every draft under a folder to one targets Parquet file.

The per-file stage (``extract.file.process_path``) is a pure function of a file's bytes, so it
maps over a Dask bag unchanged; on a cluster, point a ``dask.distributed.Client`` at the
scheduler first and the same code runs there.

    .venv/bin/python examples/dask_targets.py [data/raw] [targets.parquet]
"""

from __future__ import annotations

import sys
from pathlib import Path

import dask.bag as db
import pyarrow as pa
import pyarrow.parquet as pq

from extract.file import process_path
from pipeline.schema import schema
from pipeline.tables import record_rows


def target_rows(rec):  # one file's records -> rows of the public `targets` schema
    return list(record_rows("targets", rec.targets, rec.documents))


def main(raw: Path, out: Path) -> int:
    paths = sorted(str(p) for p in raw.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))
    records = db.from_sequence(paths, npartitions=max(1, min(len(paths), 64))).map(process_path)
    rows = records.map(target_rows).flatten().compute()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema("targets")), out)
    print(f"{len(paths)} files -> {len(rows)} targets in {out}")
    return 0


if __name__ == "__main__":  # Dask's process workers re-import this module
    args = sys.argv[1:]
    sys.exit(main(Path(args[0] if args else "data/raw"), Path(args[1] if len(args) > 1 else "targets.parquet")))
