"""Write ``extract/data/not_places.tsv``: ``python -m tools.not_places > extract/data/not_places.tsv``.

A short form of a division (海口 of 海口市, 白山 of 白山市, 江南 of 江南区) is often the tail, middle or head
of an ordinary word that is no government: 入海口, 出海口, 长白山, 江南水乡, 复合肥, 内华达州. A scan for
names that finds 海口 in 河流入海口 gives a river mouth's statement to 海口市. The list written here holds
the words of jieba's dictionary (a dependency already; its ``dict.txt``, about 349,000 words with a
part-of-speech tag each) that cover a short form and are not themselves a place, each with the short forms
it covers. ``extract.gazetteer`` reads the list, not jieba, so nothing of jieba loads on the text path.

Left out of the list, because they name the place rather than hide it:

- a word the gazetteer resolves (湖南长沙市, 云南昆明: a chain of names), or one holding a full or
  worded name (北京市人民政府, 中共福建省委, 上海市民: the full name is read there, as always);
- a short form with a level or government word after it (广西省, 上海县, 北京政府, 上海地区, 北京城), or
  after 中国 / 我国 / 中共 (中国台湾, 中国宁波);
- a person's name of two or three characters (jieba's ``nr`` tags: 杨东平, 宗绍兴, 从远安), whose extra
  character is a surname or a word before a name, not part of an ordinary word;
- a short form with only a function word beside it (和资阳, 回延安: a list's 和, a verb before a name).

The output is sorted and the same on every run for one jieba version; ``tests/test_gazetteer.py`` checks
that the shipped file is what this writes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from extract import gazetteer

HEADER = (
    "# Words of jieba's dictionary that cover a short form of a division and are no place (入海口 covers 海口,\n"
    "# 长白山 covers 白山): a short form read inside one of them is no government. Generated, do not edit:\n"
    "# python -m tools.not_places > extract/data/not_places.tsv\n"
    "# word<TAB>the short forms it covers, comma-separated\n"
)

PLACE_AFTER = re.compile(
    r"^(?:省|市|县|区|州|盟|旗|地区|自治区|自治州|自治县|特区|政府|人民政府|当局|市区|城区|城|全境|境内|一带|全域|地方|当地)$")
"""What after a short form makes the word the place itself (广西省, 北京政府, 上海地区, 北京城)."""
PLACE_BEFORE = re.compile(r"^(?:中国|我国|中华人民共和国|中共)$")
"""What before a short form makes the word the place itself (中国台湾, 中共广东)."""
FUNCTION_CHARACTERS = frozenset("和与及同跟在从到至向对由为把将被给比赴于往回去来自经")
"""A single character of these beside a short form is a phrase's word, not part of an ordinary word (和资阳)."""
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
MAX_PERSON_NAME = 3
"""Person names (jieba's nr tags) up to this length are a surname and a given name, not ordinary words."""


def jieba_words() -> Iterator[tuple[str, str]]:
    """(word, part-of-speech tag) of every line of jieba's dictionary."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                yield parts[0], parts[2]


def bare_short_forms(g: gazetteer.Gazetteer) -> set[str]:
    """The short forms that are no full name and carry no level word (海口, 白山, 江南)."""
    return {s for s in g.short if len(s) >= 2 and s not in g.exact and s not in g.worded}


def is_place(word: str, short: str, at: int, g: gazetteer.Gazetteer) -> bool:
    """``word`` (holding ``short`` at ``at``) names a place rather than hides one."""
    before, after = word[:at], word[at + len(short):]
    if (not before and PLACE_AFTER.match(after)) or (PLACE_BEFORE.match(before) and (not after or PLACE_AFTER.match(after))):
        return True
    return len(before + after) == 1 and (before + after) in FUNCTION_CHARACTERS


def covered(word: str, shorts: set[str], longest: int) -> list[tuple[str, int]]:
    """The short forms ``word`` holds, shorter than it, with where each starts."""
    out = []
    for i in range(len(word)):
        for n in range(2, min(longest, len(word) - i) + 1):
            if n < len(word) and word[i:i + n] in shorts:
                out.append((word[i:i + n], i))
    return out


def not_places() -> list[tuple[str, list[str]]]:
    """(word, the short forms it covers) for every word of the list, sorted."""
    g = gazetteer.load()
    shorts = bare_short_forms(g)
    longest = max(map(len, shorts))
    full = {n for n in (*g.exact, *g.worded) if len(n) >= 3}
    longest_full = max(map(len, full))
    out = []
    for word, tag in jieba_words():
        if word in g.exact or word in g.short or (tag in PERSON_TAGS and len(word) <= MAX_PERSON_NAME):
            continue
        hits = covered(word, shorts, longest)
        if not hits or any(is_place(word, s, at, g) for s, at in hits):
            continue
        if any(word[i:i + n] in full for i in range(len(word)) for n in range(3, min(longest_full, len(word) - i) + 1)):
            continue
        if gazetteer.resolve(word) is not None or gazetteer.place(word) is not None:
            continue
        out.append((word, sorted({s for s, _ in hits})))
    return sorted(out)


def tsv() -> str:
    return HEADER + "".join(f"{w}\t{','.join(s)}\n" for w, s in not_places())


if __name__ == "__main__":
    sys.stdout.write(tsv())
