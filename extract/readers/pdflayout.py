"""Layout rules that turn positioned PDF characters into lines, paragraphs and table rows.

Pure functions over plain records, no PDF library: ``extract.readers.pdf`` feeds them pdfium characters
and pdfplumber tables. Coordinates are PDF user space (y grows upwards).

Paragraphs are rebuilt the way a reader sees them, from the layout:
- a line that stops short of the right margin by more than the first word of the next line
  needed ends its paragraph (a centred line counts the space on both sides);
- a line that starts with a list marker (●, 一、, （一）, 1.) or is indented starts one;
- a larger vertical gap than the usual line pitch, or a change of font size, starts one.
Wrapped lines are joined with nothing between them unless both sides are Latin letters or
digits; spaces that PDF tools put between Chinese and Latin text are dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# A line starting like this opens a paragraph whatever its position.
_MARKER = re.compile(
    r"^(?:[●■◆◇○•▪▶★☆※□√]"
    r"|[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d{1,3}[、．.](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节条部分])"
)
# "— 3 —", "- 3 -", "第3页", "第 3 页 共 10 页", "3/10", a bare "3".
_PAGE_NUMBER = re.compile(
    r"^[-—–－~～·\s]*(?:第\s*)?\d{1,4}\s*页?\s*(?:[,，/／]?\s*共?\s*\d{1,4}\s*页?)?[-—–－~～·\s]*$"
)
# Characters a line cannot start with: they travel with the character before them.
_CLOSING = set("，。、；：？！）》」』】〕”’,.;:?!)%")
_OPENING = set("（《「『【〔“‘(")
_WIDE_CLASS = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f●■◆▲★○□◇—…“”‘’"
_SPACE_NEAR_WIDE = re.compile(rf"[ \t\u3000]+(?=[{_WIDE_CLASS}])|(?<=[{_WIDE_CLASS}])[ \t\u3000]+")

_BAD_CODES = {0, 0xFFFD, 0xFFFE, 0xFFFF}
# pdfminer (behind pdfplumber's tables) writes a glyph without a Unicode value as "(cid:123)".
_CID = re.compile(r"\(cid:\d+\)")
# Kangxi radicals and CJK radical supplements -> the ideograph they look like (⼲ -> 干).
_RADICALS = {
    cp: folded
    for cp in range(0x2E80, 0x2FE0)
    if len(folded := unicodedata.normalize("NFKC", chr(cp))) == 1 and folded != chr(cp)
}


def repair_char(code: int) -> tuple[str, bool]:
    """The character for a Unicode value from a PDF font, and whether it is unusable.

    Kangxi radicals and CJK radical supplements (⼲ for 干), which broken font maps produce, are
    folded to the ideograph they stand for, as ``extract.normalize.fold`` does.
    """
    if 0x20 < code < 0x2E80 or 0x3000 <= code < 0xE000:
        return chr(code), False  # the usual case: Latin, punctuation, CJK ideographs
    if code in _BAD_CODES or 0xE000 <= code <= 0xF8FF or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd", True
    ch = chr(code)
    return _RADICALS.get(code, ch), False


def is_page_number(text: str) -> bool:
    """True for a page-number line such as "— 3 —", "- 3 -" or "第3页"."""
    return bool(text) and len(text) <= 20 and bool(_PAGE_NUMBER.match(text))


def _narrow(ch: str) -> bool:
    return ord(ch) < 0x2E80 and unicodedata.east_asian_width(ch) not in "WF"


def _latin_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def joiner(before: str, after: str) -> str:
    """What goes between two wrapped pieces: a space only between Latin letters or digits."""
    return " " if before and after and _latin_word(before[-1]) and _latin_word(after[0]) else ""


def clean_text(text: str) -> str:
    """Join wrapped lines of a table cell and drop spaces next to Chinese characters; fold
    radicals to ideographs and pdfminer's "(cid:N)" to U+FFFD as for the page text."""
    text = _CID.sub("\ufffd", text).translate(_RADICALS)
    pieces = [p.strip() for p in text.replace("\t", " ").split("\n")]
    out = ""
    for piece in pieces:
        if piece:
            out = out + joiner(out, piece) + piece if out else piece
    return _SPACE_NEAR_WIDE.sub("", out)


