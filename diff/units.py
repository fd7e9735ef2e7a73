"""Cut a letter into comparison units that ignore layout, with numbers as slots.

A unit is a sentence of the letter's body (after the title block), found on the normalised text
stream, not on lines: line breaks, blank lines, indentation and full-/half-width forms never move
a boundary. Boundaries fall after a sentence end (。；！？), before a bullet (●) wherever it sits,
and before a numbered marker (一、 （一） 1.) that opens a source line. A heading line without a
sentence end therefore stays with the sentence after it, the same way in every letter.

Each unit carries a matching key: the normalised text with every number replaced by a slot
character, the letter's own government name by an entity character, quote styles unified and
bullet characters dropped. Every key character keeps the span of original text it stands for,
so deviations found on keys point back into ``Document.text``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from dataclasses import dataclass, field

from extract.normalize import normalize
from extract.records import Clause, Document
from extract.segment import marker_of

SLOT = "#"
"""Key character standing for a number."""
ENTITY = "@"
"""Key character standing for the letter's own government (长春市 in 长春市's letter)."""
SLOT_DISPLAY = "□"
"""How a slot is shown in template text."""
ENTITY_DISPLAY = "XX"

_NUMBER = re.compile(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?")
"""A number that is a value: not the 2.5 of PM2.5 or the 3 of O3."""
_BULLETS = "●•·▪■◆◇○◎"
_LABEL = re.compile(r"[^。;!?,:、]{2,14}:")
"""An item label such as "水环境质量目标：" (colon folded to ":")."""
_SENTENCE_END = set("。;!?")
_CLOSERS = set("”’」』)\"'")
# Quote styles fold to one ASCII quote each (meaning: a quotation, whatever the glyph).
_QUOTES = {"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'"}
_SENTENCE_RUN = re.compile(
    "[" + re.escape("".join(sorted(_SENTENCE_END))) + "][" + re.escape("".join(sorted(_CLOSERS | _SENTENCE_END))) + "]*"
)
_BULLET = re.compile("[" + re.escape(_BULLETS) + "]")
_INDENT = re.compile("[ \t\u3000\r]*")
"""What may stand between a line break and the first visible character of a line."""
_MARKER_FIRST = set("一二三四五六七八九十百零〇(（")
"""First characters of the markers that cut a unit (levels 1-3 of ``extract.segment.MARKERS``)."""
_LAYOUT_CHARS = _BULLETS + " "
"""Characters with no key character: bullets and word spaces are layout."""
_LAYOUT = set(_LAYOUT_CHARS)
_KEY_TABLE = str.maketrans({**{ch: None for ch in _LAYOUT_CHARS}, **_QUOTES})
"""Key folding: quotes unified, layout characters dropped."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A number in a unit."""

    value: float
    text: str
    """The number as written ("87.6")."""
    key_pos: int
    """Index of its slot character in the unit key."""
    span_start: int
    span_end: int
    unit: str | None = None
    """The unit the letter wrote, when ``value`` was converted into the template's unit."""


@dataclass(frozen=True, eq=False, slots=True)
class _Source:
    """What a letter's units need to map key characters back to the source, shared by its units."""

    text: str
    """The document text."""
    norm: str
    """The body, normalised, with line-break spaces dropped."""
    orig: array
    """Per character of ``norm``, its offset in ``text``."""
    entity: str
    """The letter's government, normalised ("" when unknown)."""


@dataclass(frozen=True, eq=False, slots=True)
class Unit:
    """One sentence of a letter, ready for matching."""

    doc_index: int
    ordinal: int
    key: str
    span_start: int
    span_end: int
    slots: tuple[Slot, ...]
    _src: _Source = field(repr=False)
    _a: int = field(repr=False)
    """Where the unit starts in ``_src.norm``."""
    _b: int = field(repr=False)
    _layout: tuple[tuple[str, ...], array, array] | None = field(default=None, repr=False)

    def _get_layout(self) -> tuple[tuple[str, ...], array, array]:
        # Worked out on first use only: most units equal their clause's key and never need it.
        if self._layout is None:
            object.__setattr__(self, "_layout", _layout(self._src, self._a, self._b))
        assert self._layout is not None
        return self._layout

    @property
    def display(self) -> tuple[str, ...]:
        """Per key character, the text shown for it (original characters; numbers as written)."""
        return self._get_layout()[0]

    @property
    def starts(self) -> array:
        """Per key character, its start offset in the document text."""
        return self._get_layout()[1]

    @property
    def ends(self) -> array:
        return self._get_layout()[2]

    def span_of(self, a: int, b: int) -> tuple[int, int]:
        """Document span of key characters ``[a, b)``; an empty range gives a point."""
        if b <= a:
            p = self.starts[a] if a < len(self.key) else self.span_end
            return p, p
        return self.starts[a], self.ends[b - 1]


