"""One entry point for every input file: pick the reader from the content, not the name.

Files arrive misnamed (a 404 page saved as .docx, a .doc renamed .docx), so the format comes
from the first bytes: ``%PDF``, a zip holding ``word/document.xml``, an OLE2 compound file (old
Word, or an encrypted Office file), HTML markup, otherwise text. The extension only breaks ties
(text versus HTML) and explains mismatches. ``read_bytes`` is a pure function of the bytes, so
it can run on a worker process or cluster node.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable

from extract.errors import CorruptFile, NeedsOCR, UnsupportedFormat
from extract.readers.docx import OLE2_MAGIC, check_not_docx, read_docx
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf
from extract.readers.source import Source, looks_like_html, naming, source_bytes, source_name
from extract.readers.txt import read_txt
from extract.readers.xmlsafe import ZIP_FAILURES
from extract.records import Extraction, Format

READERS: dict[Format, Callable[..., Extraction]] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "txt": read_txt,
    "html": read_html,
}
"""Format -> reader; each takes a path or binary stream and ``name=``."""

# Magic numbers of files that are not documents we can read, with what to say about them.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_BINARY_SUFFIXES = {".pdf", ".docx", ".doc", ".wps"}


def read_file(source: Source, *, name: str | None = None) -> Extraction:
    """Read any supported file; raises an ``ExtractError`` subclass naming what to do."""
    path = source_name(source, name)
    with naming(path):
        return read_bytes(source_bytes(source), path)


def read_bytes(data: bytes, name: str | None = None) -> Extraction:
    """Read a file's bytes; ``name`` (a file name or path) is for the extension and messages."""
    fmt = sniff(data, name)
    with naming(name):
        return READERS[fmt](io.BytesIO(data), name=name)


def sniff(data: bytes, name: str | None = None) -> Format:
    """The format of ``data`` from its first bytes; raises for files no reader takes."""
    suffix = os.path.splitext(name or "")[1].lower()
    if not data:
        raise CorruptFile("empty file")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, suffix)
    if data.startswith(OLE2_MAGIC):
        if "WordDocument".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            check_not_docx(data)  # raises LegacyWordFormat or EncryptedFile
        raise UnsupportedFormat("an old Office (OLE2) file that is not a Word document")
    if data.startswith(b"{\\rtf"):
        raise UnsupportedFormat("a Rich Text (.rtf) file", advice="open it in Word and save it as .docx")
    for magic, what in _OTHER_MAGIC:
        if data.startswith(magic):
            raise NeedsOCR(f"{what}, not a document")
    if looks_like_html(data):
        if suffix in _BINARY_SUFFIXES:
            raise UnsupportedFormat(
                f"named {suffix} but is an HTML page (a failed download?)",
                advice="download the file again; the link returned a web page",
            )
        return "html"
    if suffix in _BINARY_SUFFIXES:
        raise CorruptFile(f"named {suffix} but its content is not a {suffix} file")
    return "html" if suffix in _HTML_SUFFIXES else "txt"


def _sniff_zip(data: bytes, suffix: str) -> Format:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except ZIP_FAILURES:
        return "docx"  # a damaged package: the reader says what is wrong with it
    if "word/document.xml" in names or suffix == ".docx":
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormat("an Excel workbook, not a Word document")
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFormat("a PowerPoint file, not a Word document")
    raise UnsupportedFormat("a zip archive, not a Word document", advice="unpack it and drop in the files")
