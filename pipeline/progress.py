"""Progress bars on a terminal, nothing elsewhere (logs, CI, pipes stay clean)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


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
