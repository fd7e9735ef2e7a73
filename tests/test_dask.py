"""The per-file stage runs unchanged on Dask, the engine national corpora will use."""

from __future__ import annotations

from pathlib import Path

import dask
import dask.bag as db

from extract.file import process_path


def test_per_file_stage_on_a_dask_bag_equals_a_plain_call(shared: Path):
    paths = [str(p) for p in sorted((shared / "seeds").glob("*.txt"))]
    paths.append(str(shared / "fixtures" / "letters" / "yanbian-2022.docx"))
    with dask.config.set(scheduler="processes", num_workers=2):
        results = db.from_sequence(paths, npartitions=2).map(process_path).compute()
    direct = [process_path(p) for p in paths]
    assert [r.source_sha256 for r in results] == [r.source_sha256 for r in direct]
    assert [r.clauses for r in results] == [r.clauses for r in direct]
    assert [r.targets for r in results] == [r.targets for r in direct]
    assert sum(len(r.documents) for r in results) == 11 + 4 + 1


def test_the_dask_example_writes_the_targets_table(tmp_path: Path, shared: Path, repo: Path):
    import subprocess
    import sys

    import pandas as pd

    out = tmp_path / "targets.parquet"
    subprocess.run([sys.executable, str(repo / "examples" / "dask_targets.py"), str(shared / "seeds"), str(out)],
                   check=True, capture_output=True, cwd=tmp_path)
    got = pd.read_parquet(out)
    expected = [t for p in sorted((shared / "seeds").glob("*.txt")) for t in process_path(p).targets]
    assert len(got) == len(expected) > 0
    assert sorted(got.quote) == sorted(t.quote for t in expected)
