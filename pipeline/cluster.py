"""The per-file and per-family stages on a ``dask.distributed`` cluster, behind ``pipeline.pool``'s
``Executor`` interface.

``mubiao extract --scheduler tcp://HOST:8786`` connects to a running scheduler; ``--scheduler
local:N`` starts a ``LocalCluster`` of N worker processes on this machine (with its dashboard).
The client (the machine running ``mubiao``) keeps owning the output folder: it hashes the
inputs, sends each changed file to the cluster, and writes every result into its cache as it
comes back, so the tables are the ones a local run writes, bit for bit.

What crosses the network: each file's bytes to a worker (or only its path, with
``shared_path``, when every worker sees the raw folder at the same path) and the file's records
back; for the diff, one family's documents, clauses and targets out and its result back.

Limits on workers: ``timeout`` stops a file's Python code from inside the worker (an
exception raised in the task's thread); a file stuck in native code past three times that
(queueing included) gets its error row and its worker is restarted. Memory is the worker's own
limit (``dask worker --memory-limit``; ``local:N`` sets it from ``--memory-limit``): a worker
past it is killed by its nanny and the scheduler re-runs its files elsewhere; a file that
keeps killing workers comes back as ``KilledWorker`` and gets a ``reader-crashed`` row, so it
is tried again on the next run. Nothing else is lost with a dead worker.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import dataclasses
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from diff import diff_family
from diff.family import Family
from extract.file import EXTRACTOR_VERSION, FileRecords
from pipeline.errors import EnvironmentFault, UsageError
from pipeline.inputs import InputProblem, read_bounded
from pipeline.pool import REEXPORT, FileJob, FileTimeout, Limits, error_record, run_job, stopped
from pipeline.stages import FamilyInput, FamilyOutcome

log = logging.getLogger("mubiao")

DEFAULT_CONNECT_TIMEOUT_S = 30.0
"""How long to wait for the scheduler and for a first worker."""
HARD_GRACE_S = 30.0
"""Time past the in-worker timeout that a file gets before its worker is restarted."""
IN_FLIGHT_PER_THREAD = 2
"""Files sent ahead per worker thread: enough to keep workers busy, few enough that the client
holds only a handful of files' bytes and results at once."""
NO_LIMITS = Limits()
FAMILIES_IN_FLIGHT_PER_THREAD = 1
"""Families being diffed per worker thread: each is as large as a family gets, so few at once."""

def parse_scheduler(spec: str) -> tuple[str, int | str]:
    """``("local", N)`` for ``local:N``, ``("address", spec)`` for a scheduler address."""
    if spec.startswith("local:") or spec == "local":
        count = spec.partition(":")[2] or "2"
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--scheduler {spec}: write local:N with N worker processes, e.g. local:2")
        return "local", int(count)
    if "://" not in spec:
        raise UsageError(f"--scheduler {spec}: give the scheduler's address (tcp://HOST:8786) or local:N")
    return "address", spec


def _worker_version() -> str:
    return EXTRACTOR_VERSION


