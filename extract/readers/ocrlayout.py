"""Layout of an OCR'd page: recognised boxes in, lines in reading order out, ready for
``extract.readers.pdflayout.assemble`` like the lines of a text PDF.

Pure functions over plain values, no engine. The engine gives one box per run of text it saw,
sometimes two for one printed line (a gap before a number) and slightly skewed on a scan fed
askew. Here:
- the page's skew is measured from the long boxes' top edges and taken out;
- a two-column page is found by a vertical gutter that many lines stay clear of on both sides,
  and read column by column (lines spanning both columns, such as a title, keep their place);
- boxes on one row of one column become one line; page numbers ("— 3 —", read as "一3一" or
  "-3-") in the top or bottom margin are dropped;
- each line gets characters spread over its box and a font size estimated from the characters'
  width, so the paragraph rules of text PDFs (indent, a line stopping short, markers, line
  pitch) apply unchanged;
- ``CORRECTIONS`` fixes the few misreadings that follow from how these documents are printed.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extract.readers.ocr import OcrBox
from extract.readers.pdflayout import Char, Line, is_page_number

DEFAULT_MARGIN_ZONE = 0.12
"""Page numbers are dropped only inside the top or bottom 12% of the page (as for text PDFs)."""

DEFAULT_MIN_SKEW_DEGREES = 0.2
"""Skew below this is left alone."""

_WIDE = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef●"
_ROMAN = {"III": "Ⅲ", "Ill": "Ⅲ", "lll": "Ⅲ", "IIl": "Ⅲ", "IlI": "Ⅲ", "lII": "Ⅲ",
          "IV": "Ⅳ", "lV": "Ⅳ", "II": "Ⅱ", "Il": "Ⅱ", "ll": "Ⅱ", "lI": "Ⅱ", "V": "Ⅴ", "v": "Ⅴ"}

CORRECTIONS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], str], ...] = (
    (re.compile(rf"^[·•∙・⋅.。°]\s*(?=[{_WIDE}])"), "●",
     ("Bullets in these documents are solid dots (●); the recogniser reads the dot at the start of a "
      "line as a middle dot or a full stop.")),
    (re.compile(rf"(?<=[{_WIDE}])\s*(III|Ill|lll|IIl|IlI|lII|IV|lV|II|Il|ll|lI|V|v)\s*(?=类)"),
     lambda m: _ROMAN[m.group(1)],
     ("Water quality classes are printed as the Roman numerals Ⅰ–Ⅴ before 类 (Ⅲ类, 劣Ⅴ类); the "
      "recogniser reads them as Latin letters (V, Ill).")),
    (re.compile(r"(?<=臭氧)([（(])\s*0\s*(?=[3₃]\s*[）)])"), r"\1O",
     "Ozone is written O3 (臭氧（O3）); the recogniser reads the letter O as the digit 0."),
    (re.compile(r"(?<=[A-Z])[，,](?=\d\b)|(?<=PM\d)[，,](?=\d)"), ".",
     "A decimal point inside a pollutant's name (PM2.5) read as a comma."),
    (re.compile(rf"(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}])"), "",
     ("Chinese text has no spaces next to its characters; the recogniser puts one where a gap is wide "
      "(比例 100%), as PDF tools do.")),
    (re.compile(rf"(?<=[{_WIDE}A-Za-z\d%）)])\s*,\s*(?=[{_WIDE}])|(?<=[{_WIDE}])\s*,\s*(?!\d{{3}})"), "，",
     ("Chinese documents are set with full-width punctuation (GB/T 15834): a comma next to Chinese "
      "text is the full-width one (a thousands separator, 1,000, is left alone).")),
    (re.compile(rf"(?<=[{_WIDE}A-Za-z\d%）)])\s*;\s*|\s*;\s*(?=[{_WIDE}])"), "；", "Likewise the semicolon."),
    (re.compile(rf"(?<=[{_WIDE}A-Za-z）)])\s*:\s*(?=\S)"), "：", "Likewise the colon (not in a time, 9:30)."),
    (re.compile(r"\("), "（", "Likewise brackets: Chinese documents print （） round Latin text too (（PM2.5）)."),
    (re.compile(r"\)"), "）", "The closing bracket of the same."),
)
"""(pattern, replacement, why): narrow fixes applied to every recognised line, in order.
Each follows from how these documents are printed, not from one file, and each is tested."""


def correct(text: str) -> str:
    """A recognised line with ``CORRECTIONS`` applied (only to lines holding Chinese text)."""
    if not re.search(rf"[{_WIDE}]", text):
        return text
    for pattern, replacement, _why in CORRECTIONS:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class OcrLayoutLine:
    """A line of an OCR'd page: the layout line (PDF points, y up), the lowest confidence of
    its boxes, and its box on the page image as fractions (x0, y0, x1, y1; y down)."""

    line: Line
    confidence: float
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class _Box:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float
    orig: tuple[float, float, float, float]

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


def page_lines(boxes: Sequence[OcrBox], width: float, height: float, pt_per_px: float) -> list[OcrLayoutLine]:
    """Lines of one OCR'd page in reading order; ``width`` and ``height`` are the image's
    pixels, ``pt_per_px`` the points per pixel of the page the lines are placed on."""
    flat = _deskew(boxes, width, height)
    if not flat:
        return []
    columns = _columns(flat, width, height)
    rows: list[tuple[list[_Box], float]] = []  # (boxes of a line, x shift of its column)
    for group, shift in columns:
        rows.extend((row, shift) for row in _rows(group))
    lines = [_to_line(row, shift, height, pt_per_px) for row, shift in rows]
    real = [ln for ln in lines if ln is not None]
    outer = _outermost(real)
    kept = [ln for ln in real if not _is_footer(ln, height * pt_per_px, any(ln is o for o in outer))]
    return _even_sizes(kept)


def _outermost(lines: list[OcrLayoutLine]) -> list[OcrLayoutLine]:
    """The top and bottom lines of a page when set apart from the rest by more than twice a
    line's height: where a page number sits on a page photographed with a border round it."""
    if len(lines) < 2:
        return []
    by_y = sorted(lines, key=lambda ol: -ol.line.mid)
    out = []
    for edge, nxt in ((by_y[0], by_y[1]), (by_y[-1], by_y[-2])):
        if abs(edge.line.mid - nxt.line.mid) > 2 * (edge.line.top - edge.line.bottom):
            out.append(edge)
    return out