class Char(NamedTuple):
    """One drawn character with its loose box; ``space_before`` if the PDF put a space before it.

    A named tuple rather than a frozen dataclass: a page has thousands and this is the hot path.
    """

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    space_before: bool = False

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Line:
    """A row of characters on one baseline, as text."""

    text: str
    chars: tuple[Char, ...] = field(repr=False)
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    def first_unit_width(self) -> float:
        """Width of what must move together at the start: a Latin word or one character, plus
        any closing punctuation after it (which may not start a line)."""
        chars = self.chars
        end = 1
        if chars[0].text in _OPENING and len(chars) > 1:
            end = 2
        if _latin_word(chars[0].text):
            while end < len(chars) and _narrow(chars[end].text) and not chars[end].space_before:
                end += 1
        while end < len(chars) and chars[end].text in _CLOSING:
            end += 1
        return chars[end - 1].x1 - chars[0].x0


@dataclass(frozen=True)
class RawTable:
    """A table as pdfplumber found it: bbox in PDF space, cell texts and cell boxes."""

    x0: float
    x1: float
    top: float
    bottom: float
    rows: tuple[tuple[str | None, ...], ...]
    boxes: tuple[tuple[tuple[float, float, float, float] | None, ...], ...]

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.bottom - 1 <= y <= self.top + 1


@dataclass(frozen=True)
class TableBlock:
    """A table's rows as they go out: cell texts, horizontally merged cells once."""

    top: float
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str | None, ...]
    """First row of the whole table, to recognise the header repeated on the next page."""
    last: tuple[str | None, ...]
    """Last row with every grid column (None where a cell spans from the left)."""


def chars_to_lines(chars: Sequence[Char]) -> list[Line]:
    """Group characters into lines top to bottom; drop fake-bold duplicates."""
    segments: list[list[Char]] = []
    for c in chars:
        seg = segments[-1] if segments else None
        if seg is not None:
            last = seg[-1]
            same_row = abs(c.mid - last.mid) <= 0.5 * max(c.size, last.size)
            if same_row and c.x0 >= last.x0 - 0.5 * c.size:
                seg.append(c)
                continue
        segments.append([c])
    keyed = sorted(((statistics.median(c.mid for c in seg), seg) for seg in segments), key=lambda k: -k[0])
    rows: list[tuple[float, float, list[Char]]] = []  # (middle, font size, characters)
    for mid, seg in keyed:
        if rows and abs(mid - rows[-1][0]) <= 0.4 * rows[-1][1]:
            rows[-1][2].extend(seg)
            continue
        rows.append((mid, max(c.size for c in seg), list(seg)))
    return [_row_to_line(sorted(row, key=lambda c: c.x0)) for _, _, row in rows]


def _row_to_line(chars: list[Char]) -> Line:
    kept: list[Char] = []
    for c in chars:
        if _drawn_twice(c, kept):
            continue  # the same glyph drawn again on top of itself to fake bold
        kept.append(c)
    parts: list[str] = []
    for i, c in enumerate(kept):
        if i:
            prev = kept[i - 1]
            gap = c.x0 - prev.x1
            if (c.space_before or gap > 0.25 * c.size) and _narrow(prev.text) and _narrow(c.text):
                parts.append(" ")
        parts.append(c.text)
    return Line(
        text="".join(parts),
        chars=tuple(kept),
        x0=kept[0].x0,
        x1=kept[-1].x1,
        top=max(c.top for c in kept),
        bottom=min(c.bottom for c in kept),
        size=max(c.size for c in kept),
    )


def _drawn_twice(c: Char, kept: list[Char]) -> bool:
    """Whether ``c`` repeats one of the last three kept characters at almost the same place."""
    tol = 0.25 * c.size
    for k in kept[-1:-4:-1]:
        if k.text == c.text and abs(k.x0 - c.x0) < tol and abs(k.top + k.bottom - c.top - c.bottom) < 2 * tol:
            return True
    return False


