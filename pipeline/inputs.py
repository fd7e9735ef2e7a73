"""The raw folder's entries, each classified before a byte of it is read.

Anything can sit in a raw folder: a named pipe (reading it waits forever), a link to
``/dev/zero`` (endless), a dangling link or a link loop, a file the run may not read, a file of
gigabytes. Each entry is looked at with ``stat`` first; only a regular file within the size
limit is opened, without blocking and checked again on the open descriptor (it may have been
swapped since), and hashed in chunks. Every other entry becomes one error row saying what it
is, and the run goes on.

File names are recorded as text: a name that is not valid UTF-8 (``caf\\xe9.txt`` from an old
archive) is escaped losslessly (see ``display_name``) so that tables and messages can hold it.
Entries the run does not read on purpose (hidden files, Word's ``~$`` lock files) are skipped
quietly; skips a person may not expect (names starting with ``_``, linked folders) are warnings.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.file import FileError, FileRecords

DEFAULT_MAX_FILE_MB = 256
"""Largest input file read, in MB (a letter is well under 10 MB; a scanned plan under 100 MB)."""

QUIET_SKIPS = (".", "~$")
"""Hidden files and Word's lock files (~$name.docx) are not inputs, and nobody expects them read."""
WARNED_SKIPS = ("_",)
"""Names by convention not inputs (``_old/``), skipped with a warning: a person may have meant
``_2022终稿/`` to be read."""

_CHUNK = 1 << 20

INPUT_CODES = frozenset({"not-a-file", "dangling-link", "link-loop", "unreadable", "file-too-large", "vanished"})
"""Error codes of entries that are not read; looked at afresh on every run."""


@dataclass(frozen=True)
class Entry:
    """One entry of the raw folder: a file to read, or records saying why it is not read."""

    path: str
    """Where it is on disk (a ``str`` that may hold surrogate escapes, fine for ``open``)."""
    name: str
    """Its path relative to the raw folder, as recorded in tables and messages."""
    sha256: str = ""
    """Content hash of a file to read."""
    records: FileRecords | None = None
    """For an entry that is not read: its error or warning row."""


def display_name(rel: str) -> str:
    """``rel`` as text that tables can store and that maps back to the bytes on disk.

    A name that decodes as UTF-8 and holds no backslash is returned as it is. Otherwise each byte
    that is not UTF-8 becomes ``\\xNN`` and each backslash ``\\\\``, so two different names never
    come out the same.
    """
    if "\\" not in rel and not any("\udc80" <= ch <= "\udcff" for ch in rel):
        return rel
    raw = os.fsencode(rel)
    out: list[str] = []
    text = raw.decode("utf-8", "surrogateescape")
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def _records(name: str, code: str, what: str) -> FileRecords:
    rec = FileRecords(source_path=name, source_sha256="")
    rec.errors.append(FileError(name, "read", code, f"{name}: {what}"))
    return rec


def _warning(name: str, what: str) -> FileRecords:
    return FileRecords(source_path=name, source_sha256="", warnings=[what])


def scan(raw: Path, max_bytes: int) -> list[Entry]:
    """Every entry under ``raw``, sorted by name: files to read (hashed) and rows for the rest.
    A single file is the only entry, named by its file name."""
    if Path(raw).is_file():
        return [examine(str(raw), display_name(Path(raw).name), max_bytes)]
    return list(_walk(Path(raw), max_bytes))


def _walk(raw: Path, max_bytes: int) -> Iterator[Entry]:
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(raw, onerror=unreadable.append):
        here = Path(root)
        names = sorted([*((d, True) for d in dirs), *((f, False) for f in files)])
        dirs[:] = []
        for name, is_dir in names:
            full = here / name
            rel = display_name(str(full.relative_to(raw)))
            if name.startswith(QUIET_SKIPS):
                continue
            if name.startswith(WARNED_SKIPS):
                kind = "folder" if is_dir else "file"
                yield Entry(str(full), rel, records=_warning(
                    rel, f"skipped: a {kind} whose name starts with _ is not read; rename it without the _ "
                         "to have it read"))
                continue
            if is_dir:
                if full.is_symlink():
                    yield Entry(str(full), rel, records=_warning(
                        rel, "skipped: a linked folder is not followed (it may loop or lead outside the raw "
                             "folder); copy the files in or link each file"))
                else:
                    dirs.append(name)
                continue
            yield examine(str(full), rel, max_bytes)
        dirs.sort()
    for err in unreadable:  # a folder os.walk could not list
        where = str(err.filename or raw)
        rel = "." if Path(where) == raw else display_name(str(Path(where).relative_to(raw)))
        code, what = _os_problem(err)
        yield Entry(where, rel, records=_records(rel, code, f"a folder that {what.replace('cannot', 'could not')}"))


