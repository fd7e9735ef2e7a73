"""Records to Parquet rows and back: one place that knows both the records and the schema."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from extract.records import Clause, Document, Revision, Target, Task
from extract.vocabulary.indicators import load_dictionary
from pipeline import schema as sch

if TYPE_CHECKING:
    from diff.deviations import Deviation, SlotValue


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
        "published": dt.date.fromisoformat(doc.published) if doc.published else None,
        "format": doc.format,
        "first_page": doc.first_page if doc.page_starts else None,
        "n_pages": n_pages,
        "has_revisions": bool(doc.revisions),
        "revisions": [dataclasses.asdict(r) for r in doc.revisions],
        "text": doc.text,
    }


def deviation_row(d: Deviation) -> dict[str, Any]:
    """A ``deviations`` row: the record's columns, its typed details as one JSON column."""
    from diff.deviations import deviation_detail

    return {
        "family": d.family, "entity": d.entity, "doc_id": d.doc_id, "kind": d.kind, "clause_id": d.clause_id,
        "template_text": d.template_text, "letter_text": d.letter_text, "span_start": d.span_start,
        "span_end": d.span_end, "detail": json.dumps(deviation_detail(d), ensure_ascii=False, sort_keys=True),
        "kinds": list(d.kinds), "severity": d.severity, "location": d.location, "page": d.page,
    }


def value_row(v: SlotValue) -> dict[str, Any]:
    """A ``values`` row."""
    return {
        "family": v.family, "entity": v.entity, "doc_id": v.doc_id, "template_position": v.position, "slot": v.slot,
        "indicator": v.indicator, "value": v.value, "value_text": v.value_text, "unit": v.unit,
        "letter_unit": v.letter_unit, "comparator": v.comparator, "direction": v.direction, "min": v.minimum,
        "median": v.median, "max": v.maximum, "n": v.n, "assessment": v.assessment, "outlier": v.outlier,
        "counted": v.counted, "span_start": v.span_start, "span_end": v.span_end, "page": v.page,
    }


def record_rows(table: str, records: Iterable[Any], documents: Iterable[Document] = ()) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` from records whose field names match the columns.

    ``targets`` rows also carry their document's kind, year and issuer: pass the file's
    ``documents`` (a target whose document is not among them gets nulls there).
    """
    if table == "documents":
        for doc in records:
            yield document_row(doc)
        return
    if table == "deviations":
        yield from (deviation_row(d) for d in records)
        return
    if table == "values":
        yield from (value_row(v) for v in records)
        return
    if table == "targets":
        yield from target_rows(records, documents)
        return
    names = sch.columns(table)
    for rec in records:
        row = {n: getattr(rec, n, None) for n in names}
        if table == "tasks":
            row["units"] = list(rec.units)
        yield row


def target_rows(targets: Iterable[Target], documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """Rows of ``targets``: the record's fields, its document's kind, year and issuer, the
    indicator's Chinese label, and a zero statement as the number 0 in the indicator's unit."""
    dic = load_dictionary()
    docs = {d.doc_id: d for d in documents}
    names = sch.columns("targets")
    for t in targets:
        row = {n: getattr(t, n, None) for n in names}
        doc = docs.get(t.doc_id)
        row["doc_kind"] = doc.doc_kind if doc else "other"
        row["doc_year"] = doc.year if doc else None
        row["issuer"] = doc.issuer if doc else None
        ind = dic.by_code.get(t.indicator) if t.indicator else None
        row["indicator_label"] = ind.label_zh if ind else None
        if t.comparator == "zero" and t.value is None:
            # 无劣Ⅴ类水体断面, 不发生重特大突发环境事件: the measure's value is 0, in the unit it is
            # usually stated in, so a zero sits beside the other rows of its measure.
            row["value"] = 0.0
            row["unit"] = t.unit or (ind.unit if ind and ind.unit else None)
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
                published=r["published"].isoformat() if r.get("published") else None,
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
    """Target records of a ``targets`` table; a zero statement's 0 and unit (added for analysts,
    see :func:`target_rows`) go back to what the text wrote: no number."""
    return [dataclasses.replace(t, value=None, unit=None) if is_written_zero(t.comparator, t.value_text) else t
            for t in _records_from_table(Target, tbl)]


def is_written_zero(comparator: str, value_text: object) -> bool:
    """A row whose 0 the table supplies (无劣Ⅴ类水体): the text wrote no number (``value_text``
    null, None from Arrow or NaN from pandas)."""
    return comparator == "zero" and not isinstance(value_text, str)
