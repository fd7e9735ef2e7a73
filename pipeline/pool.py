"""Per-file work in worker processes, each file bounded in time and memory.

An executor takes file jobs and yields each file's records as it finishes. It never raises for
a file: a file that fails, runs past the timeout, needs more memory than a worker may use or
kills its worker comes back as records holding one error row, and the other files go on.

``ProcessPool`` runs the jobs in local worker processes. Another engine (a cluster) fits behind
the same ``Executor`` interface: it runs ``run_job`` on its workers and turns a lost worker
into ``stopped(job, "reader-crashed", …)``.

Limits: ``timeout`` is enforced in the worker by an alarm that stops Python code (a
``BaseException`` no reader can swallow); a worker stuck in native code past twice that is
killed, which isolates the file like a crash. ``memory_mb`` caps what each worker allocates beyond
the code it loaded before the cap (the run itself is not capped), so an allocation past it raises
``MemoryError`` in the worker.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import functools
import hashlib
import importlib
import logging
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from extract.file import FileError, FileRecords, process_bytes
from extract.published import SourceInfo
from extract.readers.ocr import OcrSettings
from extract.vocabulary.indicators import load_dictionary
from pipeline.errors import EnvironmentFault, UsageError
from pipeline.inputs import InputProblem, read_bounded
from pipeline.store import release_inherited_locks

log = logging.getLogger("mubiao")

HARD_GRACE_S = 30.0
"""Time past the alarm that native code gets to return before its worker is killed."""

REEXPORT = "re-export the file (print it to PDF, save it again as .docx)"


@dataclass(frozen=True)
class FileJob:
    """One file to extract."""

    path: str
    """Where the worker reads the file."""
    name: str
    """The file's name in tables and messages (its path relative to the raw folder)."""
    sha256: str = ""
    """The content hash the caller saw, for the error row of a file that gave no records
    (hashed again from disk when empty)."""
    source: SourceInfo | None = None
    """What the raw folder's crawl log (``sources.jsonl``) says of the file: its URL, its date."""


@dataclass(frozen=True)
class Limits:
    """What one file may use."""

    timeout: float = 0.0
    """Seconds before the file is stopped with an error row; 0 means no limit."""
    memory_mb: int = 0
    """Memory in MB a worker may allocate while reading one file (address space beyond what it
    holds when it starts); 0 means no limit."""
    max_bytes: int = 0
    """Largest file read; a larger one (or one that is no longer a regular file) is an error row.
    0 means no limit."""
    ocr: OcrSettings = field(default_factory=OcrSettings)
    """How scanned pages are read, with the onnxruntime threads a worker may use. Each page a
    file OCRs adds ``DEFAULT_OCR_PAGE_SECONDS`` to its timeout."""


DEFAULT_OCR_PAGE_SECONDS = 60.0
"""What each OCR'd page adds to a file's time limits (OCR takes seconds a page)."""

_PAGE_EVENTS: Any = None
"""In a worker: the run's queue of (file, page, pages) events, for the page progress bar and the
hard time limit; set by ``_warm_worker``."""


class Executor(Protocol):
    """Runs file jobs somewhere and hands back their records as they finish."""

    def results(self, jobs: Sequence[FileJob]) -> Iterator[FileRecords]:
        """Records of every job, in the order they finish; a failed file is an error row."""
        ...


