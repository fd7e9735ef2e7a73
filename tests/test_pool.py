"""The executor interface: jobs in, each file's records out as it finishes, failures as rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.pool import FileJob, Limits, ProcessPool, run_job

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "001_d53d57b23d33dfae.txt"


def _crash_on_marker(data: bytes, source_path: str):
    import os

    from extract.file import process_bytes

    if b"CRASH-ME" in data:
        os._exit(1)
    return process_bytes(data, source_path)


@pytest.mark.parametrize("workers", [1, 2])
def test_every_job_comes_back_once_and_a_dead_worker_is_an_error_row(tmp_path, monkeypatch, workers):
    import pipeline.pool

    monkeypatch.setattr(pipeline.pool, "process_bytes", _crash_on_marker)  # workers are forked
    (tmp_path / "bad.txt").write_bytes(b"CRASH-ME")
    jobs = [FileJob(str(SEED), "good.txt"), FileJob(str(tmp_path / "bad.txt"), "bad.txt"),
            FileJob(str(tmp_path / "missing.txt"), "missing.txt")]
    got = {rec.source_path: rec for rec in ProcessPool(workers, Limits(timeout=30)).results(jobs)}
    assert sorted(got) == ["bad.txt", "good.txt", "missing.txt"]
    assert got["good.txt"].documents and not got["good.txt"].errors
    assert [e.code for e in got["bad.txt"].errors] == ["reader-crashed"]
    assert [e.code for e in got["missing.txt"].errors] == ["vanished"]


def test_run_job_names_the_timeout_it_enforced(tmp_path, monkeypatch):
    import pipeline.pool

    def slow(data: bytes, source_path: str):
        while True:
            pass

    monkeypatch.setattr(pipeline.pool, "process_bytes", slow)
    rec = run_job(FileJob(str(SEED), "slow.txt", sha256="ab" * 32), Limits(timeout=0.2))
    assert [e.code for e in rec.errors] == ["reader-timeout"]
    assert rec.errors[0].message.startswith("slow.txt: reading stopped after 0.2 s")
    assert rec.source_sha256 == "ab" * 32  # the hash the caller saw: the file is not read again


def test_a_consumer_that_stops_early_does_not_wait_for_the_files_in_flight(tmp_path, monkeypatch):
    import time

    import pipeline.pool

    def slow_unless_first(data: bytes, source_path: str):
        from extract.file import process_bytes

        if source_path != "0.txt":
            time.sleep(60)
        return process_bytes(data, source_path)

    monkeypatch.setattr(pipeline.pool, "process_bytes", slow_unless_first)
    jobs = [FileJob(str(SEED), f"{i}.txt") for i in range(4)]
    t0 = time.monotonic()
    results = ProcessPool(2).results(jobs)
    first = next(results)
    results.close()
    assert first.source_path == "0.txt"
    assert time.monotonic() - t0 < 30