@contextlib.contextmanager
def connect(spec: str, limits: Limits = NO_LIMITS, announce: Callable[[str], None] | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` on the cluster ``spec`` names; a ``local:N`` cluster lives as long
    as the block. ``announce`` is shown the dashboard's address."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise UsageError("--scheduler needs dask.distributed: install mubiao with its cluster extra "
                         "(pip install -e '.[cluster]'; `make` does)") from err
    kind, value = parse_scheduler(spec)
    if not log.isEnabledFor(logging.DEBUG):  # the scheduler of local:N logs every worker's start and stop
        logging.getLogger("distributed").setLevel(logging.WARNING)
    with contextlib.ExitStack() as stack:
        if kind == "local":
            # One thread per worker process: the stage is pure Python, threads would share one GIL.
            # A file that kills a worker is not handed to a second one.
            stack.enter_context(dask.config.set({"distributed.scheduler.allowed-failures": 1}))
            cluster = stack.enter_context(LocalCluster(
                n_workers=int(value), threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                memory_limit=f"{limits.memory_mb}MB" if limits.memory_mb else 0))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(str(value), timeout=f"{DEFAULT_CONNECT_TIMEOUT_S:g}s"))
            except OSError as err:
                raise EnvironmentFault(f"--scheduler {value}: no scheduler answers there ({err}); start one with "
                                 "`dask scheduler` and workers with `dask worker`") from err
        try:
            client.wait_for_workers(1, timeout=DEFAULT_CONNECT_TIMEOUT_S)
        except (TimeoutError, OSError) as err:
            raise EnvironmentFault(f"--scheduler {spec}: no worker joined within {DEFAULT_CONNECT_TIMEOUT_S:g} s; "
                             "start workers with `dask worker <scheduler address>`") from err
        if announce is not None:
            announce(f"cluster: {len(client.nthreads())} workers, dashboard {client.dashboard_link}")
        versions = client.run(_worker_version)
        wrong = {addr: v for addr, v in versions.items() if v != EXTRACTOR_VERSION}
        if wrong:
            addr, v = next(iter(wrong.items()))
            raise EnvironmentFault(f"worker {addr} runs extractor {v}, this machine {EXTRACTOR_VERSION}: install the "
                             "same mubiao on every worker (results would not match the cache)")
        yield client


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise ``FileTimeout`` in this thread after ``seconds`` (0: never). Stops Python code, the
    way ``pipeline.pool``'s alarm does in a process of its own; a dask task runs in a thread,
    where no alarm can reach it."""
    if seconds <= 0:
        yield
        return
    tid = threading.get_ident()
    lock = threading.Lock()
    active = [True]

    def fire() -> None:
        with lock:
            if active[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(FileTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


def run_remote(job: FileJob, data: bytes | None, limits: Limits) -> FileRecords:
    """Worker side: one file's records from its bytes (or from ``job.path`` when ``data`` is None),
    through ``pool.run_job`` (the same reading, checks and error rows as a local worker) within
    ``limits.timeout``. Never raises: failures are error rows."""
    try:
        with _deadline(limits.timeout):
            if data is None:
                return run_job(job, limits)
            with tempfile.TemporaryDirectory(prefix="mubiao-") as tmp:
                path = Path(tmp) / "input"
                path.write_bytes(data)
                return run_job(dataclasses.replace(job, path=str(path)), limits)
    except FileTimeout:  # fired between run_job's own handlers and the end of the block
        return stopped(job, "reader-timeout", f"reading stopped after {limits.timeout:g} s; {REEXPORT} "
                       "or raise --timeout")


def _lost(job: FileJob, err: BaseException) -> FileRecords:
    return stopped(job, "reader-crashed",
                   f"the cluster lost it ({type(err).__name__}: the worker reading it died, crashed or ran out of "
                   "memory); re-save or re-export it if that happens again")


class DaskExecutor:
    """Extract files on a dask.distributed cluster, a bounded number in flight (``Executor``)."""

    def __init__(self, client: Any, limits: Limits = NO_LIMITS, shared_path: bool = False):
        self.client = client
        self.limits = limits
        self.shared_path = shared_path

    def _threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def results(self, jobs: Sequence[FileJob]) -> Iterator[FileRecords]:
        from distributed import wait

        queue = collections.deque(jobs)
        running: dict[Any, tuple[FileJob, float]] = {}
        timeout = self.limits.timeout
        hard = 3 * timeout + HARD_GRACE_S if timeout > 0 else None
        try:
            while queue or running:
                window = IN_FLIGHT_PER_THREAD * self._threads()  # workers may join or leave
                while queue and len(running) < window:
                    job = queue.popleft()
                    data = None
                    if not self.shared_path:
                        try:  # read here with the same checks a local worker makes
                            data = read_bounded(job.path, self.limits.max_bytes)
                        except InputProblem as err:
                            yield error_record(job, "read", err.code, err.what)
                            continue
                    fut = self.client.submit(run_remote, job, data, self.limits, pure=False,
                                             key=f"extract-{job.name}-{time.monotonic_ns()}")
                    running[fut] = (job, time.monotonic())
                try:
                    done, _ = wait(list(running), timeout=1.0 if hard else None, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                for fut in done:
                    job, _since = running.pop(fut)
                    yield self._result(fut, job)
                if hard is not None:
                    yield from self._stop_stuck(running, hard)
        finally:
            if running:
                self.client.cancel(list(running))

    def _result(self, fut: Any, job: FileJob) -> FileRecords:
        try:
            rec = fut.result()
        except Exception as err:  # noqa: BLE001 - KilledWorker, a lost connection: the file's row, not the run's end
            log.debug("%s: %s", job.name, err)
            return _lost(job, err)
        finally:
            fut.release()
        return rec if isinstance(rec, FileRecords) else _lost(job, TypeError(type(rec).__name__))

    def _stop_stuck(self, running: dict[Any, tuple[FileJob, float]], hard: float) -> Iterator[FileRecords]:
        now = time.monotonic()
        stuck = [fut for fut, (_job, since) in running.items() if now - since > hard]
        if not stuck:
            return
        keys = {fut.key for fut in stuck}
        workers = [w for w, ks in self.client.processing().items() if keys & set(ks)]
        for fut in stuck:
            job, _since = running.pop(fut)
            self.client.cancel(fut)
            yield stopped(job, "reader-timeout", f"the reader hung in native code for {hard:g} s; {REEXPORT}")
        if workers:
            log.warning("restarting %d stuck worker(s): %s", len(workers), ", ".join(workers))
            with contextlib.suppress(Exception):  # a worker without a nanny cannot restart; it stays busy
                self.client.restart_workers(workers)

    def diff_families(self, families: Iterable[FamilyInput]) -> Iterator[FamilyOutcome]:
        """Each family's diff on a worker, with its result (or what it raised) in the order the
        families came."""
        window = FAMILIES_IN_FLIGHT_PER_THREAD * self._threads()
        pending: collections.deque[tuple[Family, Any]] = collections.deque()
        for fam, clauses, targets in families:
            pending.append((fam, self.client.submit(diff_family, fam, clauses, targets, pure=False,
                                                    key=f"diff-{fam.name}-{time.monotonic_ns()}")))
            if len(pending) > window:
                yield _take(*pending.popleft())
        while pending:
            yield _take(*pending.popleft())


def _take(fam: Family, fut: Any) -> FamilyOutcome:
    try:
        return fam, fut.result()
    except OSError:
        raise  # the client's connection or disk: the run stops
    except Exception as err:  # noqa: BLE001 - the family's errors row, as in a local run
        return fam, err
    finally:
        fut.release()
