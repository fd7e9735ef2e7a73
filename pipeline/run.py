"""Run the pipeline over a folder: discover inputs, extract changed files, write tables, diff.

The per-file work (``extract.file.process_bytes``) is a pure function of a file's bytes, run
in a process pool; this module only walks folders, caches, writes and reports progress.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import functools
import hashlib
import logging
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from extract.file import FileError, FileRecords, process_bytes
from extract.indicators import load_dictionary
from pipeline.progress import progress_bar
from pipeline.store import Store, release_inherited_locks
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
    warnings: int = 0
    seconds: float = 0.0
    error_lines: list[str] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)

    def line(self, out: Path) -> str:
        return (
            f"{self.files} files ({self.unchanged} unchanged, {self.failed} failed), "
            f"{self.documents} documents, {self.clauses} clauses, {self.targets} targets, "
            f"{self.tasks} tasks, {self.deviations} deviations, {self.warnings} warnings "
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


class FileTimeout(BaseException):
    """One file took longer than the run allows. A BaseException, so that no reader's
    ``except Exception`` can swallow it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise FileTimeout


def _process_one(args: tuple[str, str], timeout: float = 0.0, memory_mb: int = 0) -> FileRecords:
    """Worker: read and extract one file within ``timeout`` seconds (0: no limit).

    Never raises: failures become error rows. ``memory_mb`` is the worker's memory limit, named
    in the error row when the file needs more.
    """
    try:
        return _process_timed(args, timeout)
    except FileTimeout:
        return _stopped(args, "reader-timeout", f"reading stopped after {timeout:g} s; {_REEXPORT} or raise --timeout")
    except MemoryError:
        limit = f"the {memory_mb:,} MB a worker may use" if memory_mb else "the memory available"
        return _stopped(args, "reader-out-of-memory",
                        f"reading needed more than {limit}; {_REEXPORT} or raise --memory-limit")


def _process_timed(args: tuple[str, str], timeout: float) -> FileRecords:
    armed = timeout > 0 and threading.current_thread() is threading.main_thread()
    if armed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return _process_file(args)
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _process_file(args: tuple[str, str]) -> FileRecords:
    path, rel = args
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        return process_bytes(data, rel)
    except MemoryError:
        raise
    except Exception as err:  # noqa: BLE001 - one bad file must never stop the others
        message = f"internal error {type(err).__name__}: {err}; please report it with this file"
        rec = _error_record(args, "extract", "internal-error", message)
        rec.warnings.append(traceback.format_exc())
        return rec


_REEXPORT = "re-export the file (print it to PDF, save it again as .docx)"


def _stopped(item: tuple[str, str], code: str, what: str) -> FileRecords:
    """The error row of a file whose extraction was cut short (it is retried on the next run)."""
    return _error_record(item, "read", code, f"{what}; the next run tries it again")


def _error_record(item: tuple[str, str], stage: str, code: str, what: str) -> FileRecords:
    """Records of a file that gave none: one error row, keyed by the file's content hash."""
    path, rel = item
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).exists() else ""
    rec = FileRecords(source_path=rel, source_sha256=sha)
    rec.errors.append(FileError(rel, stage, code, f"{rel}: {what}"))
    return rec


_RUN_PID = os.getpid()  # reset by _extract_all before it starts workers