def body_start(doc: Document, clauses: list[Clause]) -> int:
    """Offset where the letter's body begins: the first clause that is not a title line."""
    for c in clauses:
        if c.kind != "title":
            return c.span_start
    return 0


def _boundaries(norm: str, line_starts: list[int]) -> list[int]:
    cuts = {0, len(norm)}
    # A sentence end and the closers and sentence ends right after it: cut after the run.
    cuts.update(m.end() for m in _SENTENCE_RUN.finditer(norm))
    for m in _BULLET.finditer(norm):
        i = m.start()
        cuts.add(i)
        _cut_label(norm, i + 1, cuts)
    for p in line_starts:
        if p >= len(norm) or not (norm[p] in _MARKER_FIRST or norm[p].isdigit()):
            continue  # cannot open a 一、 / (一) / 1. / (1) marker: skip the regexes
        mk = marker_of(norm[p : p + 8])
        if mk is not None and mk[0] <= 3:
            cuts.add(p)
            _cut_label(norm, p + len(mk[1]), cuts)
    return sorted(cuts)


def _cut_label(norm: str, p: int, cuts: set[int]) -> None:
    """Cut after a short label that opens an item ("环境空气质量目标："): it stands on its own."""
    m = _LABEL.match(norm, p)
    if m:
        cuts.add(m.end())


def _line_starts(text: str, start: int, orig: list[int]) -> list[int]:
    """Normalised positions that open a source line: only indentation between them and a line break."""
    out = []
    head = start
    while head >= 0:
        last = _INDENT.match(text, head).end()  # type: ignore[union-attr]
        i = bisect.bisect_left(orig, head)
        while i < len(orig) and orig[i] <= last:
            out.append(i)
            i += 1
        nl = text.find("\n", head)
        head = nl + 1 if nl >= 0 else -1
    return out


DEFAULT_MEMO_UNITS = 50_000
"""How many distinct sentences ``units_of`` remembers per family (letters repeat most of theirs)."""

_Shape = tuple[str, int, int, tuple[tuple[float, str, int, int, int], ...]]
"""A sentence's key, its first and last key-bearing offsets, and its numbers as (value, text,
key position, start, last offset), offsets counted in the sentence."""
UnitMemo = dict[tuple[str, str, str], _Shape]
"""Sentence shapes already worked out, by (character before, sentence, government if named)."""


def units_of(
    doc: Document, clauses: list[Clause], doc_index: int = 0, memo: UnitMemo | None = None
) -> list[Unit]:
    """The body of ``doc`` as units, in reading order.

    ``memo``, shared by the letters of a family, remembers the keys of sentences seen before.
    """
    start = body_start(doc, clauses)
    text = doc.text
    nz = normalize(text[start:])
    norm = nz.text
    orig = nz.original_offsets(start)
    # A space normalisation kept between Latin letters or digits is layout when the source had a
    # line break there ("7\n5" wrapped inside 75): drop it so the number stays whole.
    drop = set()
    i = norm.find(" ")
    while i >= 0:
        lo = orig[i - 1] + 1 if i else start
        hi = orig[i + 1] if i + 1 < len(orig) else len(text)
        if "\n" in text[lo:hi]:
            drop.add(i)
        i = norm.find(" ", i + 1)
    if drop:
        norm = "".join(ch for i, ch in enumerate(norm) if i not in drop)
        orig = [o for i, o in enumerate(orig) if i not in drop]
    cuts = _boundaries(norm, _line_starts(text, start, orig))
    entity = normalize(doc.entity).text if doc.entity else ""
    src = _Source(text, norm, array("i", orig), entity)
    out: list[Unit] = []
    for a, b in itertools.pairwise(cuts):
        if b <= a:
            continue
        seg = norm[a:b]
        # The key depends on the sentence, the character before it (a number's look-behind) and
        # the government's name when the sentence holds it.
        mkey = (norm[a - 1] if a else "", seg, entity if entity and entity in seg else "")
        shape = memo.get(mkey) if memo is not None else None
        if shape is None:
            shape = _shape(*mkey)
            if memo is not None and len(memo) < DEFAULT_MEMO_UNITS:
                memo[mkey] = shape
        key, first, last, numbers = shape
        if not key:
            continue
        out.append(Unit(
            doc_index=doc_index,
            ordinal=len(out),
            key=key,
            span_start=orig[a + first],
            span_end=orig[a + last] + 1,
            slots=tuple(Slot(v, t, k, orig[a + s0], orig[a + s1] + 1) for v, t, k, s0, s1 in numbers),
            _src=src,
            _a=a,
            _b=b,
        ))
    return out


