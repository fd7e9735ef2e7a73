"""PDF reader: pypdfium2 for the text, pdfplumber only for pages that hold ruled tables.

pdfium is about twenty times faster than pdfminer, so every page's characters come from it with
their positions; pdfplumber's table finder runs only on pages whose vector paths form a grid.
Lines are rebuilt from character geometry and joined into paragraphs from the layout (see
``extract.readers.pdflayout``): the result has one paragraph per line, like the Word file the PDF was made
from. Limits: one text column per page; rotated and vertical text are read in stream order.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.errors import CorruptFile, EncryptedFile, NeedsOCR, TooLarge
from extract.readers.pdflayout import (
    Char,
    Line,
    RawTable,
    TableBlock,
    assemble,
    chars_to_lines,
    is_page_number,
    repair_char,
    table_rows,
)
from extract.readers.source import Source, check_text_size, naming, source_bytes, source_name
from extract.records import Extraction

DEFAULT_MIN_GRID_LINES = 2
"""A page goes to pdfplumber's table finder when it has at least this many horizontal and this
many vertical ruling paths (a lone underline or a page frame does not qualify)."""

DEFAULT_MAX_TABLE_EDGES = 10_000
"""Above this many ruling paths on a page pdfplumber's table finder takes many seconds (it grows
faster than linearly), so the page is read as prose with a warning. A 100-row table has a few
hundred."""

DEFAULT_MAX_PAGE_TEXT_OBJECTS = 20_000
"""Pages with more text objects than this are not read, with a warning: pdfium's text
extraction is quadratic in the worst case (100,000 overlapping characters take minutes), and a
dense real page has a few thousand."""

DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024
"""Refuse a PDF whose Flate streams other than images inflate to more than this in all: pdfium
inflates a content stream whole, so a 4 MB file could otherwise take 5 GB."""

DEFAULT_UNMAPPED_WARN = 1
"""Warn about a page once this many of its characters have no Unicode value."""

_MARGIN_ZONE = 0.12
"""Page-number lines are dropped only inside the top or bottom 12% of the page."""

_SPACES = {0x20, 0xA0, 0x3000, 0x09}
"""Spaces only matter between Latin words, so they become a flag on the next character."""
_SKIPPED = _SPACES | {0x0D, 0x0A, 0x02}


def read_pdf(source: Source, *, name: str | None = None) -> Extraction:
    """Text of a PDF, one paragraph per line, tables as tab-separated rows, with page starts."""
    path = source_name(source, name)
    with naming(path):
        return _read_pdf_bytes(source_bytes(source))


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data:
        raise CorruptFile("empty file")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFile("the PDF is encrypted and needs a password to open") from err
        raise CorruptFile(f"not a readable PDF ({err})") from err


@dataclass(frozen=True)
class _PageText:
    lines: tuple[Line, ...]
    tables: tuple[RawTable, ...]
    n_chars: int
    n_unmapped: int
    has_images: bool
    problem: str | None = None
    """Why the page (or its table finder) was skipped, for the warnings."""


DEFAULT_TURNED_WARN = 8
"""Characters drawn turned on a page before the page gets a warning (rotated text is read as
upright lines, one character to a line)."""
_TURN_SAMPLE = 4
_TURN_TOLERANCE = 0.2
"""Radians off upright that count as turned (slanted fonts are sheared, not turned)."""

_REEXPORT = "print it to PDF again or export it from the source document, and check where it came from"
_STREAM_START = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_ZLIB_HEADER = re.compile(rb"\x78[\x01\x5e\x9c\xda]")
_INFLATE_CHUNK = 1 << 20


def check_inflated_size(data: bytes, limit: int | None = None) -> None:
    """TooLarge when the file's zlib streams (images aside) inflate to more than ``limit`` bytes
    (``DEFAULT_MAX_INFLATED_BYTES`` unless given).

    A scan of the raw bytes before pdfium sees them: every ``stream`` keyword whose data starts
    with a zlib header is inflated a megabyte at a time and only counted; a stream whose output
    is zlib data again (a doubly compressed stream) is counted at its inner size. Image streams
    are skipped (text extraction never decodes them). Not covered: LZW streams and streams of
    an encrypted PDF, which only pdfium can decode.
    """
    limit = DEFAULT_MAX_INFLATED_BYTES if limit is None else limit
    total = 0
    for match in _STREAM_START.finditer(data):
        start = match.end()
        if not _ZLIB_HEADER.match(data, start):
            continue
        head = data[max(0, match.start() - 2048) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]
        if re.search(rb"/Subtype\s*/Image", head):
            continue
        end = data.find(b"endstream", start)
        total += _inflated_size(memoryview(data)[start : end if end > 0 else len(data)], limit - total)
        if total > limit:
            raise TooLarge(
                f"its compressed streams inflate to more than {limit:,} bytes: a decompression bomb?",
                advice=_REEXPORT,
            )


def _inflated_size(packed: memoryview, budget: int) -> int:
    """Bytes ``packed`` inflates to (through two zlib layers), counting no further than ``budget``."""
    outer = zlib.decompressobj()
    inner: Any = None
    size = 0
    pending: bytes | memoryview = packed
    try:
        while pending and size <= budget:
            out = outer.decompress(pending, _INFLATE_CHUNK)
            pending = outer.unconsumed_tail
            if inner is None and out:
                inner = zlib.decompressobj() if _ZLIB_HEADER.match(out) else False
            if inner:
                rest = out
                while rest and size <= budget:
                    size += len(inner.decompress(rest, _INFLATE_CHUNK))
                    rest = inner.unconsumed_tail
            else:
                size += len(out)
            if outer.eof:
                break
    except zlib.error:
        pass  # damaged or not Flate after all: pdfium copes or fails on its own
    return size


def _read_pdf_bytes(data: bytes) -> Extraction:
    check_inflated_size(data)
    doc = _open(data)
    pages: list[_PageText] = []
    plumber = _LazyPlumber(data)
    try:
        for index in range(len(doc)):
            pages.append(_read_page(doc, index, plumber))
    except pdfium.PdfiumError as err:
        raise CorruptFile(f"page {len(pages) + 1} cannot be read ({err})") from err
    finally:
        plumber.close()
        doc.close()

    if sum(p.n_chars for p in pages) == 0:
        skipped = next((f"page {i}: {p.problem}" for i, p in enumerate(pages, 1) if p.problem), None)
        if skipped:
            raise TooLarge(f"no page could be read safely ({skipped})", advice=_REEXPORT)
        raise NeedsOCR(f"no text layer on any of its {len(pages)} page(s): a scan?")
    warnings = [
        f"page {i + 1}: its table could not be read and is given as plain text" for i in plumber.failed
    ]
    for number, page in enumerate(pages, 1):
        if page.problem:
            warnings.append(f"page {number}: {page.problem}")
        if page.n_chars == 0 and page.has_images:
            warnings.append(f"page {number}: no text layer, only images; OCR this page")
        if page.n_unmapped >= DEFAULT_UNMAPPED_WARN:
            warnings.append(
                f"page {number}: font has no Unicode map for {page.n_unmapped} characters "
                "(shown as U+FFFD); OCR this page"
            )
    text, page_starts = assemble(_page_blocks(pages))
    return Extraction(text=check_text_size(text), format="pdf", page_starts=tuple(page_starts), warnings=tuple(warnings))


def _page_blocks(pages: list[_PageText]) -> list[list[Line | TableBlock]]:
    """Each page's lines and tables top to bottom; a table that opens a page right after a
    table that closed the previous one is its continuation."""
    out: list[list[Line | TableBlock]] = []
    previous_last: Line | TableBlock | None = None
    for page in pages:
        blocks: list[Line | TableBlock] = list(page.lines)
        for raw in sorted(page.tables, key=lambda t: -t.top):
            first = not any(line.top > raw.top for line in page.lines) and not any(
                isinstance(b, TableBlock) for b in blocks
            )
            carry = previous_last if first and isinstance(previous_last, TableBlock) else None
            if carry is not None and len(carry.header) != max(len(r) for r in raw.rows):
                carry = None
            blocks.append(table_rows(raw, carry))
        blocks.sort(key=lambda b: -b.top)
        out.append(blocks)
        previous_last = blocks[-1] if blocks else None
    return out


def _read_page(doc: pdfium.PdfDocument, index: int, plumber: _LazyPlumber) -> _PageText:
    page = doc[index]
    try:
        height = float(page.get_height())
        horizontal, vertical, images, texts = _count_objects(page)
        if texts > DEFAULT_MAX_PAGE_TEXT_OBJECTS:
            skipped = f"more than {DEFAULT_MAX_PAGE_TEXT_OBJECTS:,} text objects, too many to read safely; not read"
            return _PageText((), (), 0, 0, images > 0, skipped)
        tables: list[RawTable] = []
        problem: str | None = None
        if horizontal + vertical > DEFAULT_MAX_TABLE_EDGES:
            problem = f"{horizontal + vertical:,} ruling lines, too many for the table finder; tables read as prose"
        elif horizontal >= DEFAULT_MIN_GRID_LINES and vertical >= DEFAULT_MIN_GRID_LINES:
            tables = plumber.tables(index, height)
        textpage = page.get_textpage()
        try:
            chars, n_unmapped = _page_chars(textpage, tables)
            turned = _turned_chars(textpage.raw)
        finally:
            textpage.close()
        if turned >= DEFAULT_TURNED_WARN:
            problem = "; ".join(filter(None, (problem, (
                f"about {turned} characters drawn turned (rotated text): they may come out one to a line or "
                "out of order; check that part of the page by hand"))))
    finally:
        page.close()
    lines = tuple(
        line for line in chars_to_lines(chars) if not (is_page_number(line.text) and _in_margin(line, height))
    )
    n_chars = len(chars) + sum(len(t.rows) for t in tables)
    n_unmapped += sum(str(t.rows).count("(cid:") for t in tables)
    return _PageText(lines, tuple(tables), n_chars, n_unmapped, images > 0, problem)


def _in_margin(line: Line, height: float) -> bool:
    return line.top < height * _MARGIN_ZONE or line.bottom > height * (1 - _MARGIN_ZONE)


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int, int, int]:
    """Thin horizontal and vertical path objects, image objects and text objects among the
    page's objects; text objects inside form XObjects count too (they reach the text page).
    Counting stops once the page is over a limit (``DEFAULT_MAX_PAGE_TEXT_OBJECTS`` text objects,
    ``DEFAULT_MAX_TABLE_EDGES`` ruling lines), so a page of millions of objects costs little."""
    horizontal = vertical = images = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    texts = _count_texts(page.raw)
    if texts > DEFAULT_MAX_PAGE_TEXT_OBJECTS:
        return 0, 0, 0, texts
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        if horizontal + vertical > DEFAULT_MAX_TABLE_EDGES and images:
            break
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or horizontal + vertical > DEFAULT_MAX_TABLE_EDGES:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        width, tall = right.value - left.value, top.value - bottom.value
        if width > 3 and tall > 3:  # a box: four edges
            horizontal += 1
            vertical += 1
        elif width > tall:
            horizontal += 1
        else:
            vertical += 1
    return horizontal, vertical, images, texts


def _count_texts(page_raw: Any) -> int:
    """Text objects of a page, forms included; stops past the page limit or after visiting
    ten times that many objects."""
    count = visited = 0
    pending: list[tuple[Any, bool]] = [(page_raw, True)]
    while pending:
        holder, is_page = pending.pop()
        n = pdfium_c.FPDFPage_CountObjects(holder) if is_page else pdfium_c.FPDFFormObj_CountObjects(holder)
        for i in range(max(n, 0)):
            visited += 1
            if count > DEFAULT_MAX_PAGE_TEXT_OBJECTS or visited > 10 * DEFAULT_MAX_PAGE_TEXT_OBJECTS:
                return count
            obj = pdfium_c.FPDFPage_GetObject(holder, i) if is_page else pdfium_c.FPDFFormObj_GetObject(holder, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                count += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                pending.append((obj, False))
    return count


def _page_chars(textpage: pdfium.PdfTextPage, tables: list[RawTable]) -> tuple[list[Char], int]:
    """The page's drawn characters in stream order, minus those inside tables.

    pdfium generates only spaces and line breaks of its own; both are dropped here (a space
    becomes ``space_before`` of the next character), so no IsGenerated call is needed.
    """
    raw = textpage.raw
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size, map_error = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_HasUnicodeMapError
    rect = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    unmapped = 0
    space_pending = False
    for i, code in enumerate(_page_codes(raw)):
        if code in _SKIPPED:
            space_pending = space_pending or code in _SPACES
            continue
        if not get_box(raw, i, rect):
            continue
        ch, bad = repair_char(code)
        if bad or map_error(raw, i) == 1:
            unmapped += 1
            ch = "\ufffd"
        left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        size = float(get_size(raw, i))
        if not 1.5 < size < 300:
            size = top - bottom if top > bottom else 10.0
        if tables and any(t.contains((left + right) / 2, (top + bottom) / 2) for t in tables):
            space_pending = False
            continue
        chars.append(Char(ch, left, right, bottom, top, size, space_pending))
        space_pending = False
    return chars, unmapped


def _turned_chars(raw: Any) -> int:
    """About how many characters of the page are drawn turned (not upright), from every
    ``_TURN_SAMPLE``-th character: the line finder reads upright text only, so a column of
    rotated text comes out one character to a line."""
    angle = pdfium_c.FPDFText_GetCharAngle
    turned = 0
    for i in range(0, pdfium_c.FPDFText_CountChars(raw), _TURN_SAMPLE):
        a = angle(raw, i) % math.tau
        if angle(raw, i) >= 0 and min(a, math.tau - a) > _TURN_TOLERANCE:
            turned += 1
    return turned * _TURN_SAMPLE


def _page_codes(raw: Any) -> list[int]:
    """Unicode value of every character of a text page, in one call when that is safe."""
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return []
    buffer = ctypes.create_string_buffer((n + 1) * 2)
    written = pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = buffer.raw[: max(written - 1, 0) * 2]
    codes = list(struct.unpack(f"<{len(units) // 2}H", units))
    if len(codes) != n or any(0xD800 <= c <= 0xDFFF for c in codes):
        # Characters outside the BMP take two UTF-16 units: ask per character instead.
        return [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n)]
    return codes


# pdfminer raises many plain Python exceptions on damaged files besides its own; tables are an
# optional refinement, so on any of these the page is read as prose and the PDF still loads.
_PLUMBER_FAILURES = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)


class _LazyPlumber:
    """Opens the PDF with pdfplumber the first time a page needs its table finder."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: Any = None
        self.failed: list[int] = []
        """0-based pages whose table finder failed (read as prose instead)."""

    def tables(self, index: int, height: float) -> list[RawTable]:
        """Ruled tables of 2+ rows and 2+ columns on page ``index`` (0-based)."""
        import pdfplumber  # only PDFs with ruled tables pay for importing pdfminer
        from pdfminer.pdfexceptions import PDFException, PSException
        from pdfplumber.utils.exceptions import PdfminerException

        try:
            if self._pdf is None:
                self._pdf = pdfplumber.open(io.BytesIO(self._data))
            page = self._pdf.pages[index]
            found = [(t.bbox, t.extract(), [row.cells for row in t.rows]) for t in page.find_tables()]
            page.close()
        except (PdfminerException, PSException, PDFException, *_PLUMBER_FAILURES):
            self.failed.append(index)
            return []
        tables = []
        for (x0, top, x1, bottom), rows, boxes in found:
            if len(rows) < 2 or max(len(r) for r in rows) < 2:
                continue
            tables.append(
                RawTable(
                    x0=x0,
                    x1=x1,
                    top=height - top,
                    bottom=height - bottom,
                    rows=tuple(tuple(r) for r in rows),
                    boxes=tuple(tuple(b) for b in boxes),
                )
            )
        return tables

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