def _die_with_parent() -> None:
    """Linux: a worker gets SIGKILL when the run that started it dies, so none lingers."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != _RUN_PID:  # the run died before prctl took effect
        os._exit(1)


def _warm_worker(memory_mb: int = 0) -> None:
    """Set up a worker process: tie it to the run, drop inherited locks, cap its memory, load
    dictionaries once."""
    _die_with_parent()
    release_inherited_locks()
    if memory_mb > 0:
        _limit_memory(memory_mb)
    from extract.normalize import fold_table

    fold_table()
    load_dictionary()


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space: an allocation past it raises MemoryError (Python) or
    fails inside a C library, which then returns an error or dies (an isolated crash row)."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def _extract_all(
    todo: list[tuple[str, str]], workers: int, on_done: Callable[[FileRecords], None], timeout: float = 0.0,
    memory_mb: int = 0,
) -> None:
    """Extract ``todo`` in worker processes, a bounded number in flight.

    A file that kills its worker (a reader crashing on hostile input) breaks the pool: the files
    that were in flight are then retried one per fresh process, so only the culprit gets an error
    row, and the rest of the run goes on. ``timeout`` bounds each file: an alarm stops Python code,
    and a worker stuck in native code past twice that is killed, which isolates the file the same way.
    ``memory_mb`` caps each worker's address space (the run itself is not capped).
    """
    task = functools.partial(_process_one, timeout=timeout, memory_mb=memory_mb)
    start = functools.partial(_warm_worker, memory_mb)
    if workers <= 1 and len(todo) <= 1:
        for item in todo:
            on_done(task(item))
        return
    global _RUN_PID
    _RUN_PID = os.getpid()
    hard = 2 * timeout + HARD_GRACE_S if timeout > 0 else None
    queue = list(reversed(todo))
    suspects: list[tuple[str, str]] = []
    in_flight_max = max(2, workers * 2)  # a file waits behind at most one other per worker
    while queue or suspects:
        if suspects:  # isolate: one process per suspect
            on_done(_isolated(suspects.pop(), task, start, None if hard is None else timeout + HARD_GRACE_S))
            continue
        with cf.ProcessPoolExecutor(max_workers=workers, initializer=start) as pool:
            running: dict[cf.Future[FileRecords], tuple[tuple[str, str], float]] = {}
            try:
                while queue or running:
                    while queue and len(running) < in_flight_max:
                        item = queue.pop()
                        running[pool.submit(task, item)] = (item, time.monotonic())
                    done, _ = cf.wait(running, timeout=None if hard is None else 1.0, return_when=cf.FIRST_COMPLETED)
                    for fut in done:
                        item, _since = running.pop(fut)
                        on_done(fut.result())
                    if hard is not None and any(time.monotonic() - t > hard for _, t in running.values()):
                        log.warning("a worker is stuck past %g s; restarting the workers", hard)
                        _kill_workers(pool)
            except BrokenProcessPool:
                log.warning("a worker process died; retrying %d files one by one", len(running) + 1)
                suspects.extend(item for item, _ in running.values())
                suspects.append(item)


HARD_GRACE_S = 30.0
"""Time past the alarm that native code gets to return before its worker is killed."""


def _isolated(item: tuple[str, str], task: Callable[[tuple[str, str]], FileRecords],
              start: Callable[[], None], limit: float | None) -> FileRecords:
    """Extract one suspect file in a process of its own, killed if it runs past ``limit``."""
    pool = cf.ProcessPoolExecutor(max_workers=1, initializer=start)
    try:
        return pool.submit(task, item).result(timeout=limit)
    except cf.TimeoutError:
        _kill_workers(pool)
        return _stopped(item, "reader-timeout", f"the reader hung in native code for {limit:g} s; {_REEXPORT}")
    except BrokenProcessPool:
        return _stopped(item, "reader-crashed",
                        "the reader crashed on this file (its worker process died); re-save or re-export it, "
                        "or report it with this file")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: cf.ProcessPoolExecutor) -> None:
    # The executor has no public way to stop a running task; killing its processes marks it broken.
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError):
            proc.kill()


def run_extract(settings: RunSettings) -> RunSummary:
    """Extract every file under ``settings.raw`` into tables under ``settings.parquet``."""
    t0 = time.perf_counter()
    store = Store(settings.parquet)
    summary = RunSummary()
    with store.lock():
        inputs = discover(settings.raw)
        todo: list[tuple[str, str]] = []
        shas: dict[str, str] = {}
        for rel in inputs:
            full = settings.raw / rel
            sha = hashlib.sha256(full.read_bytes()).hexdigest()
            shas[str(rel)] = sha
            if not settings.force and store.has(sha):
                summary.unchanged += 1
            else:
                todo.append((str(full), str(rel)))
        with progress_bar(len(todo), "extract", "file", settings.progress) as tick:

            def done(rec: FileRecords) -> None:
                store.put(rec, retry=any(e.code in RETRY_CODES for e in rec.errors))
                tick()

            _extract_all(todo, settings.workers, done, settings.timeout, settings.memory_limit_mb)
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
                rec = _process_one((str(raw / rel), rel))
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