def _shape(before: str, seg: str, entity: str) -> _Shape:
    """Key, key-bearing range and numbers of the sentence ``seg``; ``before`` is the character before it."""
    norm = before + seg
    a, b = len(before), len(norm)
    numbers = list(_NUMBER.finditer(norm, a, b))
    key: list[str] = []
    klen = 0
    slots: list[tuple[float, str, int, int, int]] = []
    k = 0  # next number
    i = a
    ent = norm.find(entity, a, b) if entity else -1
    while True:
        while k < len(numbers) and numbers[k].start() < i:
            k += 1  # a number starting inside an entity is text of the entity
        if 0 <= ent < i:
            ent = norm.find(entity, i, b)
        n_at = numbers[k].start() if k < len(numbers) else b
        e_at = ent if ent >= 0 else b
        nxt = min(n_at, e_at)
        if nxt > i:
            plain = _plain_key(norm, a, b, i, nxt)
            key.append(plain)
            klen += len(plain)
        if nxt >= b:
            break
        if n_at <= e_at:  # a number wins over the entity at the same place
            m = numbers[k]
            e = m.end()
            slots.append((float(m.group()), m.group(), klen, nxt - a, e - 1 - a))
            key.append(SLOT)
        else:
            e = nxt + len(entity)
            key.append(ENTITY)
        klen += 1
        i = e
    first = len(seg) - len(seg.lstrip(_LAYOUT_CHARS))
    last = len(seg.rstrip(_LAYOUT_CHARS)) - 1
    return "".join(key), first, last, tuple(slots)


def _plain_key(norm: str, a: int, b: int, i: int, j: int) -> str:
    """Key of plain characters ``norm[i:j]`` inside the unit ``[a, b)``."""
    seg = norm[i:j]
    if "." in seg:
        # A full stop written "." ends a sentence unless it sits between digits (3.5 left unslotted).
        chars = list(seg)
        for k, ch in enumerate(chars):
            p = i + k
            if ch == "." and not (p > a and norm[p - 1].isdigit() and p + 1 < b and norm[p + 1].isdigit()):
                chars[k] = "。"
        seg = "".join(chars)
    return seg.translate(_KEY_TABLE)


def _layout(src: _Source, a: int, b: int) -> tuple[tuple[str, ...], array, array]:
    """Per key character of the unit ``[a, b)``: its display text, start and end in the document."""
    text, norm, orig, entity = src.text, src.norm, src.orig, src.entity
    display: list[str] = []
    starts = array("i")
    ends = array("i")
    numbers = {m.start(): m for m in _NUMBER.finditer(norm, a, b)}
    i = a
    while i < b:
        ch = norm[i]
        m = numbers.get(i)
        if m is not None:
            e = m.end()
            display.append(m.group())
            starts.append(orig[i])
            ends.append(orig[e - 1] + 1)
            i = e
            continue
        if entity and norm.startswith(entity, i) and i + len(entity) <= b:
            e = i + len(entity)
            display.append(text[orig[i] : orig[e - 1] + 1])
            starts.append(orig[i])
            ends.append(orig[e - 1] + 1)
            i = e
            continue
        if ch in _LAYOUT:
            i += 1
            continue
        display.append(text[orig[i]])
        starts.append(orig[i])
        ends.append(orig[i] + 1)
        i += 1
    return tuple(display), starts, ends


def template_display(unit: Unit) -> str:
    """The unit shown as template text: slots as □, the government as XX."""
    return "".join(
        SLOT_DISPLAY if k == SLOT else ENTITY_DISPLAY if k == ENTITY else d
        for k, d in zip(unit.key, unit.display)
    )