def examine(path: str, name: str, max_bytes: int) -> Entry:
    """Classify one entry and, if it is a regular file within ``max_bytes``, hash it."""
    problem = classify(path, max_bytes)
    if problem is not None:
        return Entry(path, name, records=_records(name, *problem))
    try:
        sha = hash_file(path, max_bytes)
    except _NotRegular as err:
        return Entry(path, name, records=_records(name, *err.args))
    except OSError as err:
        return Entry(path, name, records=_records(name, *_os_problem(err)))
    return Entry(path, name, sha256=sha)


def classify(path: str, max_bytes: int) -> tuple[str, str] | None:
    """(code, message) of an entry that is not a readable regular file within ``max_bytes``."""
    try:
        st = os.stat(path)
    except OSError as err:
        if err.errno == errno.ENOENT and os.path.islink(path):
            return ("dangling-link", (f"a symbolic link to {os.readlink(path)!r}, which does not exist; "
                                     "fix the link or remove it"))
        return _os_problem(err)
    return _mode_problem(st, max_bytes)


def _mode_problem(st: os.stat_result, max_bytes: int) -> tuple[str, str] | None:
    mode = st.st_mode
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a character device" if stat.S_ISCHR(mode) else
            "a block device" if stat.S_ISBLK(mode) else
            "a socket" if stat.S_ISSOCK(mode) else
            None if stat.S_ISREG(mode) else "not a regular file")
    if what is not None:
        return ("not-a-file", f"{what}, not a file; nothing was read from it: remove it from the raw folder")
    if max_bytes and st.st_size > max_bytes:
        return ("file-too-large", (f"{_mb(st.st_size)}, over the {_mb(max_bytes)} a file may have; nothing was "
                             "read from it: check where it came from, split it, or raise --max-file-size"))
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _os_problem(err: OSError) -> tuple[str, str]:
    if err.errno == errno.ELOOP:
        return ("link-loop", "a symbolic link that loops back on itself; remove it")
    if err.errno in (errno.EACCES, errno.EPERM):
        return ("unreadable", "cannot be read (permission denied): give the run read access or remove it")
    if err.errno == errno.ENOENT:
        return ("vanished", "disappeared while the run was reading the folder; the next run reads it again")
    return ("unreadable", (f"cannot be read ({os.strerror(err.errno) if err.errno else err}); "
                          "check the file or remove it"))


class _NotRegular(Exception):
    """The opened entry is not what ``stat`` said (swapped since) or grew past the limit."""


def open_regular(path: str, max_bytes: int) -> int:
    """A descriptor of ``path`` opened without blocking (a FIFO swapped in must not hang the
    run), checked to be a regular file within ``max_bytes``."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        problem = _mode_problem(os.fstat(fd), max_bytes)
        if problem is not None:
            raise _NotRegular(*problem)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def hash_file(path: str, max_bytes: int) -> str:
    """SHA-256 of a regular file, read in chunks (memory stays bounded whatever its size)."""
    h = hashlib.sha256()
    total = 0
    with os.fdopen(open_regular(path, max_bytes), "rb") as fh:
        for chunk in iter(functools.partial(fh.read, _CHUNK), b""):
            total += len(chunk)
            if max_bytes and total > max_bytes:
                raise _NotRegular("file-too-large", f"grew past the {_mb(max_bytes)} a file may have while it was "
                                               "read; check where it came from")
            h.update(chunk)
    return h.hexdigest()


def read_bounded(path: str, max_bytes: int) -> bytes:
    """A regular file's bytes, read once; raises ``InputProblem`` for anything else."""
    try:
        with os.fdopen(open_regular(path, max_bytes), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            chunks = [fh.read(size + 1)]  # read(n) allocates n bytes: ask for the size, not the limit
            total = len(chunks[0])
            while total > size:  # the file grew since: read on, in chunks, up to the limit
                if max_bytes and total > max_bytes:
                    raise InputProblem("file-too-large", f"grew past the {_mb(max_bytes)} a file may have "
                                                         "while it was read; check where it came from")
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except _NotRegular as err:
        raise InputProblem(*err.args) from None
    except OSError as err:
        raise InputProblem(*_os_problem(err)) from err
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class InputProblem(Exception):
    """An entry that is not a readable regular file within the limit: ``(code, message)``."""

    @property
    def code(self) -> str:
        return str(self.args[0])

    @property
    def what(self) -> str:
        return str(self.args[1])
