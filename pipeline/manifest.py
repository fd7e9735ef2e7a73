"""The crawl log beside the inputs: ``sources.jsonl``, one JSON object per line for one input file.

A crawled corpus records where each page came from. When the raw folder holds a ``sources.jsonl``,
each line's ``file`` (the file's path relative to the folder), ``url`` (the address it was
fetched from) and ``published`` (its publication date, YYYY-MM-DD, optional) date that file's
documents (``documents.published``, ``extract.published``). Only these three keys are read: a log
may carry others (a title, a genre) and they are not the product's business.

The log is optional and never stops a run: a line that is not a JSON object, lacks ``file`` or
gives a key of the wrong form becomes one error row naming the log and the line, and the other
lines still count.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.published import SourceInfo

MANIFEST_NAME = "sources.jsonl"
"""The crawl log's name in the raw folder (it is not read as a document)."""
MANIFEST_CODE = "bad-manifest"
"""The error code of a line of the crawl log that cannot be used."""
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass
class Manifest:
    """What a crawl log says, by file, and one message per line it could not use."""

    sources: dict[str, SourceInfo] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, name: str) -> SourceInfo | None:
        return self.sources.get(name)


def _problem(name: str, n: int, what: str) -> str:
    return f"{name}: line {n}: {what}; fix the line (keys: file, url, published as YYYY-MM-DD) or remove it"


def parse_manifest(lines: list[str], name: str = MANIFEST_NAME) -> Manifest:
    """The crawl log's lines read (``name`` is what messages call the log)."""
    import datetime as dt

    out = Manifest()
    first_line: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            out.problems.append(_problem(name, n, f"not JSON ({err.msg})"))
            continue
        if not isinstance(obj, dict):
            out.problems.append(_problem(name, n, "not a JSON object"))
            continue
        file, url, published = obj.get("file"), obj.get("url"), obj.get("published")
        if not isinstance(file, str) or not file.strip():
            out.problems.append(_problem(name, n, "no 'file' naming the input file"))
            continue
        if url is not None and not isinstance(url, str):
            out.problems.append(_problem(name, n, f"'url' of {file} is not text"))
            continue
        if published is not None:
            try:
                if not isinstance(published, str) or not _ISO_DAY.fullmatch(published):
                    raise ValueError
                dt.date.fromisoformat(published)
            except ValueError:
                out.problems.append(_problem(name, n, f"'published' of {file} is {published!r}, not a date "
                                                      "YYYY-MM-DD"))
                continue
        key = file.strip()
        key = key.removeprefix("./")
        if key in first_line:
            out.problems.append(_problem(name, n, f"{key} is already described on line {first_line[key]}"))
            continue
        first_line[key] = n
        out.sources[key] = SourceInfo(url=url or None, published=published)
    return out


def read_manifest(path: Path | str, name: str = MANIFEST_NAME) -> Manifest:
    """The crawl log at ``path``; an unreadable log is one problem, never an exception."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return Manifest(problems=[f"{name}: not UTF-8 text; save it as UTF-8 (one JSON object per line)"])
    except OSError as err:
        return Manifest(problems=[f"{name}: cannot be read ({err.strerror or err}); check the file"])
    return parse_manifest(text.splitlines(), name)
