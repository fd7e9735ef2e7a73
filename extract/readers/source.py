"""Turn what a caller hands a reader (a path or a binary stream) into bytes and a name.

Every reader is a pure function of the file's bytes, so the same code runs on a worker that got
the bytes over the network. Streams are read but never closed: the caller opened them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import BinaryIO

from extract.errors import CorruptFile, ExtractError, TooLarge

Source = str | os.PathLike[str] | BinaryIO
"""A path, or a binary stream positioned at the start of the file."""

DEFAULT_MAX_FILE_BYTES = 300 * 1024 * 1024
"""Files larger than this are refused before reading: no target letter comes near it."""
DEFAULT_MAX_TEXT_CHARS = 10_000_000
"""A reader refuses to return more text than this (about 5,000 pages of Chinese): a letter is a
few thousand characters, and a small hostile file (a numbering label or merged cell repeated, a
page of blank lines) must not become gigabytes for the later stages."""
DEFAULT_MAX_LINES = 1_000_000
"""...or more lines than this (later stages keep a record per line)."""


def source_name(source: Source, name: str | None = None) -> str | None:
    """The name to put in error messages: ``name``, else the path, else the stream's name."""
    if name is not None:
        return name
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    stream_name = getattr(source, "name", None)
    return stream_name if isinstance(stream_name, str) else None


@contextlib.contextmanager
def naming(path: str | None) -> Iterator[None]:
    """Errors raised inside name the file ``path``, unless they name one already (the edge every
    reader's public function wraps its work in)."""
    try:
        yield
    except ExtractError as err:
        raise err.with_path(path) if path and not err.path else err


def source_bytes(source: Source, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """All bytes of ``source``; raises TooLarge past ``max_bytes`` and CorruptFile if unreadable."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise TooLarge(f"{size} bytes, over the {max_bytes}-byte limit", path=path)
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except ExtractError:
            raise
        except OSError as err:
            raise CorruptFile(f"cannot read the file ({err.strerror or err})", path=path) from err
    else:
        try:
            data = source.read(max_bytes + 1)
        except OSError as err:
            raise CorruptFile(f"cannot read the stream ({err})") from err
        if not isinstance(data, bytes):
            raise TypeError("expected a binary stream (open the file with 'rb')")
    if len(data) > max_bytes:
        raise TooLarge(f"more than {max_bytes} bytes")
    return data


def check_text_size(text: str) -> str:
    """``text`` unchanged; TooLarge when it is longer than any real document."""
    if len(text) > DEFAULT_MAX_TEXT_CHARS:
        raise TooLarge(
            f"its text runs to more than {DEFAULT_MAX_TEXT_CHARS:,} characters",
            advice="far beyond any letter: split the file, or check where it came from",
        )
    lines = text.count("\n") + 1
    if lines > DEFAULT_MAX_LINES:
        raise TooLarge(
            f"its text has {lines:,} lines (limit {DEFAULT_MAX_LINES:,})",
            advice="far beyond any letter: split the file, or check where it came from",
        )
    return text


_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<p>")


def looks_like_html(data: bytes) -> bool:
    """True when the first kilobyte reads as an HTML page (after a BOM and whitespace)."""
    head = data[:1024]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:1] in (b"\x00",) or head[1:2] == b"\x00":  # UTF-16 text
        head = head.replace(b"\x00", b"")
    head = head.lstrip().lower()
    if head.startswith(b"<?xml"):
        return b"<html" in head
    return head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS)
