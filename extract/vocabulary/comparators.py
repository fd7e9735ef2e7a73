"""Comparator words: what a word before or after a number says about the value.

One table for every part of the product: extraction reads statements with it
(:mod:`extract.statements`) and the diff tells a changed comparator from a reworded one with it
(:mod:`diff.words`). Chinese legal usage is followed: 以上 / 以下 / 以内 include the number, so
控制在35微克/立方米以下 is ``<=`` wherever it is read.
"""

from __future__ import annotations

# Comparator words before a number -> (comparator, states a change) (comment: meaning).
COMPARATOR_WORDS: dict[str, tuple[str, bool]] = {
    "不低于": (">=", False),  # not lower than: the number is included
    "不少于": (">=", False),
    "不小于": (">=", False),
    "不得低于": (">=", False),  # must not be lower than
    "不得少于": (">=", False),
    "不应低于": (">=", False),
    "不能低于": (">=", False),
    "不能少于": (">=", False),
    "至少": (">=", False),  # at least
    "达到": (">=", False),  # reach X (a floor; a ceiling for a measure better lower; in a notice, the value)
    "达": (">=", False),
    "提高到": (">=", False),  # raise to X (a level, not a change)
    "提高至": (">=", False),
    "提升到": (">=", False),
    "提升至": (">=", False),
    "增加到": (">=", False),
    "增加至": (">=", False),
    "增至": (">=", False),
    "上升到": (">=", False),  # rose to X (a level reached, not a change)
    "上升至": (">=", False),
    "≥": (">=", False),  # table cells
    ">=": (">=", False),
    "突破": (">", False),  # broke through X
    "超过": (">", False),
    "已超": (">", False),  # 完工率已超51%: already past the number
    "高于": (">", False),
    "大于": (">", False),
    ">": (">", False),
    "不高于": ("<=", False),  # not higher than: the number is included
    "不超过": ("<=", False),
    "不大于": ("<=", False),
    "不多于": ("<=", False),
    "不得高于": ("<=", False),  # must not be higher than (not 高于: the 不得 negates it)
    "不得超过": ("<=", False),
    "不应高于": ("<=", False),
    "不应超过": ("<=", False),
    "不能超过": ("<=", False),  # may not exceed (not 超过: the 不能 negates it)
    "不能高于": ("<=", False),
    "不宜超过": ("<=", False),
    "控制在": ("<=", False),  # keep within X
    "降至": ("<=", False),  # bring down to X
    "降到": ("<=", False),
    "降低到": ("<=", False),
    "降低至": ("<=", False),
    "减少到": ("<=", False),
    "减少至": ("<=", False),
    "下降到": ("<=", False),
    "下降至": ("<=", False),
    "≤": ("<=", False),
    "<=": ("<=", False),
    "低于": ("<", False),
    "小于": ("<", False),
    "<": ("<", False),
    "保持": ("==", False),  # keep at X
    "稳定保持": ("==", False),
    "稳定在": ("==", False),
    "为": ("==", False),  # is X
    "=": ("==", False),
    "同比下降": ("==", True),  # fell by X: a change
    "同比降低": ("==", True),
    "同比减少": ("==", True),
    "同比上升": ("==", True),  # rose by X
    "同比提高": ("==", True),
    "同比增长": ("==", True),
    "下降": ("==", True),
    "降低": ("==", True),
    "减少": ("==", True),
    "削减": ("==", True),
    "上升": ("==", True),
    "提高": ("==", True),
    "提升": ("==", True),
    "增加": ("==", True),
    "增长": ("==", True),
    "前移": ("==", True),  # moved up a ranking by X places (排名较上年前移4位)
    "后移": ("==", True),
    "高出": ("==", True),  # higher than a base by X (比国家下达的考核目标高出1.8个百分点: a difference)
    "前进": ("==", True),
    "后退": ("==", True),
}
NOT_COMPARATOR_BEFORE: dict[str, str] = {
    "达": "标",  # 达标率, 达标比例: 达 starts the measure's own word, it is no comparator (县控断面水质达标率100%)
}
"""Comparator words that begin another word when these characters follow them."""

# Closing words after a number -> (comparator, approx) (comment: meaning).
SUFFIX_WORDS: dict[str, tuple[str | None, bool]] = {
    "及以上": (">=", False),  # X or more
    "以上": (">=", False),
    "及以下": ("<=", False),  # X or less
    "以下": ("<=", False),
    "以内": ("<=", False),  # within X
    "左右": (None, True),  # about X
}


def comparator_of(word: str) -> str | None:
    """The comparator a word states, before the number (不低于 ``>=``) or after it (以下 ``<=``);
    None for a word that states none (左右) or is no comparator word."""
    if word in COMPARATOR_WORDS:
        return COMPARATOR_WORDS[word][0]
    if word in SUFFIX_WORDS:
        return SUFFIX_WORDS[word][0]
    return None