def table_rows(raw: RawTable, carry: TableBlock | None) -> TableBlock:
    """Rows of a ruled table with merged cells resolved.

    pdfplumber gives None for a cell covered by a merged one. If the cell to the left reaches
    into this column the merge is horizontal and the cell is left out (Word's gridSpan shows
    once); otherwise it is vertical and takes the text of the cell above. ``carry`` is the
    same table's part on the previous page: its header row is not repeated, and an empty cell
    in the first row continues the merged cell that the page break split.
    """
    ncols = max(len(r) for r in raw.rows)
    col_x0: list[float] = []
    for c in range(ncols):
        xs = [b[c][0] for b in raw.boxes if c < len(b) and b[c] is not None]  # type: ignore[index]
        col_x0.append(min(xs) if xs else 0.0)
    above: tuple[str | None, ...] | None = carry.last if carry else None
    header: tuple[str | None, ...] | None = carry.header if carry else None
    out: list[tuple[str, ...]] = []
    full: tuple[str | None, ...] = ()
    for r, (row, boxes) in enumerate(zip(raw.rows, raw.boxes)):
        cells: list[str | None] = []
        for c in range(ncols):
            value = row[c] if c < len(row) else None
            box = boxes[c] if c < len(boxes) else None
            if value is not None and box is not None:
                cells.append(clean_text(value))
                continue
            left = next((boxes[k] for k in range(min(c, len(boxes)) - 1, -1, -1) if boxes[k]), None)
            if left is not None and left[2] > col_x0[c] + 1:
                cells.append(None)
            else:
                cells.append((above[c] if above and c < len(above) else None) or "")
        if r == 0 and carry is not None and tuple(cells) == carry.header:
            continue  # header repeated on the new page
        if not out and carry is not None and above:
            # An empty cell opening the continued table is a merged cell split by the page break.
            cells = [(above[c] or "") if v == "" and c < len(above) else v for c, v in enumerate(cells)]
        full = tuple(cells)
        if header is None:
            header = full
        out.append(tuple(c for c in full if c is not None))
        above = full
    return TableBlock(
        top=raw.top, rows=tuple(out), header=header or (), last=full if out else (carry.last if carry else ())
    )


@dataclass(frozen=True)
class _Metrics:
    left: float
    right: float
    pitch: dict[float, float]

    def centred(self, line: Line) -> bool:
        """Clear of the left margin and about as far from both margins (a wrapped title's first
        line may nearly fill the width)."""
        before, after = line.x0 - self.left, self.right - line.x1
        return before > 0.15 * line.size and abs(before - after) < line.size

    def usual_pitch(self, size: float) -> float:
        return self.pitch.get(round(size), 1.8 * size)


