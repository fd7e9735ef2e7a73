"""Cut a letter into comparison units that ignore layout, with numbers as slots.

A unit is a sentence of the letter's body (after the title block), found on the normalised text
stream, not on lines: line breaks, blank lines, indentation and full-/half-width forms never move
a boundary. Boundaries fall after a sentence end (。；！？), before a bullet (●) wherever it sits,
and before a numbered marker (一、 （一） 1.) that opens a source line. A section heading (一、 or
（一）) standing on a line of its own is a unit of its own, so a sentence can leave its section while
the heading stays; a heading that fills its line to the end may go on in the next line and stays
with the sentence after it, unless another letter of the family shows the same heading alone
(``split_headings``).

Each unit carries a matching key: the normalised text with every number replaced by a slot
character, the letter's own government name by an entity character, quote styles unified and
bullet characters dropped. Every key character keeps the span of original text it stands for,
so deviations found on keys point back into ``Document.text``.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from array import array
from dataclasses import dataclass, field

from extract.normalize import normalize
from extract.records import Clause, Document
from extract.vocabulary.markers import marker_of

SLOT = "#"
"""Key character standing for a number."""
ENTITY = "@"
"""Key character standing for the letter's own government (长春市 in 长春市's letter)."""
SECTION_MARK = "§"
"""Key character standing for a section marker opening a unit (一、 or （一）), whatever its number."""
ITEM_MARK = "¶"
"""Key character standing for an item number opening a unit (1． 2、 (3)), whatever its number."""
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
"""First characters of the markers that cut a unit (levels 1-3 of ``extract.vocabulary.markers.MARKERS``)."""
_LAYOUT_CHARS = _BULLETS + " "
"""Characters with no key character: bullets and word spaces are layout."""
_LAYOUT = set(_LAYOUT_CHARS)
_ESCAPES = {SLOT: "＃", ENTITY: "＠", SECTION_MARK: "⸹", ITEM_MARK: "❡"}
"""A letter's own # @ § ¶ in a key, as characters folded text never holds (fold turns ＃ ＠ into
# @): text written with a mark's character must never read as the mark (a literal # read as a
number slot crashed the diff)."""
_KEY_TABLE = str.maketrans({**{ch: None for ch in _LAYOUT_CHARS}, **_QUOTES, **_ESCAPES})
"""Key folding: quotes unified, layout characters dropped, the key's own marks escaped."""


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


HEADING_MAX_CHARS = 40
"""A section heading line longer than this is body text that happens to open with a marker."""
FULL_LINE_SLACK = 3
"""A line within this many characters of the letter's longest may have been wrapped by the layout
(line breaking moves a character or two to keep punctuation off a line's start)."""
HEADING_MAX_LINES = 3
"""How many wrapped lines a heading may run over."""


def _boundaries(norm: str, line_starts: list[int], heading_ends: dict[int, int] | None = None) -> list[int]:
    """Unit boundaries; ``heading_ends`` maps the start of a section heading line to where that line
    ends when the heading stands alone (see ``_heading_ends``)."""
    cuts = {0, len(norm)}
    if heading_ends:
        cuts.update(heading_ends.values())
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


def _heading_ends(text: str, start: int, norm: str, orig: list[int], line_starts: list[int]) -> dict[int, int]:
    """Where each section heading (一、 / （一） with no sentence end) ends in ``norm``, when its end
    is plain from the layout: its line (or the last of the lines it was wrapped over) stops short
    of the letter's longest lines, or a blank line or a marker follows. A heading that fills its
    line to the end may go on in the next one, where the sentence under it may just as well start:
    it is left with that sentence."""
    heads = [p for p in line_starts if p < len(norm) and norm[p] in _MARKER_FIRST]
    if not heads:
        return {}
    longest = max(len(line.strip()) for line in text[start:].split("\n"))
    out: dict[int, int] = {}
    for p in heads:
        mk = marker_of(norm[p : p + 8])
        if mk is None or mk[0] > 2:
            continue
        off = orig[p]
        for _ in range(HEADING_MAX_LINES):
            nl = text.find("\n", off)
            if nl < 0:
                break
            q = bisect.bisect_right(orig, nl, p)  # first normalised character after the line break
            if q >= len(norm) or q - p > HEADING_MAX_CHARS or any(
                    ch in _SENTENCE_END or ch == "," for ch in norm[p:q]):
                break
            if (len(text[off:nl].strip()) < longest - FULL_LINE_SLACK or "\n" in text[nl + 1 : orig[q]]
                    or marker_of(norm[q : q + 8]) or _BULLET.match(norm, q)):
                out[p] = q
                break
            off = nl + 1
    return out


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
    line_starts = _line_starts(text, start, orig)
    cuts = _boundaries(norm, line_starts, _heading_ends(text, start, norm, orig, line_starts))
    entity = normalize(doc.entity).text if doc.entity else ""
    src = _Source(text, norm, array("i", orig), entity)
    out: list[Unit] = []
    for a, b in itertools.pairwise(cuts):
        if b <= a:
            continue
        u = _unit(src, a, b, doc_index, len(out), memo)
        if u is not None:
            out.append(u)
    return out


