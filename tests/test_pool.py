"""The executor interface: jobs in, each file's records out as it finishes, failures as rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.pool import FileJob, Limits, ProcessPool, run_job

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "001_d53d57b23d33dfae.txt"


def _crash_on_marker(data: bytes, source_path: str, **options: object):
    import os

    from extract.file import process_bytes

    if b"CRASH-ME" in data:
        os._exit(1)
    return process_bytes(data, source_path, **options)  # type: ignore[arg-type]


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


def test_each_ocrd_page_extends_the_files_time(monkeypatch):
    import pipeline.pool
    from extract.file import process_bytes

    def scan(data: bytes, source_path: str, ocr=None, source=None):
        for page in (1, 2):
            ocr.on_page(page, 2)  # what the PDF reader calls before OCR'ing a page
            time.sleep(0.4)
        if source_path == "endless.txt":
            time.sleep(10)
        return process_bytes(data, source_path)

    monkeypatch.setattr(pipeline.pool, "process_bytes", scan)
    monkeypatch.setattr(pipeline.pool, "DEFAULT_OCR_PAGE_SECONDS", 2.0)
    pages: list[tuple[str, int, int]] = []
    rec = run_job(FileJob(str(SEED), "scan.txt"), Limits(timeout=0.3), on_page=lambda *a: pages.append(a))
    assert not rec.errors and rec.documents  # 0.8 s of OCR within 0.3 s + 2 pages x 2 s
    assert pages == [("scan.txt", 1, 2), ("scan.txt", 2, 2)]
    rec = run_job(FileJob(str(SEED), "endless.txt"), Limits(timeout=0.3))
    assert [e.code for e in rec.errors] == ["reader-timeout"]
    assert "reading stopped after 4.3 s (2 page(s) OCR'd)" in rec.errors[0].message


def test_run_job_names_the_timeout_it_enforced(tmp_path, monkeypatch):
    import pipeline.pool

    def slow(data: bytes, source_path: str, **options: object):
        while True:
            pass

    monkeypatch.setattr(pipeline.pool, "process_bytes", slow)
    rec = run_job(FileJob(str(SEED), "slow.txt", sha256="ab" * 32), Limits(timeout=0.2))
    assert [e.code for e in rec.errors] == ["reader-timeout"]
    assert rec.errors[0].message.startswith("slow.txt: reading stopped after 0.2 s")
    assert rec.source_sha256 == "ab" * 32  # the hash the caller saw: the file is not read again


def test_a_consumer_that_stops_early_does_not_wait_for_the_files_in_flight(tmp_path, monkeypatch):
    import pipeline.pool

    def slow_unless_first(data: bytes, source_path: str, **options: object):
        from extract.file import process_bytes

        if source_path != "0.txt":
            time.sleep(60)
        return process_bytes(data, source_path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.pool, "process_bytes", slow_unless_first)
    jobs = [FileJob(str(SEED), f"{i}.txt") for i in range(4)]
    t0 = time.monotonic()
    results = ProcessPool(2).results(jobs)
    first = next(results)
    results.close()
    assert first.source_path == "0.txt"
    assert time.monotonic() - t0 < 30


def _two_page_scan(data: bytes, source_path: str, ocr=None, source=None):
    from extract.file import process_bytes

    for page in (1, 2):
        ocr.on_page(page, 2)
    time.sleep(1.5)  # the parent drains the page events while the file is still running
    return process_bytes(data, source_path)


def test_workers_page_events_reach_the_run(monkeypatch):
    import pipeline.pool

    monkeypatch.setattr(pipeline.pool, "process_bytes", _two_page_scan)  # workers are forked
    pages: list[tuple[str, int, int]] = []
    jobs = [FileJob(str(SEED), "a.txt"), FileJob(str(SEED), "b.txt")]
    got = list(ProcessPool(2, Limits(timeout=30), on_page=lambda *a: pages.append(a)).results(jobs))
    assert len(got) == 2 and all(r.documents for r in got)
    assert sorted(pages) == [("a.txt", 1, 2), ("a.txt", 2, 2), ("b.txt", 1, 2), ("b.txt", 2, 2)]
