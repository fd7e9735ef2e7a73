"""Incremental runs, crash safety and concurrent runs of the extract stage."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from places import SHARED

import extract.file
from pipeline.run import RunSettings, run_extract

REPO = Path(__file__).resolve().parents[1]
TABLES = ("documents", "clauses", "targets", "tasks", "errors")


def raw_with(tmp: Path, *names: str) -> Path:
    raw = tmp / "raw"
    raw.mkdir(exist_ok=True)
    for name in names:
        src = SHARED / name
        shutil.copy(src, raw / src.name)
    return raw


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    """Tables in a canonical row order, for comparing two runs."""
    snap = {}
    for name in TABLES:
        df = pd.read_parquet(out / name)
        df = df.astype({c: "string" for c in df.columns if df[c].dtype == object})
        snap[name] = df.sort_values(list(df.columns[:3])).reset_index(drop=True)
    return snap


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)


def settings(raw: Path, out: Path, **kw) -> RunSettings:
    return RunSettings(raw=raw, parquet=out, diff=False, progress=False, jobs=1, **kw)


LETTERS = ("seeds/004_a824368dc8330a74.txt", "seeds/002_91f3e9aafd5d23ca.txt",
           "fixtures/letters/baicheng-2022.docx", "fixtures/letters/tonghua-2022.pdf")


def test_unchanged_files_are_skipped_and_removed_files_disappear(tmp_path):
    raw = raw_with(tmp_path, *LETTERS)
    out = tmp_path / "out"
    first = run_extract(settings(raw, out))
    assert (first.files, first.unchanged) == (4, 0)
    before = snapshot(out)
    second = run_extract(settings(raw, out))
    assert (second.files, second.unchanged) == (4, 4)
    assert_same(before, snapshot(out))

    (raw / "tonghua-2022.pdf").unlink()
    third = run_extract(settings(raw, out))
    assert third.files == 3
    docs = pd.read_parquet(out / "documents")
    assert "tonghua-2022.pdf" not in set(docs.source_path)
    clauses = pd.read_parquet(out / "clauses")
    assert set(clauses.doc_id) <= set(docs.doc_id)


def test_changed_file_is_extracted_again(tmp_path):
    raw = raw_with(tmp_path, LETTERS[0], LETTERS[1])
    out = tmp_path / "out"
    run_extract(settings(raw, out))
    path = raw / Path(LETTERS[0]).name
    path.write_text(path.read_text(encoding="utf-8").replace("93%", "94%"), encoding="utf-8")
    again = run_extract(settings(raw, out))
    assert again.unchanged == 1
    targets = pd.read_parquet(out / "targets")
    assert 94.0 in set(targets.value) and 93.0 not in set(targets.value)


def test_new_extractor_version_extracts_again(tmp_path, monkeypatch):
    raw = raw_with(tmp_path, LETTERS[0])
    out = tmp_path / "out"
    run_extract(settings(raw, out))
    monkeypatch.setattr(extract.file, "EXTRACTOR_VERSION", "test-next")
    monkeypatch.setattr("pipeline.store.EXTRACTOR_VERSION", "test-next")
    again = run_extract(settings(raw, out))
    assert again.unchanged == 0
    assert [p.name.endswith("-vtest-next.pkl") for p in (out / "_cache").glob("*.pkl")] == [True]


def test_force_extracts_everything(tmp_path):
    raw = raw_with(tmp_path, *LETTERS[:2])
    out = tmp_path / "out"
    run_extract(settings(raw, out))
    assert run_extract(settings(raw, out, force=True)).unchanged == 0


def _cli(raw: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--parquet", str(out),
            "--no-diff", "--no-progress", "--jobs", "1"]


@pytest.mark.slow
def test_sigkill_part_way_then_rerun_equals_a_clean_run(tmp_path):
    names = [f"fixtures/letters/{c}-2022.{ext}" for c in ("changchun", "jilin", "siping", "liaoyuan", "tonghua")
             for ext in ("pdf", "docx")] + ["fixtures/bundle/jilin-2022-bundle.pdf", "seeds/000_da25c240dbbbbbaf.txt"]
    raw = raw_with(tmp_path, *names)
    clean = tmp_path / "clean"
    run_extract(settings(raw, clean))
    expected = snapshot(clean)

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for wait_for in (1, 4):  # kill after the first cached file, then later in a second run
        proc = subprocess.Popen(_cli(raw, out), cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            cache = out / "_cache"
            if cache.exists() and len(list(cache.glob("*.pkl"))) >= wait_for:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Whatever is visible now must load completely.
        for name in TABLES:
            if (out / name / "data.parquet").exists():
                pd.read_parquet(out / name)
    code = subprocess.run(_cli(raw, out), cwd=REPO, env=env, capture_output=True, check=False).returncode
    assert code == 0
    assert_same(expected, snapshot(out))
    assert not list(out.glob("**/.tmp-*"))


@pytest.mark.slow
def test_concurrent_runs_are_safe(tmp_path):
    raw = raw_with(tmp_path, *LETTERS)
    clean = tmp_path / "clean"
    run_extract(settings(raw, clean))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen(_cli(raw, out), cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for _ in range(3)]
    assert [p.wait() for p in procs] == [0, 0, 0]
    assert_same(snapshot(clean), snapshot(out))


def test_any_edit_to_the_extractor_changes_its_version(tmp_path):
    import extract
    from extract.file import code_fingerprint

    package = Path(extract.__file__).parent
    copy = tmp_path / "extract"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_fingerprint(copy) == code_fingerprint(package)
    toml = copy / "data" / "indicators.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# a new synonym\n", encoding="utf-8")
    assert code_fingerprint(copy) != code_fingerprint(package)