def _unit(src: _Source, a: int, b: int, doc_index: int, ordinal: int, memo: UnitMemo | None) -> Unit | None:
    """The unit of ``src.norm[a:b]``, None when it holds nothing but layout."""
    norm, orig, entity = src.norm, src.orig, src.entity
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
        return None
    return Unit(
        doc_index=doc_index,
        ordinal=ordinal,
        key=key,
        span_start=orig[a + first],
        span_end=orig[a + last] + 1,
        slots=tuple(Slot(v, t, k, orig[a + s0], orig[a + s1] + 1) for v, t, k, s0, s1 in numbers),
        _src=src,
        _a=a,
        _b=b,
    )


def _is_heading(key: str) -> bool:
    """A section heading's key: 一、 / (一) opening a short unit with no sentence end."""
    return (key[:1] == SECTION_MARK and len(key) <= HEADING_MAX_CHARS
            and not any(ch in _SENTENCE_END for ch in key))


def split_headings(letters: list[list[Unit]], memo: UnitMemo | None = None) -> list[list[Unit]]:
    """Cut a section heading off the sentence it was kept with when another letter of the family has
    the same heading as a unit of its own (its heading line was wrapped, or judged possibly wrapped).

    The cut needs a line break or a space in the letter right after the heading's words: a longer
    heading that merely begins with a shorter one's words ((一)强化组织领导和统筹协调) is not cut.
    """
    vocab = {u.key for units in letters for u in units if _is_heading(u.key)}
    if not vocab:
        return letters
    lengths = sorted({len(k) for k in vocab}, reverse=True)
    out = []
    for units in letters:
        new: list[Unit] | None = None
        for n, u in enumerate(units):
            parts = [u]
            if u.key[:1] == SECTION_MARK and not _is_heading(u.key):
                h = next((L for L in lengths if L < len(u.key) and u.key[:L] in vocab), 0)
                if h and _gap(u, h):
                    src = u._src
                    cut = bisect.bisect_left(src.orig, u.starts[h], u._a, u._b)
                    head = _unit(src, u._a, cut, u.doc_index, 0, memo)
                    rest = _unit(src, cut, u._b, u.doc_index, 0, memo)
                    if head is not None and rest is not None and head.key == u.key[:h]:
                        parts = [head, rest]
            if new is None and len(parts) > 1:
                new = list(units[:n])
            if new is not None:
                new.extend(parts)
        if new is None:
            out.append(units)
        else:
            out.append([dataclasses.replace(u, ordinal=i) for i, u in enumerate(new)])
    return out


def _gap(u: Unit, h: int) -> bool:
    """Layout (a line break, a space) stands between key characters ``h - 1`` and ``h`` of ``u``."""
    between = u._src.text[u.ends[h - 1] : u.starts[h]]
    return bool(between) and not between.strip()


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
    first = len(seg) - len(seg.lstrip(_LAYOUT_CHARS))
    mark = _marker(norm, a + first, b)
    if mark is not None:
        key.append(mark[0])
        klen += 1
        i = mark[1]
    ent = norm.find(entity, i, b) if entity else -1
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
    last = len(seg.rstrip(_LAYOUT_CHARS)) - 1
    return "".join(key), first, last, tuple(slots)


def _marker(norm: str, p: int, b: int) -> tuple[str, int] | None:
    """(key character, end) of the section or item marker at ``norm[p]``, if one opens there.

    A marker's number says where the clause sits, not what it says: a letter that drops an item
    renumbers the rest (5． becomes 4．) without changing a word of them.
    """
    if p >= b or not (norm[p] in _MARKER_FIRST or norm[p].isdigit()):
        return None
    mk = marker_of(norm[p : min(b, p + 8)])
    if mk is None or mk[0] > 3:
        return None
    return (SECTION_MARK if mk[0] <= 2 else ITEM_MARK), p + len(mk[1])


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
    while i < b and norm[i] in _LAYOUT:
        i += 1
    mark = _marker(norm, i, b)
    if mark is not None:
        e = mark[1]
        display.append(text[orig[i] : orig[e - 1] + 1])
        starts.append(orig[i])
        ends.append(orig[e - 1] + 1)
        i = e
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
