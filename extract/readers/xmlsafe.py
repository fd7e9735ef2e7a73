"""Open Office zip packages and parse their XML without trusting them.

A .docx is a zip of XML parts, so a hostile one can be a zip bomb (a small file that inflates to
gigabytes) or carry an XML entity bomb ("billion laughs"). Sizes are checked from the zip
directory before anything is inflated, every member is read in chunks with a byte cap (the
directory can lie), only stored or deflated members are read (Python inflates bzip2 and LZMA
members without an output bound, and Word never writes them), and XML is parsed with entity
resolution, DTD loading and network access off. Word never writes a DTD, so a part that declares
one is refused outright, whatever its encoding (a UTF-16 part hides ``<!DOCTYPE`` from a byte
search, so the parsed tree is checked too).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from extract.errors import CorruptFile, TooLarge

DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024
"""Refuse a package whose members add up to more than this once inflated."""
DEFAULT_MAX_RATIO = 200
"""Refuse a member over 1 MB that inflates more than this many times its packed size."""
DEFAULT_MAX_MEMBERS = 10_000
DEFAULT_MAX_XML_PART_BYTES = 100 * 1024 * 1024
"""Refuse an XML part we parse (document, numbering, styles) larger than this: parsing costs
about ten times its size in memory, and a 1,000-page Word document is far smaller."""
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 1024 * 1024
_READABLE_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}
_ENTITY_ATTACK = ("amplification", "external entity", "entity reference loop")
_DTD_ADVICE = "refused as a possible entity-expansion attack: check where the file came from"

# What zipfile raises on damaged archives besides BadZipFile.
ZIP_FAILURES = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # compression method it cannot inflate
    RuntimeError,  # encrypted member
    ValueError,
    OSError,
)

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def open_package(data: bytes) -> zipfile.ZipFile:
    """The zip directory of ``data``, after checking declared sizes; TooLarge on a zip bomb."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except ZIP_FAILURES as err:
        raise CorruptFile(f"not a valid zip package ({err})") from err
    if len(members) > DEFAULT_MAX_MEMBERS:
        raise TooLarge(f"the package has {len(members)} members")
    total = sum(m.file_size for m in members)
    if total > DEFAULT_MAX_TOTAL_BYTES:
        raise TooLarge(f"the package inflates to {total} bytes (limit {DEFAULT_MAX_TOTAL_BYTES})")
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > DEFAULT_MAX_RATIO * max(m.compress_size, 1):
            raise TooLarge(
                f"{m.filename} inflates {m.file_size // max(m.compress_size, 1)} times "
                f"(limit {DEFAULT_MAX_RATIO}): a zip bomb?"
            )
    return package


def read_member(package: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes | None:
    """Bytes of member ``name`` (None if absent); TooLarge past ``limit`` bytes (by default
    ``DEFAULT_MAX_XML_PART_BYTES``), whatever the zip directory declares. Inflates one megabyte
    at a time, so a lying size costs no more."""
    limit = DEFAULT_MAX_XML_PART_BYTES if limit is None else limit
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.compress_type not in _READABLE_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise CorruptFile(
            f"{name} is compressed with {method}, which Word never writes",
            advice="open it in Word or LibreOffice and save it again as .docx",
        )
    if info.file_size > limit:
        raise TooLarge(f"{name} inflates to {info.file_size} bytes (limit {limit})")
    chunks: list[bytes] = []
    size = 0
    try:
        with package.open(info) as fh:
            while size <= limit and (chunk := fh.read(_CHUNK)):
                chunks.append(chunk)
                size += len(chunk)
    except ZIP_FAILURES as err:
        raise CorruptFile(f"{name} cannot be unpacked ({err})") from err
    if size > limit:
        raise TooLarge(f"{name} inflates beyond {limit} bytes, more than its zip entry declares")
    return b"".join(chunks)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Root element of an XML part; CorruptFile names the part and line when it is malformed."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise _declares_dtd(part)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        message = err.msg or str(err)
        if any(sign in message for sign in _ENTITY_ATTACK):  # a DTD the byte check missed (UTF-16)
            raise _declares_dtd(part) from err
        line = f" line {err.lineno}" if err.lineno else ""
        if "Excessive depth" in message:
            raise CorruptFile(
                f"{part}{line}: elements nested deeper than lxml's limit of 256 levels",
                advice="Word never nests this deep: check where the file came from",
            ) from err
        raise CorruptFile(f"{part}{line}: {message}") from err
    if root is None:
        raise CorruptFile(f"{part} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _declares_dtd(part)
    return root


def _declares_dtd(part: str) -> CorruptFile:
    return CorruptFile(f"{part} declares a DTD or XML entities, which Word never writes", advice=_DTD_ADVICE)
