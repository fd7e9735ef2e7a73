"""Dates as web pages write them: in a URL's path and in a line of text (a meta tag, a dateline).

Pure functions of strings (the HTML reader dates a page by its meta tags with them, and
``extract.published`` a page by its crawl log's URL or its dateline).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote, urlsplit

EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
"""Dates outside these years are taken for numbers that are no date (an article id)."""


def _date(y: str | int, m: str | int, d: str | int) -> dt.date | None:
    try:
        day = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None


# Dates in a URL's path, as news and government sites write them (htmldate's patterns):
# /2018/09/05/, /2017-03/17/, /2024/9/20/, /2022/0316/ (separated), /t20211222_, /20240606/,
# 20201223063645 (eight digits, or a timestamp), /202206/16/ (year-month, then day).
_URL_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)[-/_.](\d{1,2})[-/_.](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)[-/_.](\d\d)(\d\d)(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?:[0-2]\d[0-5]\d[0-5]\d)?(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)[-/_.](\d{1,2})(?!\d)"),
)
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])/")
"""A folder of a year and a month (``…/hjkqyb/202503/877530.html``), as government sites file their pages:
when the path holds no whole date it dates the page to its month (the first day stands for the month,
as htmldate does); an article id of six digits never sits between slashes alone with a valid month."""


def date_in_url(url: str | None) -> dt.date | None:
    """The date a URL's path carries (``…/html/2017-03/17/content_3042799.htm`` → 2017-03-17), else None.

    Only the path is read (a host name holds no date); of several dates the first in the path wins; a
    path with a year-month folder and no whole date (``…/202503/877530.html``) gives that month's first day.
    """
    if not url:
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    found: list[tuple[int, dt.date]] = []
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            day = _date(*m.groups())
            if day is not None:
                found.append((m.start(), day))
                break
    if found:
        return min(found)[1]
    month = _URL_MONTH.search(path)
    return _date(month.group(1), month.group(2), 1) if month else None


TEXT_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s?(?:年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))"
    r"|(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.])"
)
"""2018年9月5日, 2018-09-05, 2018/9/5, 2018.09.05 in a line of text; 05.09.2018, day first, as some sites
print a page's date (with dots only: 9/5/2018 could be either way round)."""
_EIGHT_DIGITS = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")
"""20180905 in a meta tag's content: a date written without separators."""


def date_in_text(text: str | None) -> dt.date | None:
    """The first whole date written in ``text`` (a meta tag's content, a dateline), else None."""
    if not text:
        return None
    for m in TEXT_DATE.finditer(text):
        y, m1, d1, m2, d2, d3, m3, y3 = m.groups()
        day = _date(y or y3, m1 or m2 or m3, d1 or d2 or d3)
        if day is not None:
            return day
    m8 = _EIGHT_DIGITS.search(text)
    return _date(*m8.groups()) if m8 else None
