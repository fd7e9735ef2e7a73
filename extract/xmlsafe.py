"""Open Office zip packages and parse their XML without trusting them.

A .docx is a zip of XML parts, so a hostile one can be a zip bomb (a small file that inflates to
gigabytes) or carry an XML entity bomb ("billion laughs"). Sizes are checked from the zip
directory before anything is inflated, every member is read with a byte cap (the directory can
lie), and XML is parsed with entity resolution, DTD loading and network access off. Word never
writes a DTD, so a part that declares entities is refused outright.
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
_RATIO_FLOOR = 1024 * 1024

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


def read_member(package: zipfile.ZipFile, name: str) -> bytes | None:
    """Bytes of member ``name`` (None if absent), never more than the package limit."""
    try:
        package.getinfo(name)
    except KeyError:
        return None
    try:
        with package.open(name) as fh:
            data = fh.read(DEFAULT_MAX_TOTAL_BYTES + 1)
    except ZIP_FAILURES as err:
        raise CorruptFile(f"{name} cannot be unpacked ({err})") from err
    if len(data) > DEFAULT_MAX_TOTAL_BYTES:
        raise TooLarge(f"{name} inflates beyond {DEFAULT_MAX_TOTAL_BYTES} bytes")
    return data


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Root element of an XML part; CorruptFile names the part and line when it is malformed."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise CorruptFile(
            f"{part} declares a DTD or XML entities, which Word never writes",
            advice="refused as a possible entity-expansion attack: check where the file came from",
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        line = f" line {err.lineno}" if err.lineno else ""
        message = err.msg or str(err)
        raise CorruptFile(f"{part}{line}: {message}") from err
    if root is None:
        raise CorruptFile(f"{part} is empty")
    return root
