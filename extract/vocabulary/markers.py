"""Paragraph markers: how government documents number their structure.

A small, fixed vocabulary: 一、 for sections, （一） for sub-sections, 1. / 1、 / （1） for numbered
items and ● or —— for bullets. Segmentation cuts clauses at them (:mod:`extract.segment`), the
reader of hard-wrapped text never joins a line that starts with one
(:mod:`extract.readers.unwrap`), and the diff cuts units at them (:mod:`diff.units`).
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇"
# Marker -> level. Order matters: the first that matches wins.
MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_CN_NUM}]+[、.．]")),  # 一、
    (2, re.compile(rf"^[（(][{_CN_NUM}]+[）)]")),  # （一） (一)
    (3, re.compile(r"^\d{1,3}(?:[、．]|\.(?!\d))")),  # 1. 1、 (not 1.5)
    (3, re.compile(r"^[（(]\d{1,3}[）)]")),  # （1）
    (4, re.compile(r"^(?:[●•·▪■◆◇○◎]|——|－－)")),  # bullets
)


def marker_of(line: str) -> tuple[int, str] | None:
    """(level, marker text) of a paragraph's numbering, or None."""
    for level, pattern in MARKERS:
        m = pattern.match(line)
        if m:
            return level, m.group(0)
    return None
