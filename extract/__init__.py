"""Extraction: one input file in, typed records out (documents, clauses, targets, tasks).

The public API, importable from here::

    from extract import process_path
    rec = process_path("data/raw/letter-2023-a.docx")
    rec.targets[0].indicator, rec.targets[0].comparator, rec.targets[0].value

- :func:`process_path` / :func:`process_bytes`: a file (path or bytes) to :class:`FileRecords`,
  a bad file to an error record; :func:`records_from_extraction` from already-read text;
- :func:`read_bytes`: the readers alone (bytes to :class:`Extraction`);
- :func:`split_documents`, :func:`segment`, :func:`extract_targets`, :func:`extract_tasks`: the stages;
- the records (:class:`Document`, :class:`Clause`, :class:`Target`, :class:`Task`), the errors'
  base :class:`ExtractError`, and the vocabulary's :func:`load_dictionary`.

Layers, lowest first: the vocabulary (:mod:`extract.vocabulary`), records, errors and
normalisation; the readers (:mod:`extract.readers`); the language modules. Names load on first
use, so importing a low layer never drags in a higher one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "process_path": "extract.file", "process_bytes": "extract.file", "records_from_extraction": "extract.file",
    "FileRecords": "extract.file", "FileError": "extract.file",
    "read_bytes": "extract.readers", "read_file": "extract.readers",
    "split_documents": "extract.letters", "segment": "extract.segment",
    "extract_targets": "extract.targets", "extract_tasks": "extract.tasks",
    "Document": "extract.records", "Clause": "extract.records", "Target": "extract.records", "Task": "extract.records",
    "Extraction": "extract.records", "ExtractError": "extract.errors", "load_dictionary": "extract.vocabulary.indicators",
}
__all__ = [
    "Clause", "Document", "ExtractError", "Extraction", "FileError", "FileRecords", "Target", "Task", "extract_targets",
    "extract_tasks", "load_dictionary", "process_bytes", "process_path", "read_bytes", "read_file",
    "records_from_extraction", "segment", "split_documents",
]

if TYPE_CHECKING:
    from extract.errors import ExtractError
    from extract.file import FileError, FileRecords, process_bytes, process_path, records_from_extraction
    from extract.letters import split_documents
    from extract.readers import read_bytes, read_file
    from extract.records import Clause, Document, Extraction, Target, Task
    from extract.segment import segment
    from extract.targets import extract_targets
    from extract.tasks import extract_tasks
    from extract.vocabulary.indicators import load_dictionary


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
