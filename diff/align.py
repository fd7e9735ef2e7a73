"""Match a letter's units to template clauses, and find the ones that moved.

Matching is one to one within a letter: an exact key match first (the common case, a dict
lookup), then the most similar unused clause by rapidfuzz's ``ratio`` above a cut-off. Each unit
is compared against the clauses, never against other letters, so a family of n letters costs
O(n · units · clauses) at worst and O(n · units) when most letters agree.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from rapidfuzz import fuzz, process

DEFAULT_SCORE_CUTOFF = 60.0
"""Below this ``fuzz.ratio`` a unit is a different clause, not a reworded one."""
DEFAULT_CANDIDATES = 8
"""How many near clauses to try before giving up on a unit whose best matches are taken."""


def best_unused(
    key: str,
    choices: Sequence[str],
    used: set[int],
    score_cutoff: float = DEFAULT_SCORE_CUTOFF,
) -> int | None:
    """Index of the most similar choice not in ``used``, or None below the cut-off."""
    found = process.extract(
        key, choices, scorer=fuzz.ratio, score_cutoff=score_cutoff, limit=DEFAULT_CANDIDATES + len(used)
    )
    for _choice, _score, idx in found:
        if idx not in used:
            return int(idx)
    return None


def match_letter(
    keys: Sequence[str],
    exact: dict[str, int],
    choices: Sequence[str],
    score_cutoff: float = DEFAULT_SCORE_CUTOFF,
) -> list[int | None]:
    """For each key, the index of its clause among ``choices`` (None: no clause fits).

    ``exact`` maps known key variants to clause indices.
    """
    out: list[int | None] = [None] * len(keys)
    used: set[int] = set()
    pending = []
    for i, k in enumerate(keys):
        c = exact.get(k)
        if c is not None and c not in used:
            out[i] = c
            used.add(c)
        else:
            pending.append(i)
    for i in pending:
        c = best_unused(keys[i], choices, used, score_cutoff)
        if c is not None:
            out[i] = c
            used.add(c)
    return out


def out_of_order(seq: Sequence[int]) -> set[int]:
    """Positions in ``seq`` outside one longest increasing subsequence (the moved items)."""
    if not seq:
        return set()
    tails: list[int] = []  # smallest tail value of an increasing run of each length
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k > 0 else -1
    keep = set()
    i = tails_idx[-1]
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return set(range(len(seq))) - keep
