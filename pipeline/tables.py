"""Records to Parquet rows and back: one place that knows both the records and the schema."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from extract.records import Clause, Document, Revision, Target, Task
from pipeline import schema as sch


def document_row(doc: Document) -> dict[str, Any]:
    n_pages = len(doc.page_starts) if doc.page_starts else None
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "source_sha256": doc.source_sha256,
        "source_offset": doc.source_offset,
        "entity": doc.entity,
        "entity_code": doc.entity_code,
        "province": doc.province,
        "issuer": doc.issuer,
        "year": doc.year,
        "doc_kind": doc.doc_kind,
        "status": doc.status,
        "title": doc.title or None,
        "format": doc.format,
        "first_page": doc.first_page if doc.page_starts else None,
        "n_pages": n_pages,
        "has_revisions": bool(doc.revisions),
        "revisions": [dataclasses.asdict(r) for r in doc.revisions],
        "text": doc.text,
    }


def record_rows(table: str, records: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` from records whose field names match the columns."""
    if table == "documents":
        for doc in records:
            yield document_row(doc)
        return
    names = sch.columns(table)
    for rec in records:
        row = {n: getattr(rec, n, None) for n in names}
        if table == "tasks":
            row["units"] = list(rec.units)
        yield row


def documents_from_table(tbl: pa.Table) -> list[Document]:
    out = []
    for r in tbl.to_pylist():
        revisions = tuple(Revision(**rv) for rv in r["revisions"] or [])
        out.append(
            Document(
                doc_id=r["doc_id"],
                source_path=r["source_path"],
                source_sha256=r["source_sha256"],
                source_offset=r["source_offset"],
                entity=r["entity"],
                year=r["year"],
                doc_kind=r["doc_kind"],
                status=r["status"],
                title=r["title"] or "",
                entity_code=r.get("entity_code"),
                province=r.get("province"),
                text=r["text"],
                issuer=r["issuer"],
                format=r["format"],
                first_page=r["first_page"] or 1,
                revisions=revisions,
            )
        )
    return out


def _records_from_table(cls: type, tbl: pa.Table) -> list[Any]:
    """Records of ``cls`` from the columns named like its fields; other fields keep their defaults.

    Built column by column (``to_pydict`` and ``zip``), not from a dict per row.
    """
    fields = [f for f in dataclasses.fields(cls) if f.init]
    present = set(tbl.column_names)
    if any(f.kw_only or (f.name not in present and f.default is dataclasses.MISSING) for f in fields):
        return _records_from_rows(cls, tbl)
    sel = tbl.select([f.name for f in fields if f.name in present])
    data = sel.to_pydict()
    # Letters of a family repeat most strings (doc ids, section paths, whole sentences): keep
    # one object per distinct value instead of one per row.
    for name in sel.column_names:
        if pa.types.is_string(sel.schema.field(name).type) or pa.types.is_large_string(sel.schema.field(name).type):
            seen: dict[str, str] = {}
            data[name] = [seen.setdefault(v, v) if v is not None else None for v in data[name]]
    columns: list[Iterable[Any]] = []
    for f in fields:
        if f.name not in present:
            columns.append(itertools.repeat(f.default))
        elif cls is Task and f.name == "units":
            columns.append([tuple(v or ()) for v in data[f.name]])
        else:
            columns.append(data[f.name])
    return [cls(*row) for row in zip(*columns)] if fields else [cls() for _ in range(tbl.num_rows)]


def _records_from_rows(cls: type, tbl: pa.Table) -> list[Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    out = []
    for r in tbl.to_pylist():
        kwargs = {k: v for k, v in r.items() if k in names}
        if cls is Task:
            kwargs["units"] = tuple(kwargs.get("units") or ())
        out.append(cls(**kwargs))
    return out


def clauses_from_table(tbl: pa.Table) -> list[Clause]:
    return _records_from_table(Clause, tbl)


def targets_from_table(tbl: pa.Table) -> list[Target]:
    return _records_from_table(Target, tbl)
