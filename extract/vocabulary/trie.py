"""One regular expression for a long list of words, shaped as a trie.

Python's ``re`` tries an alternation's branches one after another at every position, so a plain
``a|b|c…`` over hundreds of names costs a try per name per character. Shared prefixes merged into
one branch (a trie) cost a try per character of the longest name instead. Greedy optional tails
make the longest word at a position win, as a plain alternation sorted longest first does.
"""

from __future__ import annotations

import re


def trie_pattern(words: list[str]) -> str:
    """One regular expression matching any of ``words``, longest first, shaped as a trie."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)