def _edge(values: list[float], largest: bool) -> float:
    """The margin: the outermost position shared by a good part of the lines (at least a
    quarter as many as share the most common position), so stray lines do not move it."""
    ordered = sorted(values)
    counts = [bisect.bisect_right(ordered, v + 2.0) - bisect.bisect_left(ordered, v - 2.0) for v in ordered]
    need = max(2, max(counts) // 4)
    shared = [v for v, n in zip(ordered, counts) if n >= need]
    if not shared:
        return max(values) if largest else min(values)
    return max(shared) if largest else min(shared)


DEFAULT_MIN_LINES_FOR_MARGINS = 10
"""Odd and even pages get their own margins (Chinese official documents bind on the left of
odd pages and the right of even ones) when that half of the pages has this many lines."""


def _metrics(pages: Sequence[Sequence[Line | TableBlock]], own: Collection[int] = ()) -> list[_Metrics]:
    """Margins and usual line pitch for each page; pages in ``own`` (0-based) get margins of
    their own (an OCR'd page: its positions come from a scan, not from the other pages' layout)."""
    pitches: dict[float, list[float]] = {}
    for blocks in pages:
        for a, b in itertools.pairwise(blocks):
            if isinstance(a, Line) and isinstance(b, Line) and abs(a.size - b.size) < 0.5:
                d = a.mid - b.mid
                if 0 < d < 3 * a.size:
                    pitches.setdefault(round(a.size), []).append(d)
    pitch = {k: statistics.median(v) for k, v in pitches.items()}

    def margins(group: Sequence[Sequence[Line | TableBlock]]) -> _Metrics | None:
        lines = [b for blocks in group for b in blocks if isinstance(b, Line) and len(b.chars) > 1]
        if not lines:
            return None
        return _Metrics(_edge([ln.x0 for ln in lines], False), _edge([ln.x1 for ln in lines], True), pitch)

    overall = margins(pages) or _Metrics(0.0, 0.0, pitch)
    halves = []
    for parity in (0, 1):
        half = pages[parity::2]
        enough = (
            sum(1 for blocks in half for b in blocks if isinstance(b, Line)) >= DEFAULT_MIN_LINES_FOR_MARGINS
        )
        halves.append((margins(half) if enough else None) or overall)
    out = [halves[i % 2] for i in range(len(pages))]
    for i in own:
        out[i] = margins([pages[i]]) or out[i]
    return out


def _continues(a: Line, b: Line, ma: _Metrics, mb: _Metrics, same_page: bool, indent: float | None) -> bool:
    """Whether line ``b`` carries on the paragraph whose last line is ``a``; ``ma`` and ``mb``
    are their pages' metrics, ``indent`` where the paragraph's continuation lines start
    (relative to the left margin) once known."""
    size = max(a.size, b.size)
    if abs(a.size - b.size) > 0.15 * size or _MARKER.match(b.text):
        return False
    a_centred, b_centred = ma.centred(a), mb.centred(b)
    slack = ma.right - a.x1 + (a.x0 - ma.left if a_centred else 0.0)
    if slack > b.first_unit_width() + 0.6 * a.size:
        return False
    if same_page and a.mid - b.mid > 1.4 * ma.usual_pitch(a.size):
        return False
    if a_centred and b_centred:
        return True
    b_indent = b.x0 - mb.left
    if indent is not None:
        return abs(b_indent - indent) <= 0.5 * size
    return b_indent < 0.8 * size or b_indent < a.x0 - ma.left - 0.8 * size


def assemble(
    pages: Sequence[Sequence[Line | TableBlock]],
    *,
    own_margins: Collection[int] = (),
    spans: list[tuple[int, int, int, int]] | None = None,
) -> tuple[str, list[int]]:
    """Text with one paragraph or table row per line, and the offset where each page begins.

    ``own_margins``: pages (0-based) measured on their own (see ``_metrics``). ``spans``, when
    given, receives (page, block, start, end) for every line: where its text went.
    """
    metrics = _metrics(pages, own_margins)
    out: list[str] = []
    length = 0
    starts: list[int] = []
    prev: Line | None = None
    prev_page = -1
    indent: float | None = None

    def put(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += len(piece)

    for number, blocks in enumerate(pages):
        started = False
        for index, block in enumerate(blocks):
            if isinstance(block, TableBlock):
                if not block.rows:
                    continue
                piece, prev = "\n".join("\t".join(r) for r in block.rows), None
                glue = "\n" if out else ""
            else:
                piece = block.text
                m = metrics[number]
                if prev is not None and _continues(
                    prev, block, metrics[prev_page], m, prev_page == number, indent
                ):
                    glue = joiner(prev.text, piece)
                    indent = block.x0 - m.left if indent is None else indent
                else:
                    glue = "\n" if out else ""
                    indent = None
                prev, prev_page = block, number
            put(glue)
            if not started:
                starts.append(length)
                started = True
            if spans is not None and isinstance(block, Line):
                spans.append((number, index, length, length + len(piece)))
            put(piece)
        if not started:
            starts.append(length)
    return "".join(out), starts
