"""``extract --scheduler``: the per-file and diff stages on a dask.distributed cluster give the
tables a local run gives, and a worker that dies costs only its own files."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import dask
import pyarrow.parquet as pq
import pytest

from pipeline.cluster import parse_scheduler
from pipeline.errors import UsageError
from pipeline.run import RETRY_CODES, RunSettings, run_extract
from tools.synth import synth_family

distributed = pytest.importorskip("distributed")

SHARED = Path(__file__).resolve().parents[2] / "shared"
TABLES = ("documents", "clauses", "targets", "tasks", "errors", "deviations", "values", "checks")


def _settings(raw: Path, out: Path, **kw: object) -> RunSettings:
    return RunSettings(raw=raw, parquet=out / "parquet", reports=out / "reports", jobs=2, progress=False, **kw)


def _files(out: Path) -> dict[str, bytes]:
    return {t: (out / "parquet" / t / "data.parquet").read_bytes() for t in TABLES}


@pytest.mark.parametrize("spec, parsed", [
    ("local:2", ("local", 2)), ("local", ("local", 2)), ("tcp://10.0.0.5:8786", ("address", "tcp://10.0.0.5:8786")),
])
def test_scheduler_spellings(spec, parsed):
    assert parse_scheduler(spec) == parsed


@pytest.mark.parametrize("spec", ["local:0", "local:x", "10.0.0.5:8786"])
def test_a_bad_scheduler_is_a_usage_error_naming_the_form(spec):
    with pytest.raises(UsageError, match="local:N|tcp://"):
        parse_scheduler(spec)


@pytest.mark.slow
def test_extract_on_a_local_cluster_writes_the_local_run_tables_bit_for_bit(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SHARED / "fixtures", raw / "fixtures", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(SHARED / "seeds", raw / "seeds")
    local = run_extract(_settings(raw, tmp_path / "local"))
    cluster = run_extract(_settings(raw, tmp_path / "cluster", scheduler="local:2"))
    assert (cluster.files, cluster.failed, cluster.documents, cluster.deviations) == \
        (local.files, local.failed, local.documents, local.deviations)
    assert local.failed > 0 and local.deviations > 0  # the bad fixtures and the seed family are in
    assert _files(tmp_path / "cluster") == _files(tmp_path / "local")
    pages = sorted(p.relative_to(tmp_path / "local" / "reports") for p in (tmp_path / "local" / "reports").rglob("*"))
    assert pages == sorted(p.relative_to(tmp_path / "cluster" / "reports")
                           for p in (tmp_path / "cluster" / "reports").rglob("*"))


@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_only_its_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    fam = synth_family(160, seed=7)
    for i, (_, text) in enumerate(fam.letters):
        (raw / f"letter-{i:03d}.txt").write_text(text, encoding="utf-8")
    # No second chance on the scheduler: a file running on the killed worker comes back as an
    # error row (the harder case; with retries allowed the scheduler re-runs it elsewhere).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        victim = min(pids.values())
        cache = tmp_path / "killed" / "parquet" / "_cache"

        def kill_when_under_way() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if cache.exists() and len(list(cache.glob("*.pkl"))) >= 20:
                    os.kill(victim, signal.SIGKILL)
                    return
                time.sleep(0.01)

        killer = threading.Thread(target=kill_when_under_way)
        killer.start()
        first = run_extract(_settings(raw, tmp_path / "killed", scheduler=cluster.scheduler_address))
        killer.join()
        errors = pq.read_table(tmp_path / "killed" / "parquet" / "errors" / "data.parquet").to_pylist()
        docs = pq.read_table(tmp_path / "killed" / "parquet" / "documents" / "data.parquet").to_pylist()
        lost = {e["source_path"] for e in errors if e["level"] == "error"}
        assert victim not in client.run(os.getpid).values()  # the worker really died mid-run
        assert first.files == 160
        assert {e["code"] for e in errors if e["level"] == "error"} <= RETRY_CODES
        # The files in flight on the dead worker are error rows (or re-run elsewhere, when their
        # results were already done); no other file is missing.
        assert len(lost) <= 4
        assert {d["source_path"] for d in docs} == {f"letter-{i:03d}.txt" for i in range(160)} - lost
        second = run_extract(_settings(raw, tmp_path / "killed", scheduler=cluster.scheduler_address))
    assert (second.unchanged, second.failed) == (160 - len(lost), 0)  # only the lost files are read again
    local = run_extract(_settings(raw, tmp_path / "local"))
    assert local.failed == 0
    assert _files(tmp_path / "killed") == _files(tmp_path / "local")
