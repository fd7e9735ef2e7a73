"""Run the pipeline over a folder: discover inputs, extract changed files, write tables, diff.

The per-file work (``extract.file.process_bytes``) is a pure function of a file's bytes, run
by an executor (``pipeline.pool``); this module only walks folders, caches, writes and reports
progress.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import math
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.file import FileError, FileRecords
from extract.readers.ocr import OCR_MODES, OcrSettings
from pipeline.errors import UsageError
from pipeline.inputs import DEFAULT_MAX_FILE_MB, INPUT_CODES, Entry, scan
from pipeline.manifest import MANIFEST_CODE, MANIFEST_NAME, Manifest, read_manifest
from pipeline.pool import Executor, FileJob, Limits, ProcessPool, check_memory_limit
from pipeline.progress import page_progress, progress_bar
from pipeline.store import Store, part_of
from pipeline.tables import record_rows

log = logging.getLogger("mubiao")

@dataclass(frozen=True)
class RunSettings:
    """What one ``extract`` run does. Validated on creation: a ``UsageError`` names the option."""

    raw: Path
    parquet: Path
    reports: Path | None = None
    jobs: int = 0
    """Worker processes; 0 means one per core. Never more than the cores or the files to read."""
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
    max_file_mb: int = DEFAULT_MAX_FILE_MB
    """Largest input file read; a larger one is an error row without being read. 0 means no limit."""
    ocr: str = "auto"
    """auto: OCR scanned pages (no usable text layer) and image files; off: never; force: every page."""
    scheduler: str | None = None
    """Run the per-file and diff stages on a dask.distributed cluster: its scheduler's address
    (tcp://HOST:8786) or local:N for a cluster of N processes here; None runs them in ``jobs``
    local processes."""
    shared_path: bool = False
    """With ``scheduler``: workers read each file at its path (the raw folder is mounted at the
    same path on every worker) instead of being sent its bytes."""

    def __post_init__(self) -> None:
        if self.ocr not in OCR_MODES:
            raise UsageError(f"--ocr must be one of {', '.join(OCR_MODES)}, got {self.ocr!r}")
        if not math.isfinite(self.timeout) or self.timeout < 0:
            raise UsageError(f"--timeout must be 0 (no limit) or a number of seconds, got {self.timeout:g}")
        if self.jobs < 0:
            raise UsageError(f"--jobs must be 0 (one per core) or more, got {self.jobs}")
        if self.max_file_mb < 0:
            raise UsageError(f"--max-file-size must be 0 (no limit) or more MB, got {self.max_file_mb}")
        if self.memory_limit_mb < 0:
            raise UsageError(f"--memory-limit must be 0 (no limit) or more MB, got {self.memory_limit_mb}")
        if self.scheduler is not None:
            from pipeline.cluster import parse_scheduler

            parse_scheduler(self.scheduler)
        raw = Path(self.raw)
        if not raw.is_dir() and not raw.is_file():  # one draft file is an input folder of one
            what = "is not a file or a folder" if raw.exists() else "does not exist"
            raise UsageError(f"raw folder {raw} {what}: create it and drop drafts in (or name one draft file)")
        for option, out in (("--parquet", self.parquet), ("--reports", self.reports)):
            if out is None:
                continue
            if Path(out).exists() and not Path(out).is_dir():
                raise UsageError(f"{option} {out} is a file, not a folder: give a folder for the output")
            if _inside(Path(out), raw):
                raise UsageError(f"{option} {out} is inside the raw folder {raw}: the next run would read its "
                                 f"own output as drafts; put it outside {raw}")

    @property
    def workers(self) -> int:
        return self.jobs or _cores()

    @property
    def limits(self) -> Limits:
        return Limits(self.timeout, self.memory_limit_mb, self.max_file_mb * 1024 * 1024, self.ocr_settings())

    def ocr_settings(self) -> OcrSettings:
        """OCR as the workers run it: cached under the output folder, onnxruntime's threads
        shared out so that the workers together use about one thread per core."""
        threads = max(1, _cores() // max(1, min(self.workers, _cores())))
        return OcrSettings(mode=self.ocr, cache_dir=Path(self.parquet) / "_cache" / "ocr",  # type: ignore[arg-type]
                           threads=threads)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or below it (links resolved, the path need not exist)."""
    p, f = path.resolve(), folder.resolve()
    return p == f or f in p.parents


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
    warning_lines: list[str] = field(default_factory=list)
    """Warnings the person running should see now (skipped entries); the rest are rows only."""
    report: Path | None = None
    """The report's index page, once written."""
    report_files: int = 0
    """Files the report has (listed in its folder's ``.report-files``; not held here: a national
    corpus's report is two files a letter)."""

    def line(self, out: Path) -> str:
        return (
            f"{self.files} files ({self.unchanged} unchanged, {self.failed} failed), "
            f"{self.documents} documents, {self.clauses} clauses, {self.targets} targets, "
            f"{self.tasks} tasks, {self.deviations} deviations, {self.checks} checks, {self.warnings} warnings "
            f"in {self.seconds:.1f} s -> {out}"
        )


RETRY_CODES = frozenset({"reader-crashed", "reader-timeout", "reader-out-of-memory"}) | INPUT_CODES
"""Errors of a run rather than of a file: such a file is tried again on the next run."""


def run_extract(settings: RunSettings) -> RunSummary:
    """Extract every file under ``settings.raw`` into tables under ``settings.parquet``.

    Raises ``EnvironmentFault`` (or ``OSError`` while writing) when the run cannot finish; the
    tables of the last finished run are then left as they were.
    """
    t0 = time.perf_counter()
    store = Store(settings.parquet, variant="" if settings.ocr == "auto" else f"ocr-{settings.ocr}")
    summary = RunSummary()
    with store.lock(), contextlib.ExitStack() as stack:
        entries, manifest = _with_manifest(settings.raw, scan(settings.raw, settings.limits.max_bytes))
        keys: dict[str, str] = {}  # name -> cache key of its records
        readers: dict[str, list[str]] = {}  # name of a file to read -> names holding the same bytes
        reader_of: dict[str, str] = {}  # cache key -> name of the file read for it
        todo: list[FileJob] = []
        for entry in entries:
            if entry.records is not None:
                continue
            key = keys[entry.name] = store.key(entry.sha256, entry.name, manifest.get(entry.name))
            if not settings.force and store.has(key):
                summary.unchanged += 1
                continue
            first = reader_of.setdefault(key, entry.name)
            if first == entry.name:
                readers[entry.name] = [entry.name]
                todo.append(FileJob(entry.path, entry.name, entry.sha256, manifest.get(entry.name)))
            else:
                readers[first].append(entry.name)  # identical bytes, same reader: read once
        if todo:
            check_memory_limit(settings.memory_limit_mb)  # before a file is blamed for a limit too low
        executor = _executor(settings, len(todo))
        diff_map = None
        if settings.scheduler is not None and (todo or _diff_due(settings, store, keys)):
            from pipeline.cluster import DaskExecutor, connect

            announce = functools.partial(print, file=sys.stderr) if settings.progress else None
            client = stack.enter_context(connect(settings.scheduler, settings.limits, announce))
            executor = dask = DaskExecutor(client, settings.limits, settings.shared_path)
            diff_map = dask.diff_families
        with progress_bar(len(todo), "extract", "file", settings.progress) as tick, \
                page_progress("ocr", settings.progress) as on_page:
            if isinstance(executor, ProcessPool):
                executor.on_page = on_page
            again: list[FileJob] = []
            for rec in executor.results(todo):
                key = store.put(rec, retry=any(e.code in RETRY_CODES for e in rec.errors),
                                source=manifest.get(rec.source_path))
                tick()
                for name in readers[rec.source_path]:
                    if name == rec.source_path or key == keys[name]:
                        keys[name] = key
                    else:  # the file changed after it was hashed: its twins still hold the old bytes
                        entry = next(e for e in entries if e.name == name)
                        again.append(FileJob(entry.path, entry.name, entry.sha256, manifest.get(entry.name)))
            for rec in executor.results(again):
                keys[rec.source_path] = store.put(rec, retry=any(e.code in RETRY_CODES for e in rec.errors),
                                                  source=manifest.get(rec.source_path))
        _write_tables(store, entries, keys, summary, executor, manifest)
        store.prune(set(keys.values()))
        summary.files = len(entries)
        from pipeline.stages import checks_fingerprint, diff_fingerprint

        # What the later stages' outputs depend on, taken now: the inputs' keys are not held past here.
        diff_print = diff_fingerprint(list(keys.values()), settings.reports)
        checks_print = checks_fingerprint(diff_print)
        read_any = bool(todo)
        # The per-file bookkeeping (a few hundred bytes a file) is not needed by the stages after:
        # freed here, its memory serves them rather than adding to their peak.
        del entries, keys, readers, reader_of, todo, again
        # A file read again under the same key (retried after a crash, a timeout or a lost worker)
        # may now give records: the stages after extraction run again whenever any file was read.
        refresh = settings.force or read_any
        if settings.checks:
            from pipeline.stages import mark_stage_current, run_checks_stage, stage_is_current

            fingerprint = checks_print
            if refresh or not stage_is_current(store, "checks", fingerprint):
                run_checks_stage(store, summary)
                mark_stage_current(store, "checks", fingerprint)
            else:
                summary.checks = store.read_table("checks").num_rows
        if settings.diff:
            from pipeline.stages import diff_is_current, mark_diff_current, run_diff_stage

            fingerprint = diff_print
            if refresh or not diff_is_current(store, fingerprint, settings.reports):
                if not run_diff_stage(store, settings.reports, summary, progress=settings.progress,
                                      diff_map=diff_map):
                    mark_diff_current(store, fingerprint)  # a failed family is diffed again next run
            else:
                summary.deviations = store.read_table("deviations").num_rows
    summary.seconds = time.perf_counter() - t0
    return summary


def _with_manifest(raw: Path, entries: list[Entry]) -> tuple[list[Entry], Manifest]:
    """The raw folder's entries without its crawl log (``sources.jsonl``, ``pipeline.manifest``),
    and the log read; each line of it that cannot be used is an error row of the log."""
    path = Path(raw) / MANIFEST_NAME
    if not Path(raw).is_dir() or not any(e.name == MANIFEST_NAME for e in entries):
        return entries, Manifest()
    manifest = read_manifest(path) if path.is_file() else Manifest()
    rest = [e for e in entries if e.name != MANIFEST_NAME]
    if not path.is_file():  # a pipe or a link to nowhere under the log's name: its own error row
        return rest + [e for e in entries if e.name == MANIFEST_NAME], manifest
    if manifest.problems:
        rec = FileRecords(source_path=MANIFEST_NAME, source_sha256="",
                          errors=[FileError(MANIFEST_NAME, "read", MANIFEST_CODE, p) for p in manifest.problems])
        rest.append(Entry(str(path), MANIFEST_NAME, records=rec))
    return rest, manifest


def _diff_due(settings: RunSettings, store: Store, keys: dict[str, str]) -> bool:
    """Whether this run's diff stage will run (a cluster is only started when there is work)."""
    from pipeline.stages import diff_fingerprint, diff_is_current

    fingerprint = diff_fingerprint(list(keys.values()), settings.reports)
    return settings.diff and (settings.force or not diff_is_current(store, fingerprint, settings.reports))


def _executor(settings: RunSettings, files: int) -> Executor:
    """Worker processes: as many as asked, but never more than the cores or the files to read."""
    cores = _cores()
    if settings.jobs > cores:
        log.warning("--jobs %d is more than the %d cores here; using %d", settings.jobs, cores, cores)
    return ProcessPool(max(1, min(settings.workers, cores, files)), settings.limits)


def _relocate(rec: FileRecords, rel: str) -> FileRecords:
    """A cached file's records under its current name (the file may have been renamed, or its
    bytes read under another name): rows and messages name this file."""
    if rec.source_path == rel:
        return rec
    old = f"{rec.source_path}: "
    return dataclasses.replace(
        rec,
        source_path=rel,
        documents=[dataclasses.replace(d, source_path=rel) for d in rec.documents],
        errors=[dataclasses.replace(e, source_path=rel, message=f"{rel}: {e.message[len(old):]}"
                                    if e.message.startswith(old) else e.message) for e in rec.errors],
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
        code = "skipped" if warning.startswith("skipped:") else "warning"
        if code == "skipped":
            summary.warning_lines.append(f"{rec.source_path}: {warning}")
        yield {"source_path": rec.source_path, "stage": "read", "level": "warning",
               "code": code, "message": f"{rec.source_path}: {warning}"}


def _write_tables(store: Store, entries: list[Entry], keys: dict[str, str], summary: RunSummary,
                  executor: Executor, manifest: Manifest | None = None) -> None:
    """Write every table from the cached records of the current inputs, one file at a time.

    Rows are keyed by the bytes each file was read from: identical bytes under two names land
    once (their doc_ids would clash), each name keeps its own error rows.
    """
    seen: set[str] = set()
    tables = ("documents", "clauses", "targets", "tasks", "ocr_lines", "errors")
    with store.writers(tables) as w:
        for entry in entries:
            rec = entry.records
            if rec is None:
                rec = store.cached(keys[entry.name])
                if rec is None:  # an unreadable cache entry: read the file again, in a worker with limits
                    source = manifest.get(entry.name) if manifest else None
                    [rec] = list(executor.results([FileJob(entry.path, entry.name, entry.sha256, source)]))
                    keys[entry.name] = store.put(rec, retry=any(e.code in RETRY_CODES for e in rec.errors),
                                                 source=source)
                rec = _relocate(rec, entry.name)
            for row in _error_rows(rec, summary):
                w["errors"].add(row)
            if rec.source_sha256 in seen:  # identical content under a second name: its rows are already in
                continue
            seen.add(rec.source_sha256)
            years = {d.doc_id: part_of(d.year) for d in rec.documents}  # a large table splits by year
            for table, items in (("documents", rec.documents), ("clauses", rec.clauses),
                                 ("targets", rec.targets), ("tasks", rec.tasks),
                                 ("ocr_lines", getattr(rec, "ocr_lines", []))):
                for row in record_rows(table, items, rec.documents):
                    w[table].add(row, years.get(row["doc_id"]))
    summary.documents = w["documents"].count
    summary.clauses = w["clauses"].count
    summary.targets = w["targets"].count
    summary.tasks = w["tasks"].count
