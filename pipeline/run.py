"""Run the pipeline over a folder: discover inputs, extract changed files, write tables, diff.

The per-file work (``extract.file.process_bytes``) is a pure function of a file's bytes, run
by an executor (``pipeline.pool``); this module only walks folders, caches, writes and reports
progress.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.file import FileRecords
from pipeline.pool import FileJob, Limits, ProcessPool, run_job
from pipeline.progress import progress_bar
from pipeline.store import Store
from pipeline.tables import record_rows

log = logging.getLogger("mubiao")

IGNORED_NAMES = (".", "_", "~$")
"""Hidden files, our own temporaries and Word lock files (~$name.docx) are not inputs."""


@dataclass(frozen=True)
class RunSettings:
    """What one ``extract`` run does. Validated on creation."""

    raw: Path
    parquet: Path
    reports: Path | None = None
    jobs: int = 0
    """Worker processes; 0 means one per core."""
    force: bool = False
    diff: bool = True
    checks: bool = True
    """Run the checks stage (targets across documents) after the diff."""
    progress: bool = True
    debug: bool = False
    timeout: float = 300.0
    """Seconds one file may take before it is stopped with an error row; 0 means no limit."""
    memory_limit_mb: int = 4096
    """Address space each worker process may use; 0 means no limit."""

    def __post_init__(self) -> None:
        if self.memory_limit_mb < 0:
            raise ValueError(f"memory limit must be 0 (no limit) or more MB, got {self.memory_limit_mb}")
        if self.timeout < 0:
            raise ValueError(f"timeout must be 0 (no limit) or more seconds, got {self.timeout}")
        if self.jobs < 0:
            raise ValueError(f"jobs must be 0 (one per core) or more, got {self.jobs}")
        if not Path(self.raw).is_dir():
            raise FileNotFoundError(f"raw folder {self.raw} does not exist: create it and drop drafts in")

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass
class RunSummary:
    files: int = 0
    unchanged: int = 0
    failed: int = 0
    documents: int = 0
    clauses: int = 0
    targets: int = 0
    tasks: int = 0
    deviations: int = 0
    checks: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error_lines: list[str] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)

    def line(self, out: Path) -> str:
        return (
            f"{self.files} files ({self.unchanged} unchanged, {self.failed} failed), "
            f"{self.documents} documents, {self.clauses} clauses, {self.targets} targets, "
            f"{self.tasks} tasks, {self.deviations} deviations, {self.checks} checks, {self.warnings} warnings "
            f"in {self.seconds:.1f} s -> {out}"
        )


def discover(raw: Path) -> list[Path]:
    """Input files under ``raw``, sorted, relative paths."""
    found = []
    for root, dirs, files in os.walk(raw):
        dirs[:] = sorted(d for d in dirs if not d.startswith(IGNORED_NAMES))
        for name in sorted(files):
            if not name.startswith(IGNORED_NAMES):
                found.append((Path(root) / name).relative_to(raw))
    return found


RETRY_CODES = frozenset({"reader-crashed", "reader-timeout", "reader-out-of-memory"})
"""Errors of a run rather than of a file: such a file is tried again on the next run."""


def run_extract(settings: RunSettings) -> RunSummary:
    """Extract every file under ``settings.raw`` into tables under ``settings.parquet``."""
    t0 = time.perf_counter()
    store = Store(settings.parquet)
    summary = RunSummary()
    with store.lock():
        inputs = discover(settings.raw)
        todo: list[FileJob] = []
        shas: dict[str, str] = {}
        for rel in inputs:
            full = settings.raw / rel
            sha = hashlib.sha256(full.read_bytes()).hexdigest()
            shas[str(rel)] = sha
            if not settings.force and store.has(sha):
                summary.unchanged += 1
            else:
                todo.append(FileJob(str(full), str(rel), sha))
        with progress_bar(len(todo), "extract", "file", settings.progress) as tick:

            pool = ProcessPool(settings.workers, Limits(settings.timeout, settings.memory_limit_mb))
            for rec in pool.results(todo):
                store.put(rec, retry=any(e.code in RETRY_CODES for e in rec.errors))
                tick()
        _write_tables(store, [(str(rel), shas[str(rel)]) for rel in inputs], summary, settings.raw)
        store.prune(set(shas.values()))
        summary.files = len(inputs)
        if settings.diff:
            from pipeline.stages import diff_fingerprint, diff_is_current, mark_diff_current, run_diff_stage

            fingerprint = diff_fingerprint(list(shas.values()), settings.reports)
            if settings.force or not diff_is_current(store, fingerprint, settings.reports):
                run_diff_stage(store, settings.reports, summary, progress=settings.progress)
                mark_diff_current(store, fingerprint)
            else:
                summary.deviations = store.read_table("deviations").num_rows
        if settings.checks:
            from pipeline.stages import (
                checks_fingerprint,
                mark_stage_current,
                run_checks_stage,
                stage_is_current,
            )

            fingerprint = checks_fingerprint(list(shas.values()), settings.reports)
            if settings.force or not stage_is_current(store, "checks", fingerprint):
                run_checks_stage(store, summary)
                mark_stage_current(store, "checks", fingerprint)
            else:
                summary.checks = store.read_table("checks").num_rows
    summary.seconds = time.perf_counter() - t0
    return summary


def _relocate(rec: FileRecords, rel: str) -> FileRecords:
    """A cached file's records under its current path (the file may have been renamed)."""
    if rec.source_path == rel:
        return rec
    return dataclasses.replace(
        rec,
        source_path=rel,
        documents=[dataclasses.replace(d, source_path=rel) for d in rec.documents],
        errors=[dataclasses.replace(e, source_path=rel) for e in rec.errors],
    )


def _error_rows(rec: FileRecords, summary: RunSummary) -> Iterator[dict[str, str]]:
    for err in rec.errors:
        summary.failed += 1
        summary.error_lines.append(err.message)
        yield {"source_path": err.source_path, "stage": err.stage, "level": "error",
               "code": err.code, "message": err.message}
    for warning in rec.warnings:
        if warning.startswith("Traceback"):
            log.debug("%s", warning)  # shown with --debug
            continue
        summary.warnings += 1
        yield {"source_path": rec.source_path, "stage": "read", "level": "warning",
               "code": "warning", "message": f"{rec.source_path}: {warning}"}


def _write_tables(store: Store, inputs: list[tuple[str, str]], summary: RunSummary, raw: Path) -> None:
    """Write every table from the cached records of the current inputs, one file at a time."""
    seen: set[str] = set()
    tables = ("documents", "clauses", "targets", "tasks", "errors")
    with store.writers(tables) as w:
        for rel, sha in inputs:
            rec = store.cached(sha)
            if rec is None:  # an unreadable cache entry: extract the file again
                rec = run_job(FileJob(str(raw / rel), rel))
                store.put(rec, retry=any(e.code in RETRY_CODES for e in rec.errors))
            rec = _relocate(rec, rel)
            for row in _error_rows(rec, summary):
                w["errors"].add(row)
            if sha in seen:  # identical content under a second name: its rows are already in
                continue
            seen.add(sha)
            for table, items in (("documents", rec.documents), ("clauses", rec.clauses),
                                 ("targets", rec.targets), ("tasks", rec.tasks)):
                for row in record_rows(table, items, rec.documents):
                    w[table].add(row)
    summary.documents = w["documents"].count
    summary.clauses = w["clauses"].count
    summary.targets = w["targets"].count
    summary.tasks = w["tasks"].count