class FileTimeout(BaseException):
    """One file took longer than the run allows. A BaseException, so that no reader's
    ``except Exception`` can swallow it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise FileTimeout


def run_job(job: FileJob, limits: Limits = Limits(), on_page: Callable[[str, int, int], None] | None = None
            ) -> FileRecords:
    """Worker side: read and extract one file within ``limits.timeout`` seconds, plus
    ``DEFAULT_OCR_PAGE_SECONDS`` for each page it OCRs.

    Never raises: failures become error rows. ``limits.memory_mb`` is only named in the error
    row of a file that needs more (the cap itself is set when the worker starts). ``on_page``
    hears (file, page, pages) as each OCR'd page starts (in a pool worker, the run's queue does).
    """
    pages = [0]

    def page(number: int, total: int) -> None:
        pages[0] = number
        _extend_alarm(limits.timeout)
        if on_page is not None:
            on_page(job.name, number, total)
        elif _PAGE_EVENTS is not None:
            _PAGE_EVENTS.put((job.name, number, total))

    limits = dataclasses.replace(limits, ocr=dataclasses.replace(limits.ocr, on_page=page))
    try:
        return _run_timed(job, limits)
    except FileTimeout:
        spent = f"{limits.timeout + pages[0] * DEFAULT_OCR_PAGE_SECONDS:g} s" + (
            f" ({pages[0]} page(s) OCR'd)" if pages[0] else "")
        return stopped(job, "reader-timeout", f"reading stopped after {spent}; {REEXPORT} or raise --timeout")
    except MemoryError:
        limit = f"the {limits.memory_mb:,} MB a worker may use" if limits.memory_mb else "the memory available"
        return stopped(job, "reader-out-of-memory",
                       f"reading needed more than {limit}; {REEXPORT} or raise --memory-limit")


def _extend_alarm(timeout: float) -> None:
    """Give the running file ``DEFAULT_OCR_PAGE_SECONDS`` more (an OCR'd page is starting)."""
    if timeout > 0 and threading.current_thread() is threading.main_thread():
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left + DEFAULT_OCR_PAGE_SECONDS)


def _run_timed(job: FileJob, limits: Limits) -> FileRecords:
    armed = limits.timeout > 0 and threading.current_thread() is threading.main_thread()
    if armed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
    try:
        return extract_job(job, limits.max_bytes, limits.ocr)
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def extract_job(job: FileJob, max_bytes: int = 0, ocr: OcrSettings | None = None) -> FileRecords:
    """Read the file once (a regular file of at most ``max_bytes``, 0: any size) and extract its
    records, keyed by the bytes read; a problem becomes an error row. ``ocr``: how scans are read."""
    try:
        data = read_bounded(job.path, max_bytes)
    except InputProblem as err:
        return error_record(job, "read", err.code, err.what)
    try:
        return process_bytes(data, job.name, ocr=ocr, source=job.source)
    except MemoryError:
        raise
    except Exception as err:  # noqa: BLE001 - one bad file must never stop the others
        message = f"internal error {type(err).__name__}: {err}; please report it with this file"
        rec = error_record(job, "extract", "internal-error", message, hashlib.sha256(data).hexdigest())
        rec.warnings.append(traceback.format_exc())
        return rec


def stopped(job: FileJob, code: str, what: str) -> FileRecords:
    """The error row of a file whose extraction was cut short (it is retried on the next run)."""
    return error_record(job, "read", code, f"{what}; the next run tries it again")


def error_record(job: FileJob, stage: str, code: str, what: str, sha256: str = "") -> FileRecords:
    """Records of a file that gave none: one error row, keyed by the file's content hash (the
    bytes read, else the hash the caller saw)."""
    sha = sha256 or job.sha256 or _hash_file(job.path)
    rec = FileRecords(source_path=job.name, source_sha256=sha)
    rec.errors.append(FileError(job.name, stage, code, f"{job.name}: {what}"))
    return rec


