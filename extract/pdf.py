"""PDF reader: pypdfium2 for the text, pdfplumber only for pages that hold ruled tables.

pdfium is about twenty times faster than pdfminer, so every page's characters come from it with
their positions; pdfplumber's table finder runs only on pages whose vector paths form a grid.
Lines are rebuilt from character geometry and joined into paragraphs from the layout (see
``extract.pdflayout``): the result has one paragraph per line, like the Word file the PDF was made
from. Limits: one text column per page; rotated and vertical text are read in stream order.
"""

from __future__ import annotations

import ctypes
import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.errors import CorruptFile, EncryptedFile, ExtractError, NeedsOCR
from extract.pdflayout import (
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
from extract.records import Extraction
from extract.source import Source, source_bytes, source_name

DEFAULT_MIN_GRID_LINES = 2
"""A page goes to pdfplumber's table finder when it has at least this many horizontal and this
many vertical ruling paths (a lone underline or a page frame does not qualify)."""

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
    try:
        return _read_pdf_bytes(source_bytes(source))
    except ExtractError as err:
        raise err.with_path(path) if path and not err.path else err


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


def _read_pdf_bytes(data: bytes) -> Extraction:
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
        raise NeedsOCR(f"no text layer on any of its {len(pages)} page(s): a scan?")
    warnings = [
        f"page {i + 1}: its table could not be read and is given as plain text" for i in plumber.failed
    ]
    for number, page in enumerate(pages, 1):
        if page.n_chars == 0 and page.has_images:
            warnings.append(f"page {number}: no text layer, only images; OCR this page")
        if page.n_unmapped >= DEFAULT_UNMAPPED_WARN:
            warnings.append(
                f"page {number}: font has no Unicode map for {page.n_unmapped} characters "
                "(shown as U+FFFD); OCR this page"
            )
    text, page_starts = assemble(_page_blocks(pages))
    return Extraction(text=text, format="pdf", page_starts=tuple(page_starts), warnings=tuple(warnings))


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
    textpage = page.get_textpage()
    try:
        height = float(page.get_height())
        horizontal, vertical, images = _count_objects(page)
        tables: list[RawTable] = []
        if horizontal >= DEFAULT_MIN_GRID_LINES and vertical >= DEFAULT_MIN_GRID_LINES:
            tables = plumber.tables(index, height)
        chars, n_unmapped = _page_chars(textpage, tables)
    finally:
        textpage.close()
        page.close()
    lines = tuple(
        line for line in chars_to_lines(chars) if not (is_page_number(line.text) and _in_margin(line, height))
    )
    n_chars = len(chars) + sum(len(t.rows) for t in tables)
    n_unmapped += sum(str(t.rows).count("(cid:") for t in tables)
    return _PageText(lines, tuple(tables), n_chars, n_unmapped, images > 0)


def _in_margin(line: Line, height: float) -> bool:
    return line.top < height * _MARGIN_ZONE or line.bottom > height * (1 - _MARGIN_ZONE)


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int, int]:
    """Thin horizontal and vertical path objects and image objects among the page's objects."""
    horizontal = vertical = images = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
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
    return horizontal, vertical, images


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
