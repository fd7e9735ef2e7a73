"""Letters that state their targets in a table where the family writes sentences.

Some letters put section 一's targets in a table (序号 / 指标类别 / 指标名称 / 目标值) instead of the
template's sentences. Read naively that is every sentence of the section missing beside one
600-character extra block. A template clause is *stated by the table* when nearly all its word
pairs (``DEFAULT_TABLE_COVERAGE`` of its two-character pieces, numbers, blanks, punctuation and
comparator words aside) occur in the table's text; the table itself is no deviation when every
data row is explained the same way by the clauses it states. Numbers are compared as values
either way (``diff.values``): a clause the table names without its number still misses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diff.words import COMPARATOR_WORDS

DEFAULT_TABLE_COVERAGE = 0.8
"""Share of a clause's word pairs the table must hold for the table to state that clause."""
DEFAULT_ROW_COVERAGE = 0.6
"""Share of a row's word pairs the stated clauses must hold for the row to be theirs."""
DEFAULT_MIN_ROWS = 2

_NOISE = re.compile("|".join(sorted(map(re.escape, COMPARATOR_WORDS), key=len, reverse=True)))
_WORDY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z\u2160-\u217f]+")


def table_rows(text: str) -> list[str]:
    """The data rows of a table written as tab-separated lines (header row dropped), or [] when
    ``text`` is no table."""
    lines = [line for line in text.splitlines() if "\t" in line]
    if len(lines) < DEFAULT_MIN_ROWS + 1:
        return []
    return lines[1:]


def pairs(text: str) -> set[str]:
    """The two-character pieces of ``text``'s words: what two wordings of one measure share."""
    out: set[str] = set()
    for run in _WORDY.findall(_NOISE.sub(" ", text)):
        out.update(run[k:k + 2] for k in range(len(run) - 1))
    return out


def states(clause: str, table: str) -> bool:
    """True when the table's text holds nearly all of the clause's word pairs."""
    want = pairs(clause)
    return bool(want) and len(want & pairs(table)) >= DEFAULT_TABLE_COVERAGE * len(want)


def explains(rows: Iterable[str], clauses: Iterable[str]) -> bool:
    """True when every row's words (its number, category and values aside) are the clauses'."""
    have = set().union(*(pairs(c) for c in clauses))
    for row in rows:
        cells = row.split("\t")
        words = pairs(" ".join(c for c in cells if not re.fullmatch(r"\s*\d+\s*", c)))
        if words and len(words & have) < DEFAULT_ROW_COVERAGE * len(words):
            return False
    return True