def skew_degrees(boxes: Sequence[OcrBox]) -> float:
    """The page's skew: the median slope of the long boxes' top edges, in degrees."""
    angles = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        length = math.hypot(x1 - x0, y1 - y0)
        tall = math.hypot(b.quad[3][0] - x0, b.quad[3][1] - y0)
        if length > 4 * tall and x1 > x0:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return statistics.median(angles) if angles else 0.0


def _deskew(boxes: Sequence[OcrBox], width: float, height: float) -> list[_Box]:
    angle = skew_degrees(boxes)
    rad = -math.radians(angle) if abs(angle) >= DEFAULT_MIN_SKEW_DEGREES else 0.0
    cos, sin, cx, cy = math.cos(rad), math.sin(rad), width / 2, height / 2
    out = []
    for b in boxes:
        xs = [cx + (x - cx) * cos - (y - cy) * sin for x, y in b.quad]
        ys = [cy + (x - cx) * sin + (y - cy) * cos for x, y in b.quad]
        ox = [p[0] for p in b.quad]
        oy = [p[1] for p in b.quad]
        orig = (max(0.0, min(ox)) / width, max(0.0, min(oy)) / height,
                min(width, max(ox)) / width, min(height, max(oy)) / height)
        out.append(_Box(b.text.strip(), min(xs), max(xs), min(ys), max(ys), b.confidence, orig))
    return out


def _columns(boxes: list[_Box], width: float, height: float) -> list[tuple[list[_Box], float]]:
    """The page's boxes in reading-order groups, each with the x shift that puts its column on
    the first column's margin: one group for a one-column page; for two columns, the spanning
    lines above, the left column, the right column, the spanning lines below."""
    body = [b for b in boxes if height * DEFAULT_MARGIN_ZONE < b.mid < height * (1 - DEFAULT_MARGIN_ZONE)]
    best: tuple[int, float] | None = None
    for step in range(30, 71):
        x = width * step / 100
        left = sum(1 for b in body if b.x1 <= x)
        right = sum(1 for b in body if b.x0 >= x)
        crossing = len(body) - left - right
        fits = left >= 3 and right >= 3 and crossing <= 0.2 * len(body)
        if fits and (best is None or crossing < best[0]):
            best = (crossing, x)
    if best is None:
        return [(boxes, 0.0)]
    gutter = best[1]
    left_col = [b for b in boxes if b.x1 <= gutter]
    right_col = [b for b in boxes if b.x0 >= gutter]
    top = min(b.top for b in left_col + right_col)
    spanning = [b for b in boxes if b.x0 < gutter < b.x1]
    above = [b for b in spanning if b.bottom <= top]
    below = [b for b in spanning if b.bottom > top]
    shift = min(b.x0 for b in left_col) - min(b.x0 for b in right_col)
    return [(above, 0.0), (left_col, 0.0), (right_col, shift), (below, 0.0)]