def _hash_file(path: str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(functools.partial(fh.read, 1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


# --- local worker processes ---------------------------------------------------------------

_RUN_PID = os.getpid()  # set by ProcessPool before it starts workers


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


def _warm_worker(memory_mb: int = 0, events: Any = None) -> None:
    """Set up a worker process: tie it to the run, drop inherited locks, cap its memory, load
    dictionaries once. A worker that cannot (a memory limit too low to load the dictionaries)
    exits quietly: the pool then finds that workers cannot start and says so in one line.
    ``events`` is the run's queue for OCR page events."""
    global _PAGE_EVENTS
    _PAGE_EVENTS = events
    _die_with_parent()
    release_inherited_locks()
    try:
        # Code first, then the cap: the cap bounds what reading a file allocates, and a library
        # mapped before it (lxml, pdfium) cannot fail to load under it.
        for module in ("extract.readers", "extract.targets", "extract.tasks"):
            importlib.import_module(module)
        from extract.normalize import fold_table

        fold_table()
        load_dictionary()
        if memory_mb > 0:
            limit_memory(memory_mb)
    except (MemoryError, ImportError, OSError):
        os._exit(3)


def limit_memory(memory_mb: int) -> None:
    """Let this process allocate at most ``memory_mb`` more: its address space is capped at what
    it holds now (code and dictionaries, or a big run it was forked from) plus that. An
    allocation past it raises MemoryError (Python) or fails inside a C library, which then
    returns an error or dies (an isolated crash row)."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = _address_space() + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def _address_space() -> int:
    """Bytes of address space this process holds (0 where /proc is missing)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class ProcessPool:
    """Extract files in ``workers`` local processes, a bounded number in flight.

    A file that kills its worker (a reader crashing on hostile input) breaks the pool: the files
    that were in flight are then retried one per fresh process, so only the culprit gets an error
    row, and the rest of the run goes on.
    """

    def __init__(self, workers: int, limits: Limits = Limits(),
                 on_page: Callable[[str, int, int], None] | None = None):
        """``on_page`` hears (file, page, pages) as a worker starts each OCR'd page."""
        self.workers = max(1, workers)
        self.limits = limits
        self.on_page = on_page

    def results(self, jobs: Sequence[FileJob]) -> Iterator[FileRecords]:
        """Raises ``EnvironmentFault`` when no worker process can start (then no file is to blame)."""
        if not jobs:
            return
        task = functools.partial(run_job, limits=self.limits)
        import multiprocessing

        events = multiprocessing.get_context().SimpleQueue()
        start = functools.partial(_warm_worker, self.limits.memory_mb, events)
        global _RUN_PID
        _RUN_PID = os.getpid()
        timeout = self.limits.timeout
        hard = 2 * timeout + HARD_GRACE_S if timeout > 0 else None
        queue = list(reversed(jobs))
        suspects: list[FileJob] = []
        in_flight_max = max(2, self.workers * 2)  # a file waits behind at most one other per worker
        checked = False  # whether a worker can start at all, asked once the pool first breaks
        while queue or suspects:
            if suspects:  # isolate: one process per suspect
                yield _isolated(suspects.pop(), task, start, None if hard is None else timeout + HARD_GRACE_S)
                continue
            with _pool(self.workers, start) as pool:
                running: dict[cf.Future[FileRecords], tuple[FileJob, float]] = {}
                try:
                    while queue or running:
                        while queue and len(running) < in_flight_max:
                            job = queue.pop()
                            running[pool.submit(task, job)] = (job, time.monotonic())
                        done, _ = cf.wait(running, timeout=1.0, return_when=cf.FIRST_COMPLETED)
                        self._drain(events, running)
                        for fut in done:
                            job, _since = running.pop(fut)
                            yield fut.result()
                        if hard is not None and any(time.monotonic() - t > hard for _, t in running.values()):
                            log.warning("a worker is stuck past %g s; restarting the workers", hard)
                            _kill_workers(pool)
                except BrokenProcessPool:
                    log.warning("a worker process died; retrying %d files one by one", len(running) + 1)
                    suspects.extend(job for job, _ in running.values())
                    suspects.append(job)
            if suspects and not checked:
                _check_workers_start(start, self.limits)
                checked = True

    def _drain(self, events: Any, running: dict[cf.Future[FileRecords], tuple[FileJob, float]]) -> None:
        """Pass the workers' page events on, and move a file's hard time limit on by an OCR'd
        page's allowance for each page it starts."""
        while not events.empty():
            name, number, total = events.get()
            for fut, (job, since) in list(running.items()):
                if job.name == name:
                    running[fut] = (job, since + DEFAULT_OCR_PAGE_SECONDS)
            if self.on_page is not None:
                self.on_page(name, number, total)


_PROBE_LETTER = ("吉林省2022年度生态环境保护目标责任书\n一、环境质量目标\n"
                 + "".join(f"（{n}）细颗粒物（PM2.5）年均浓度控制在{30 + n}微克/立方米以下，优良天数比率达到"
                           f"{80 + n / 10:.1f}%。\n" for n in range(1, 40))).encode()
"""A few lines of a letter: what any worker must be able to read under the memory limit."""


def _read_probe_letter() -> bool:
    return bool(process_bytes(_PROBE_LETTER, "probe.txt").documents)


PROBE_BELOW_MB = 512
"""Memory limits from which reading a few lines surely fits (the cap counts what a worker
allocates beyond its code), so the probe, half a second of a worker's start, is skipped."""


def check_memory_limit(memory_mb: int) -> None:
    """Raise ``UsageError`` if a worker capped at ``memory_mb`` cannot start and read a few lines
    of a letter: such a limit would blame every file for running out of memory."""
    if memory_mb <= 0 or memory_mb >= PROBE_BELOW_MB:
        return
    pool = cf.ProcessPoolExecutor(max_workers=1, initializer=functools.partial(_warm_worker, memory_mb))
    try:
        ok = pool.submit(_read_probe_letter).result(timeout=60 + HARD_GRACE_S)
    except (MemoryError, ImportError, OSError, BrokenProcessPool, cf.TimeoutError):
        ok = False
    finally:
        _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
    if not ok:
        raise UsageError(f"--memory-limit {memory_mb} is too low: a worker capped at {memory_mb} MB cannot start "
                         "and read even a few lines of a letter; raise it (the default is 4096), or give 0 for "
                         "no limit")


def _nothing() -> None:
    """A task that needs nothing: to see whether a worker process can start at all."""


def _check_workers_start(start: Callable[[], None], limits: Limits) -> None:
    """Raise if a fresh worker dies before doing any file's work, rather than blame every file:
    ``UsageError`` when it starts without the memory limit (the limit is too low),
    ``EnvironmentFault`` otherwise (no processes left, …)."""
    if _starts(start):
        return
    if limits.memory_mb and _starts(functools.partial(_warm_worker, 0)):
        raise UsageError(f"--memory-limit {limits.memory_mb} is too low: worker processes capped at "
                         f"{limits.memory_mb} MB cannot start; raise it (the default is 4096), or give 0 for no limit")
    raise EnvironmentFault("worker processes cannot start; no file was blamed and the tables were left as they were")


def _starts(start: Callable[[], None]) -> bool:
    pool = cf.ProcessPoolExecutor(max_workers=1, initializer=start)
    try:
        pool.submit(_nothing).result(timeout=60 + HARD_GRACE_S)
        return True
    except (BrokenProcessPool, cf.TimeoutError, OSError):
        _kill_workers(pool)
        return False
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _pool(workers: int, start: Callable[[], None]) -> Iterator[cf.ProcessPoolExecutor]:
    """A process pool that, when its user stops early (an exception, a closed generator), kills
    its workers instead of waiting for the files in flight."""
    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=start)
    finished = False
    try:
        yield pool
        finished = True
    finally:
        if not finished:
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(job: FileJob, task: Callable[[FileJob], FileRecords],
              start: Callable[[], None], limit: float | None) -> FileRecords:
    """Extract one suspect file in a process of its own, killed if it runs past ``limit``."""
    pool = cf.ProcessPoolExecutor(max_workers=1, initializer=start)
    try:
        return pool.submit(task, job).result(timeout=limit)
    except cf.TimeoutError:
        _kill_workers(pool)
        return stopped(job, "reader-timeout", f"the reader hung in native code for {limit:g} s; {REEXPORT}")
    except BrokenProcessPool:
        return stopped(job, "reader-crashed",
                       "the reader crashed on this file (its worker process died); re-save or re-export it, "
                       "or report it with this file")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: cf.ProcessPoolExecutor) -> None:
    # The executor has no public way to stop a running task; killing its processes marks it broken.
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError):
            proc.kill()
