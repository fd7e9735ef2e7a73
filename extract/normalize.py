"""Normalisation for matching that keeps provenance.

``normalize(text)`` folds full-width forms to ASCII, Kangxi-radical look-alikes to the real
ideographs and traditional characters to simplified ones, and drops layout whitespace (line
breaks, indentation, the spaces PDF tools put between Chinese and Latin text). Every folding
step maps one character to one character, and only whitespace is removed, so the result keeps
an exact map from each normalised character back to its offset in the original text.

Roman numerals (Ⅲ, Ⅴ) are kept as they are: NFKC would turn Ⅴ into "V" and the water classes
would no longer be recognisable.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

# Whitespace between two ASCII letters or digits separates words ("Word 97"); anywhere else in
# Chinese text it is layout and is dropped.
_SPACE_RUN = re.compile(r"\s+")
PINYIN_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
"""Pinyin a reprint site writes after a character (市区(qū), 優(yōu)良率): not part of the words."""
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# Characters folded one to one besides the full-width block (comment: meaning).
_EXTRA_FOLDS = {
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",  # no-break space
    "\ufeff": " ",  # byte-order mark left inside text
    "\u00b5": "μ",  # micro sign -> Greek mu, as in μg/m³
    "\u2014": "—",  # em dash stays; listed so the table documents it
    "\u2027": "·",  # hyphenation point
    "\u30fb": "·",  # katakana middle dot
    "\u2236": ":",  # ratio sign used as a colon
    "\u3001": "、",  # ideographic comma stays: it separates list items
    "\ufe50": ",",  # small comma
    "\ufe51": "、",  # small ideographic comma
    "\ufe52": ".",  # small full stop
    "\ufe6a": "%",  # small percent sign (80﹪以上)
    "\u2215": "/",  # division slash
    "\u2044": "/",  # fraction slash
    "\u339b": "μ",  # ㎛ is never meant here; keep the mu visible
    "\u965c": "陕",  # 陜, the traditional pages' variant of 陕 (陝), which the character table leaves alone
}


def _is_cjk_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


@functools.cache
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, one character to one character, from OpenCC's t2s data.

    Built once per process: every CJK ideograph is converted on its own (one per line), and
    only the ones that change into exactly one character are kept.
    """
    import opencc  # imported here: only this table needs it

    chars = [chr(cp) for cp in range(0x4E00, 0xA000)] + [chr(cp) for cp in range(0x3400, 0x4DC0)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    if len(converted) == len(chars):
        for src, dst in zip(chars, converted):
            if dst != src and len(dst) == 1:
                table[ord(src)] = dst
    return table


@functools.cache
def fold_table() -> dict[int, str]:
    """The one-to-one translation table used by :func:`fold`."""
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[cp] = chr(cp - 0xFEE0)
    for cp in list(range(0x2F00, 0x2FD6)) + list(range(0x2E80, 0x2EF4)):
        # Kangxi radicals and CJK radical supplements: PDFs with broken font maps emit ⼲ for 干.
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if len(nfkc) == 1 and nfkc != chr(cp):
            table[cp] = nfkc
    for cp in range(0xF900, 0xFB00):  # CJK compatibility ideographs
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if len(nfkc) == 1 and nfkc != chr(cp):
            table[cp] = nfkc
    for ch, dst in _EXTRA_FOLDS.items():
        if ch != dst:
            table[ord(ch)] = dst
    t2s = _t2s_table()
    # Fold after width/radical folding: apply t2s to the targets of the table too.
    for cp, dst in list(table.items()):
        table[cp] = t2s.get(ord(dst), dst) if len(dst) == 1 else dst
    for cp, dst in t2s.items():
        table.setdefault(cp, dst)
    # Closed under itself, so that folding twice folds nothing more (薴 -> 苧 -> 苎 in one step): text
    # folded once matches patterns folded once. A cycle (none is known) would stop where it repeats.
    for cp, dst in table.items():
        seen = {cp}
        while len(dst) == 1 and ord(dst) in table and ord(dst) not in seen:
            seen.add(ord(dst))
            dst = table[ord(dst)]
        table[cp] = dst
    return table


def fold(text: str) -> str:
    """Fold width, radicals and script one character to one; the length never changes."""
    return text.translate(fold_table())


def to_simplified(text: str) -> str:
    """Traditional to simplified script, one character to one (same length)."""
    return text.translate(_t2s_table())


@dataclass(frozen=True)
class Normalized:
    """Normalised text with the map back to the original."""

    text: str
    _norm_starts: tuple[int, ...]
    _orig_starts: tuple[int, ...]
    original_length: int

    def to_original(self, i: int) -> int:
        """Offset in the original text of normalised offset ``i`` (``len(text)`` maps to the end)."""
        if i >= len(self.text):
            if not self._norm_starts:
                return self.original_length
            # End of the last kept run.
            return self._orig_starts[-1] + (len(self.text) - self._norm_starts[-1])
        k = bisect.bisect_right(self._norm_starts, i) - 1
        return self._orig_starts[k] + (i - self._norm_starts[k])

    def original_offsets(self, base: int = 0) -> list[int]:
        """``base + to_original(i)`` for every normalised offset ``i``, built run by run (no search)."""
        out: list[int] = []
        ends = (*self._norm_starts[1:], len(self.text))
        for n0, n1, o in zip(self._norm_starts, ends, self._orig_starts):
            out.extend(range(base + o, base + o + n1 - n0))
        return out

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)``, tight at both ends."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def normalize(text: str, *, folded: str | None = None) -> Normalized:
    """Fold ``text`` (see :func:`fold`) and drop layout whitespace, keeping the offset map.

    ``folded`` is ``fold(text)`` when the caller already has it.
    """
    if folded is None:
        folded = fold(text)
    pieces: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    n = 0
    pos = 0

    def keep(a: int, b: int) -> None:
        nonlocal n
        if b > a:
            pieces.append(folded[a:b])
            norm_starts.append(n)
            orig_starts.append(a)
            n += b - a

    for m in _SPACE_RUN.finditer(folded):
        a, b = m.span()
        before = folded[a - 1] if a > 0 else ""
        after = folded[b] if b < len(folded) else ""
        if before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            # A word space: keep one space, mapped to the first whitespace character.
            keep(pos, a)
            pieces.append(" ")
            norm_starts.append(n)
            orig_starts.append(a)
            n += 1
        else:
            keep(pos, a)
        pos = b
    keep(pos, len(folded))
    return Normalized("".join(pieces), tuple(norm_starts), tuple(orig_starts), len(text))


def squash(folded: str) -> str:
    """Drop layout whitespace from already-folded text (what :func:`normalize` does, no map)."""
    if not _SPACE_RUN.search(folded):
        return folded
    return normalize(folded, folded=folded).text


def norm_key(text: str) -> str:
    """The normalised text alone, for comparing two strings."""
    return normalize(text).text