def _rows(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes on one baseline, left to right, top to bottom."""
    rows: list[list[_Box]] = []
    for b in sorted(boxes, key=lambda b: b.mid):
        row = rows[-1] if rows else []
        if row and abs(b.mid - statistics.median(r.mid for r in row)) < 0.5 * min(b.height, *(r.height for r in row)):
            row.append(b)
            continue
        rows.append([b])
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def _weight(ch: str) -> float:
    """Width of a character in ems: 1 for Chinese and full-width, about half for Latin."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" or ch == "●" else 0.55


def _to_line(row: list[_Box], shift: float, height: float, s: float) -> OcrLayoutLine | None:
    text = ""
    for b in row:
        if text and text[-1].isascii() and text[-1].isalnum() and b.text[:1].isascii() and b.text[:1].isalnum():
            text += " "
        text += b.text
    text = correct(text).strip()
    if not text:
        return None
    x0, x1 = min(b.x0 for b in row) + shift, max(b.x1 for b in row) + shift
    top, bottom = min(b.top for b in row), max(b.bottom for b in row)
    glyphs = [(ch, i > 0 and text[i - 1] == " ") for i, ch in enumerate(text) if ch != " "]
    ems = sum(_weight(ch) for ch, _ in glyphs)
    size = (x1 - x0) / ems if ems else bottom - top
    size = min(size, 1.2 * (bottom - top))  # a wide box of few characters (spaced-out title)
    if text[0] in _OPENING_INK:
        x0 -= 0.5 * size  # a full-width opening bracket's ink sits in the right half of its em
    pad = max(0.0, (x1 - x0 - ems * size) / 2)
    chars = []
    x = x0 + pad
    for ch, spaced in glyphs:
        w = _weight(ch) * size
        chars.append(Char(ch, x * s, (x + w) * s, (height - bottom) * s, (height - top) * s, size * s, spaced))
        x += w
    line = Line(text=text, chars=tuple(chars), x0=x0 * s, x1=x1 * s, top=(height - top) * s,
                bottom=(height - bottom) * s, size=size * s)
    o = row[0].orig
    box = (min(b.orig[0] for b in row), min(b.orig[1] for b in row),
           max(b.orig[2] for b in row), max(b.orig[3] for b in row)) if len(row) > 1 else o
    return OcrLayoutLine(line, min(b.confidence for b in row), box)


_OPENING_INK = set("（“《「『【〔‘")

_FOOTER_DASHES = re.compile(r"^[\s一\-—–－~～_·.]*(\d{1,4})[\s一\-—–－~～_·.]*$")


def _is_footer(ol: OcrLayoutLine, page_height: float, outermost: bool = False) -> bool:
    """A page number inside the top or bottom margin, or set apart as the page's first or last
    line ("— 3 —" may come back as "一3一")."""
    line = ol.line
    in_margin = line.bottom > page_height * (1 - DEFAULT_MARGIN_ZONE) or line.top < page_height * DEFAULT_MARGIN_ZONE
    if not (in_margin or outermost):
        return False
    m = _FOOTER_DASHES.match(line.text)
    return bool(m) or is_page_number(line.text)


def _even_sizes(lines: list[OcrLayoutLine]) -> list[OcrLayoutLine]:
    """One font size for the body lines of a page: estimates within a quarter of the page's
    usual size take it (the paragraph rules compare sizes); short lines, whose estimate is
    loose, take it unless their box is much taller or shorter than the usual line's."""
    long = [ol for ol in lines if len(ol.line.chars) >= 6]
    if not long:
        return lines
    usual = statistics.median(ol.line.size for ol in long)
    usual_h = statistics.median(ol.line.top - ol.line.bottom for ol in long)
    out = []
    for ol in lines:
        ln = ol.line
        h = ln.top - ln.bottom
        near = abs(ln.size - usual) <= 0.25 * usual if len(ln.chars) >= 6 else 0.6 * usual_h <= h <= 1.4 * usual_h
        if near and ln.size != usual:
            ratio = usual / ln.size
            chars = tuple(c._replace(x1=c.x0 + (c.x1 - c.x0) * ratio, size=usual) for c in ln.chars)
            ln = Line(ln.text, chars, ln.x0, ln.x1, ln.top, ln.bottom, usual)
            ol = OcrLayoutLine(ln, ol.confidence, ol.box)
        out.append(ol)
    return out
