"""Files written whole or not at all, with the mode the umask gives, as any other file.

Every output file (Parquet tables, the per-file cache, report pages, fingerprints) is written to a
temporary name beside its final one and moved into place with ``os.replace``, so a reader (or a
run killed with SIGKILL) never sees half a file. ``tempfile.mkstemp`` creates files readable by
their owner only; before the move the file gets ``0o666 & ~umask`` like a file ``open()`` creates,
so colleagues sharing the folder can read the report and the tables (under the usual umask 022).

The umask is read where the system shows it (``/proc/self/status``) rather than by setting it and
back: ``os.umask`` is process-wide, and toggling it would race with threads creating files.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii",
                                                         errors="replace") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no /proc (macOS): read it by setting it, once per file
    os.umask(mask)
    return mask


def temporary_beside(path: Path) -> Path:
    """A new empty file ``.tmp-<name>.…`` in ``path``'s folder (created if needed): hidden by its
    leading dot, and found by the store's clean-up of a killed run's leftovers (``.tmp-*``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".tmp-{path.name}.", dir=path.parent)
    os.close(fd)
    return Path(tmp)


def publish(tmp: Path, path: Path) -> None:
    """Give the finished temporary file the umask's mode and move it to ``path`` in one step."""
    os.chmod(tmp, 0o666 & ~current_umask())
    os.replace(tmp, path)


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then publish it as ``path``; the
    temporary file is removed when ``write`` fails."""
    tmp = temporary_beside(path)
    try:
        write(tmp)
        publish(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def write_file(path: Path, data: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path`` atomically; returns ``path``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return atomic_write(path, lambda tmp: tmp.write_bytes(raw))
