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

import itertools
import re
from array import array
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Slot:
    """A number in a unit."""

    value: float
    text: str
    """The number as written ("87.6")."""
    key_pos: int
    """Index of its slot character in the unit key."""
    span_start: int
    span_end: int


@dataclass(frozen=True, eq=False)
class Unit:
    """One sentence of a letter, ready for matching."""

    doc_index: int
    ordinal: int
    key: str
    display: tuple[str, ...]
    """Per key character, the text shown for it (original characters; numbers as written)."""
    starts: array
    """Per key character, its start offset in the document text."""
    ends: array
    span_start: int
    span_end: int
    slots: tuple[Slot, ...]

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


def _boundaries(norm: str, line_starts: set[int]) -> list[int]:
    cuts = {0, len(norm)}
    n = len(norm)
    for i, ch in enumerate(norm):
        if ch in _SENTENCE_END:
            j = i + 1
            while j < n and (norm[j] in _CLOSERS or norm[j] in _SENTENCE_END):
                j += 1
            cuts.add(j)
        elif ch in _BULLETS:
            cuts.add(i)
            _cut_label(norm, i + 1, cuts)
    for p in line_starts:
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


def units_of(doc: Document, clauses: list[Clause], doc_index: int = 0) -> list[Unit]:
    """The body of ``doc`` as units, in reading order."""
    start = body_start(doc, clauses)
    text = doc.text
    nz = normalize(text[start:])
    orig = [nz.to_original(i) + start for i in range(len(nz.text))]
    # A space normalisation kept between Latin letters or digits is layout when the source had a
    # line break there ("7\n5" wrapped inside 75): drop it so the number stays whole.
    keep = [
        i for i, ch in enumerate(nz.text)
        if ch != " " or "\n" not in text[orig[i - 1] + 1 if i else start : orig[i + 1] if i + 1 < len(orig) else len(text)]
    ]
    norm = "".join(nz.text[i] for i in keep)
    orig = [orig[i] for i in keep]
    # Normalised positions that open a source line (first visible character after a newline).
    line_starts: set[int] = set()
    for i, o in enumerate(orig):
        k = o - 1
        while k >= start and text[k] in " \t\u3000\r":
            k -= 1
        if k < start or text[k] == "\n":
            line_starts.add(i)
    cuts = _boundaries(norm, line_starts)
    entity = normalize(doc.entity).text if doc.entity else ""
    out: list[Unit] = []
    for a, b in itertools.pairwise(cuts):
        if b <= a:
            continue
        unit = _make_unit(doc, norm, orig, a, b, entity, doc_index, len(out))
        if unit is not None:
            out.append(unit)
    return out


def _make_unit(
    doc: Document, norm: str, orig: list[int], a: int, b: int, entity: str, doc_index: int, ordinal: int
) -> Unit | None:
    text = doc.text
    key: list[str] = []
    display: list[str] = []
    starts = array("i")
    ends = array("i")
    slots: list[Slot] = []
    numbers = {m.start(): m for m in _NUMBER.finditer(norm, a, b)}
    i = a
    while i < b:
        ch = norm[i]
        m = numbers.get(i)
        if m is not None:
            e = m.end()
            slots.append(Slot(float(m.group()), m.group(), len(key), orig[i], orig[e - 1] + 1))
            key.append(SLOT)
            display.append(m.group())
            starts.append(orig[i])
            ends.append(orig[e - 1] + 1)
            i = e
            continue
        if entity and norm.startswith(entity, i) and i + len(entity) <= b:
            e = i + len(entity)
            key.append(ENTITY)
            display.append(text[orig[i] : orig[e - 1] + 1])
            starts.append(orig[i])
            ends.append(orig[e - 1] + 1)
            i = e
            continue
        if ch in _BULLETS or ch == " ":  # bullets and word spaces are layout
            i += 1
            continue
        if ch == "." and not (i > a and norm[i - 1].isdigit() and i + 1 < b and norm[i + 1].isdigit()):
            ch = "。"
        key.append(_QUOTES.get(ch, ch))
        display.append(text[orig[i]])
        starts.append(orig[i])
        ends.append(orig[i] + 1)
        i += 1
    if not key:
        return None
    return Unit(
        doc_index=doc_index,
        ordinal=ordinal,
        key="".join(key),
        display=tuple(display),
        starts=starts,
        ends=ends,
        span_start=starts[0],
        span_end=ends[-1],
        slots=tuple(slots),
    )


def template_display(unit: Unit) -> str:
    """The unit shown as template text: slots as □, the government as XX."""
    return "".join(
        SLOT_DISPLAY if k == SLOT else ENTITY_DISPLAY if k == ENTITY else d
        for k, d in zip(unit.key, unit.display)
    )
