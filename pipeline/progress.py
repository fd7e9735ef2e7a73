"""Progress bars on a terminal, nothing elsewhere (logs, CI, pipes stay clean)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any


@contextlib.contextmanager
def progress_bar(total: int, desc: str, unit: str, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """Yields a function to call once per finished item; the bar is gone when the block ends.
    A no-op unless stderr is a terminal."""
    if not enabled or total == 0 or not sys.stderr.isatty():
        yield lambda: None
        return
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
    try:
        yield lambda: bar.update(1)
    finally:
        bar.close()


@contextlib.contextmanager
def page_progress(desc: str, enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """Yields a function to call as (file, page, pages) when a file starts a page of a long job
    (OCR); a bar appears with the first call and counts pages over every file seen. A no-op
    unless stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield lambda rel, number, total: None
        return
    from tqdm import tqdm

    bar: list[Any] = []
    seen: set[str] = set()

    def page(rel: str, number: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=0, unit="page", desc=desc, file=sys.stderr, leave=False, position=1))
        if rel not in seen:
            seen.add(rel)
            bar[0].total += total
            bar[0].refresh()
        bar[0].update(1)  # counts pages started
        bar[0].set_postfix_str(f"{rel} p{number}/{total}", refresh=True)

    try:
        yield page
    finally:
        if bar:
            bar[0].close()
