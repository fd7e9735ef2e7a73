"""Snapshot every output table over every known input, to compare two versions of the code.

``python -m tools.snapshot OUT`` runs the whole pipeline (extract, diff) once per input set and
writes each table as canonical JSONL: one row per line, keys sorted, rows sorted, the temporary
folder's path replaced by ``<raw>``. ``python -m tools.snapshot --compare OLD NEW`` lists the rows
that differ, per set and table, and exits 1 when any does.

Input sets: the seeds, each fixture folder (letters, bundle, tables, encodings, docx-features,
bad), the samples in data/raw, the unseen drafts under tests/fixtures and the real pages of
other provinces. A set is one run, as a user would drop that folder into ``data/raw``.

Typical use, to show a refactoring changes no output::

    git worktree add /tmp/base <commit>
    PYTHONPATH=/tmp/base python -m tools.snapshot /tmp/snap-before   # the old code
    python -m tools.snapshot /tmp/snap-after                          # the new code
    python -m tools.snapshot --compare /tmp/snap-before /tmp/snap-after
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
INPUT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc")


def _tables() -> list[str]:
    from pipeline.schema import TABLES

    return list(TABLES)


def input_sets() -> dict[str, Path]:
    """Name -> folder of every input set the snapshot covers."""
    sets = {"seeds": SHARED / "seeds"}
    for sub in ("letters", "bundle", "tables", "encodings", "docx-features", "bad"):
        sets[f"fixtures-{sub}"] = SHARED / "fixtures" / sub
    sets["samples"] = REPO / "data" / "raw"
    sets["unseen-targets"] = REPO / "tests" / "fixtures" / "targets" / "unseen"
    sets["unseen-family-2024"] = REPO / "tests" / "fixtures" / "diff" / "unseen_family_2024"
    sets["realdocs"] = SHARED / "realdocs" / "docs"
    return sets


def _canonical(value: Any, raw: str) -> Any:
    if isinstance(value, str):
        return value.replace(raw, "<raw>")
    if isinstance(value, list):
        return [_canonical(v, raw) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v, raw) for k, v in value.items()}
    return value


def _run_set(folder: Path, out: Path, jobs: int) -> None:
    import pyarrow.parquet as pq

    from pipeline.run import RunSettings, run_extract

    with tempfile.TemporaryDirectory(prefix="snapshot-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for f in sorted(folder.iterdir()):
            if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES:
                shutil.copy2(f, raw / f.name)
        parquet = Path(tmp) / "parquet"
        run_extract(RunSettings(raw=raw, parquet=parquet, reports=Path(tmp) / "reports", jobs=jobs,
                                force=True, progress=False))
        out.mkdir(parents=True, exist_ok=True)
        for table in _tables():
            path = parquet / table / "data.parquet"
            rows = pq.read_table(path).to_pylist() if path.exists() else []
            lines = sorted(json.dumps(_canonical(r, str(raw)), ensure_ascii=False, sort_keys=True) for r in rows)
            (out / f"{table}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def take(out: Path, jobs: int, only: list[str] | None = None) -> None:
    """Run every input set and write its tables under ``out/<set>/<table>.jsonl``."""
    for name, folder in input_sets().items():
        if only and name not in only:
            continue
        _run_set(folder, out / name, jobs)
        print(f"{name}: " + ", ".join(
            f"{t} {len((out / name / f'{t}.jsonl').read_text(encoding='utf-8').splitlines())}" for t in _tables()))


def differences(old: Path, new: Path) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """(set, table, rows only in old, rows only in new) for every table that differs."""
    for name in input_sets():
        for table in sorted({p.stem for p in (old / name).glob("*.jsonl")} | {p.stem for p in (new / name).glob("*.jsonl")}):
            a, b = old / name / f"{table}.jsonl", new / name / f"{table}.jsonl"
            rows_a = a.read_text(encoding="utf-8").splitlines() if a.exists() else []
            rows_b = b.read_text(encoding="utf-8").splitlines() if b.exists() else []
            if rows_a != rows_b:
                set_b = set(rows_b)
                set_a = set(rows_a)
                yield name, table, [r for r in rows_a if r not in set_b], [r for r in rows_b if r not in set_a]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.snapshot", description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, nargs="?", help="folder to write the snapshot to")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"), help="list rows that differ")
    p.add_argument("--jobs", type=int, default=1, help="worker processes per run (default: %(default)s)")
    p.add_argument("--only", action="append", help="only this input set (repeatable)")
    p.add_argument("--width", type=int, default=400, help="cut rows shown by --compare to this many characters, 0: whole")
    args = p.parse_args(argv)
    if args.compare:
        found = False
        for name, table, gone, added in differences(*args.compare):
            found = True
            print(f"== {name}/{table}: {len(gone)} rows before only, {len(added)} after only")
            for sign, rows in (("-", gone), ("+", added)):
                for row in rows:
                    print(f"{sign} {row[:args.width] if args.width else row}")
        if not found:
            print("identical")
        return 1 if found else 0
    if args.out is None:
        p.error("give OUT or --compare OLD NEW")
    take(args.out, args.jobs, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
