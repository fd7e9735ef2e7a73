"""When a page was published: from its crawl record, its HTML meta tags, its URL or its dateline.

A crawled corpus records each page's address (and sometimes the date it was published) beside the
text; web pages carry their date in the URL (``/2017-03/17/content_…``, ``/202112/t20211222_…``,
``/20240606/…``, ``/2018/09/05/…``), in ``<meta>`` tags (``PubDate``, ``article:published_time``)
or in a dateline above the article (``2018年9月5日 10:23 来源：…``). The first of these that gives
a whole date is the page's publication date (:func:`publication_date`). A news page that names no
year of its own is dated by it, and its 去年 is the year before (``extract.targets``).

Everything here is a pure function of strings; nothing is looked up on the network.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.readers.dates import TEXT_DATE, date_in_text, date_in_url


@dataclass(frozen=True)
class SourceInfo:
    """What a crawl log says about one input file (``sources.jsonl``, see ``pipeline.manifest``)."""

    url: str | None = None
    """The address the page was fetched from."""
    published: str | None = None
    """The publication date the log records, YYYY-MM-DD."""

    @property
    def tag(self) -> str:
        """A stable text of what the record says (part of the file's cache key)."""
        return f"{self.url or ''}\x00{self.published or ''}"


DATELINE_LINES = 4
"""How many non-empty lines at the top of a page may carry its dateline."""
DATELINE_CHARS = 80
"""A dateline is a short line (the date, the time, the source), or a date opening a longer one."""
_DATELINE_LEAD = re.compile(r"[\s(（\[【]*(?:(?:发布|发稿|更新)?(?:时间|日期)|[\u4e00-\u9fff]{0,8}?(?:报|网|社|讯))?"
                            r"[^\u4e00-\u9fff\d]{0,6}")
"""What may stand before the date at the start of a longer line: 发布时间：, 本报讯, (新华网)."""
_UNTIL = re.compile(r"\s?(?:之?前|以前|起|至|到|[—–~-]\s?\d)")
"""2020年6月30日前, 2019年10月1日至…: a deadline or a span, not the page's date."""


def dateline(text: str) -> dt.date | None:
    """The date of a page's dateline: a whole date on one of its first lines, which is short
    (``2018-09-05 10:23 来源：河北新闻网``) or opens with it (``2018年9月5日，记者从…``); else None.
    A date inside a sentence further down (a deadline, an event) is no dateline."""
    seen = 0
    for line in text.split("\n", 40)[:40]:
        s = line.strip()
        if not s:
            continue
        seen += 1
        if seen > DATELINE_LINES:
            break
        m = TEXT_DATE.search(s)
        if m is None:
            continue
        if _UNTIL.match(s, m.end()):
            continue  # 2020年6月30日前: a deadline
        if len(s) <= DATELINE_CHARS or _DATELINE_LEAD.fullmatch(s, 0, m.start()):
            day = date_in_text(s[m.start():m.end()])
            if day is not None:
                return day
    return None


def publication_date(source: SourceInfo | None, meta: str | None, text: str) -> str | None:
    """A page's publication date as YYYY-MM-DD, from the first that gives one: the crawl log's
    ``published``, the HTML meta tags' date (``meta``, as the reader found it), a date in the
    crawl log's URL, a dateline at the top of the text; else None."""
    if source is not None and source.published:
        day = date_in_text(source.published)
        if day is not None:
            return day.isoformat()
    day = date_in_text(meta) or date_in_url(source.url if source else None) or dateline(text)
    return day.isoformat() if day else None
