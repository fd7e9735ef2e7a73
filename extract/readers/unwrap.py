"""Rejoin hard-wrapped lines of a plain-text draft.

Text copied out of a PDF or an e-mail is often wrapped at a fixed number of characters, so one
sentence runs over several lines ("…不高于23微克/立方" / "米。"). Paragraph structure then lies:
every line looks like a paragraph, a unit is cut in two, a wrapped item looks like a heading.

A file counts as hard-wrapped when many of its lines stop at the same length without ending a
sentence and hardly any line is longer. Then a line of that length that ends mid-sentence is joined to the next one, unless the
next line is blank, indented, starts a numbered or bulleted paragraph, or is a bracketed line of
its own (（2024年）, （征求意见稿）). Other files come back unchanged.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.vocabulary.markers import marker_of

DEFAULT_MIN_WRAPPED_LINES = 5
"""At least this many lines must stop mid-sentence at the wrap length …"""
DEFAULT_MIN_WRAPPED_SHARE = 0.15
"""… and they must be at least this share of the non-empty lines (a letter's equal-length
headings are a few per cent of its lines; a wrapped draft's cut lines are most of them)."""
DEFAULT_MAX_LONGER_SHARE = 0.03
"""… and hardly any line may run past that length: in a wrapped file it is the longest a line
gets, where a letter with equal-length headings also has paragraphs far longer."""
_MIN_WIDTH = 8
_ENDS = re.compile(r"[。；;！？!?][”’」』）)]*$")
"""A sentence end: a line that stops here ends its paragraph (a colon at the wrap length does not)."""
_BRACKETED = re.compile(r"^[（(][^（()）]*[）)]$")
_INDENT = re.compile(r"^(?:\u3000|\s{2})")
"""An indented line opens a paragraph (Chinese text indents each paragraph by two characters)."""


def unwrap_lines(text: str) -> tuple[str, int]:
    """``text`` with hard-wrapped lines rejoined, and how many line breaks were removed."""
    lines = text.split("\n")
    stripped = [line.rstrip() for line in lines]
    open_ended = [len(s) for s in stripped if len(s) >= _MIN_WIDTH and "\t" not in s and not _ENDS.search(s)]
    if not open_ended:
        return text, 0
    counts = Counter(open_ended)
    width = max(counts, key=lambda w: (counts[w - 1] + counts[w] + counts[w + 1], w))
    wrapped = counts[width - 1] + counts[width] + counts[width + 1]
    nonempty = sum(1 for s in stripped if s.strip())
    longer = sum(1 for s in stripped if len(s) > width + 1 and "\t" not in s)
    if (wrapped < DEFAULT_MIN_WRAPPED_LINES or wrapped < DEFAULT_MIN_WRAPPED_SHARE * nonempty
            or longer > DEFAULT_MAX_LONGER_SHARE * nonempty):
        return text, 0
    out = [lines[0]]
    joined = 0
    for prev, line in zip(stripped, lines[1:]):
        nxt = line.strip()
        if (abs(len(prev) - width) <= 1 and "\t" not in prev and "\t" not in line and not _ENDS.search(prev)
                and nxt and not _INDENT.match(line) and marker_of(nxt) is None
                and not _BRACKETED.match(nxt)):
            out[-1] = out[-1].rstrip() + line.lstrip()  # a wrap cuts anywhere, numbers too: no space
            joined += 1
        else:
            out.append(line)
    return "\n".join(out), joined

