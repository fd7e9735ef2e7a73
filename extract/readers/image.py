"""Scanned pages: PNG, JPEG and TIFF files (every frame of a multi-page TIFF is a page), and
the OCR'd pages of PDFs (``extract.readers.pdf`` hands them here).

A page image goes through ``extract.readers.ocr`` (seal handling, engine, cache) and
``extract.readers.ocrlayout`` (lines in reading order); the lines are then assembled into
paragraphs by the same rules as a text PDF's, and each keeps its box and confidence as an
:class:`~extract.records.OcrLine` with its span in the text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.errors import CorruptFile, NeedsOCR
from extract.readers.ocr import OcrSettings, engine_version, prepare, recognise, require_engine
from extract.readers.ocrlayout import OcrLayoutLine, page_lines
from extract.readers.pdflayout import Line, TableBlock, assemble
from extract.readers.source import Source, check_text_size, source_bytes, source_name
from extract.records import Extraction, OcrLine

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_DPI = 200
"""Resolution assumed for an image file that does not say (only scales the layout's points)."""

DEFAULT_LOW_CONFIDENCE = 0.9
"""Targets whose quote touches an OCR'd line read with less confidence than this are marked
for review (``targets.ocr_confidence``)."""

DEFAULT_MAX_FRAMES = 500
"""A TIFF with more frames than this is refused (a page-count bomb)."""


@dataclass(frozen=True)
class OcrPage:
    """One OCR'd page: its lines in reading order, and whether a red seal was read through."""

    lines: tuple[OcrLayoutLine, ...]
    sealed: bool


def ocr_page(image: Image, settings: OcrSettings, pt_per_px: float) -> OcrPage:
    """OCR one page image; lines are placed in points at ``pt_per_px`` points per pixel of
    ``image``."""
    page = prepare(image)
    factor = image.width / page.image.width  # the prepared image may be smaller
    boxes = recognise(page, settings)
    lines = page_lines(boxes, page.image.width, page.image.height, pt_per_px * factor)
    return OcrPage(tuple(lines), page.sealed)


def read_image(source: Source, *, name: str | None = None, ocr: OcrSettings | None = None) -> Extraction:
    """Text of a scanned image file by OCR, one page per frame."""
    path = source_name(source, name)
    settings = ocr or OcrSettings()
    what = "an image, not a document"
    if settings.mode == "off":
        raise NeedsOCR(f"{what}, and OCR is off (--ocr off)", path=path)
    require_engine()
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(source_bytes(source))) as img:
            dpi = img.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
            frames = []
            for i, frame in enumerate(ImageSequence.Iterator(img)):
                if i >= DEFAULT_MAX_FRAMES:
                    raise CorruptFile(f"more than {DEFAULT_MAX_FRAMES} frames", path=path)
                frames.append(frame.copy())
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError) as err:
        raise CorruptFile(f"the image cannot be decoded ({err})", path=path) from err
    pages = []
    for number, frame in enumerate(frames, 1):
        if settings.on_page is not None:
            settings.on_page(number, len(frames))
        pages.append(ocr_page(frame, settings, 72.0 / float(dpi)))
    text, starts, lines = assemble_ocr([list(p.lines) for p in pages], set(range(len(pages))))
    warnings = [ocr_warning(list(range(1, len(pages) + 1)), len(pages))]
    warnings += [f"page {n}: a red seal was read through (its red ink ignored)" for n, p in enumerate(pages, 1)
                 if p.sealed]
    if not text.strip():
        raise NeedsOCR("OCR found no text in the image", path=path, advice="check that the image is a page of text")
    return Extraction(text=check_text_size(text), format="ocr", page_starts=tuple(starts),
                      warnings=tuple(warnings), ocr_lines=tuple(lines))


def ocr_warning(pages: Sequence[int], total: int) -> str:
    """The warning every OCR'd file gets: which pages, by what, and what to check."""
    which = "every page" if len(pages) == total else "page" + ("s " if len(pages) > 1 else " ") + ", ".join(
        str(p) for p in pages)
    return (f"read by OCR ({which}; {engine_version()}): check the values of targets marked "
            f"ocr_confidence below {DEFAULT_LOW_CONFIDENCE}")


def assemble_ocr(
    pages: Sequence[Sequence[Line | TableBlock | OcrLayoutLine]], ocr_pages: set[int]
) -> tuple[str, list[int], list[OcrLine]]:
    """``assemble`` over pages whose OCR'd lines come as :class:`OcrLayoutLine`; returns the
    text, the page starts and an :class:`OcrLine` (with its span) per OCR'd line."""
    plain: list[list[Line | TableBlock]] = [
        [b.line if isinstance(b, OcrLayoutLine) else b for b in blocks] for blocks in pages
    ]
    spans: list[tuple[int, int, int, int]] = []
    text, starts = assemble(plain, own_margins=ocr_pages, spans=spans)
    lines = []
    for page, index, start, end in spans:
        block = pages[page][index]
        if isinstance(block, OcrLayoutLine):
            lines.append(OcrLine("", page + 1, block.box, round(block.confidence, 4), text[start:end], start, end))
    return text, starts, lines
