"""The diff stage over stored tables: deviations table and the reviewers' report."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from extract.records import Document
from pipeline import schema as sch
from pipeline.progress import progress_bar
from pipeline.store import Store, atomic_write
from pipeline.tables import clauses_from_table, documents_from_table, record_rows, targets_from_table


def diff_fingerprint(source_shas: list[str], reports: Path | None) -> str:
    """What the diff stage's output depends on: the inputs, the extractor and diff code, and the
    report folder."""
    import diff
    from extract.file import EXTRACTOR_VERSION

    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for sha in sorted(source_shas):
        h.update(sha.encode())
    for path in sorted(Path(diff.__file__).parent.rglob("*")):
        if path.suffix in (".py", ".css", ".toml", ".html") and path.is_file():
            h.update(path.read_bytes())
    h.update(str(Path(reports).resolve() if reports else "").encode())
    return h.hexdigest()


def diff_is_current(store: Store, fingerprint: str, reports: Path | None) -> bool:
    """True when the stored deviations and the report came from exactly these inputs."""
    mark = store.root / "_cache" / "diff.fingerprint"
    if not mark.exists() or not store.table_path("deviations").exists():
        return False
    if reports is not None and not (Path(reports) / "index.html").exists():
        return False
    return mark.read_text() == fingerprint


def mark_diff_current(store: Store, fingerprint: str) -> None:
    atomic_write(store.root / "_cache" / "diff.fingerprint", lambda tmp: tmp.write_text(fingerprint))


def light_documents(store: Store) -> list[Document]:
    """Every document of the store without its text and revisions (what grouping needs)."""
    meta = store.read_table("documents", columns=[c for c in sch.columns("documents") if c not in ("text", "revisions")])
    return [Document(doc_id=r["doc_id"], source_path=r["source_path"], source_sha256=r["source_sha256"],
                     source_offset=r["source_offset"], entity=r["entity"], year=r["year"], doc_kind=r["doc_kind"],
                     status=r["status"], title=r["title"] or "", text="", issuer=r["issuer"], format=r["format"],
                     entity_code=r.get("entity_code"), province=r.get("province"))
            for r in meta.to_pylist()]


def checks_fingerprint(source_shas: list[str], reports: Path | None) -> str:
    """What the checks stage's output depends on: the same as the diff's (inputs, extractor and
    diff code, report folder), under its own name."""
    return hashlib.sha256(b"checks" + diff_fingerprint(source_shas, reports).encode()).hexdigest()


def stage_is_current(store: Store, stage: str, fingerprint: str) -> bool:
    """True when the stage's stored table came from exactly these inputs."""
    mark = store.root / "_cache" / f"{stage}.fingerprint"
    return mark.exists() and store.table_path(stage).exists() and mark.read_text() == fingerprint


def mark_stage_current(store: Store, stage: str, fingerprint: str) -> None:
    atomic_write(store.root / "_cache" / f"{stage}.fingerprint", lambda tmp: tmp.write_text(fingerprint))


def parents_from_targets(rows: dict[str, list[Any]]) -> dict[str, str]:
    """Government -> its parent, from statements whose document another government issues (the
    province's letter to a city, its notice on the cities' outcomes); a ``province`` column wins
    where the table has one. Governments are keyed as ``diff.checks`` keys them: by GB/T 2260 code
    where the table has one (``entity_code``), else by name."""
    from extract.gazetteer import place

    def key(name: str) -> str:
        where = place(name)
        return where.code if where is not None and where.code else name

    entities = rows.get("entity", [])
    codes = rows.get("entity_code", [None] * len(entities))
    out: dict[str, str] = {}
    for entity, code, issuer in zip(entities, codes, rows.get("issuer", [None] * len(entities))):
        if entity and issuer and issuer != entity:
            out.setdefault(code or entity, key(issuer))
    for entity, code, province in zip(entities, codes, rows.get("province", [None] * len(entities))):
        if entity and province and province != entity:
            out[code or entity] = key(province)
    return out


def run_checks_stage(store: Store, summary: Any) -> None:
    """Set every target beside the documents around it (``diff.checks``); write ``checks``."""
    from diff.checks import find_checks

    tbl = store.read_table("targets")
    parents = parents_from_targets(tbl.select([c for c in ("entity", "entity_code", "issuer", "province")
                                               if c in tbl.column_names]).to_pydict())
    checks = find_checks(light_documents(store), targets_from_table(tbl), parents)
    summary.checks = store.write_table("checks", record_rows("checks", checks))


def run_diff_stage(
    store: Store,
    reports: Path | None,
    summary: Any,
    *,
    family: str | None = None,
    entity: str | None = None,
    progress: bool = False,
) -> None:
    """Diff every family of letters in ``store``; write ``deviations``, ``values`` and the HTML report.

    One family at a time: only its documents, clauses and targets are in memory. The template
    needs every letter of a family and the family's report shows every city, so a family is
    always diffed whole; ``entity`` only narrows what is counted for the caller.
    """
    from diff import diff_family
    from diff.family import families_of
    from diff.report import (
        FamilyEntry,
        FileProblem,
        ReportExtras,
        family_dirname,
        write_family_report,
        write_index,
    )

    families = families_of(light_documents(store))
    if family is not None and family not in {f.name for f in families}:
        names = ", ".join(f.name for f in families) or "none"
        raise ValueError(f"no family named {family!r}; families: {names}")
    problems = [FileProblem(r["source_path"], r["level"], r["code"], r["message"])
                for r in (store.read_table("errors").to_pylist() if store.table_path("errors").exists() else [])]
    extras = ReportExtras(problems=problems)
    rows: list[dict[str, Any]] = []
    value_rows: list[dict[str, Any]] = []
    chosen = [f for f in families if family is None or f.name == family]
    with progress_bar(sum(len(f.documents) for f in chosen), "diff", "letter", progress) as tick:
        for fam in chosen:
            ids = [d.doc_id for d in fam.documents]
            docs = {d.doc_id: d for d in documents_from_table(store.read_table("documents", doc_ids=ids))}
            fam = dataclasses.replace(fam, documents=tuple(docs[i] for i in ids))
            res = diff_family(fam, clauses_from_table(store.read_table("clauses", doc_ids=ids)),
                              targets_from_table(store.read_table("targets", doc_ids=ids)))
            rows.extend(record_rows("deviations", res.deviations))
            value_rows.extend(record_rows("values", res.values))
            if reports is not None:
                summary.reports.extend(write_family_report(res, Path(reports), extras))
            for _ in fam.documents:
                tick()
    if family is not None and store.table_path("deviations").exists():
        # A filtered run replaces only its family's rows; other families' rows stay.
        kept = [row for row in store.read_table("deviations").to_pylist() if row["family"] != family]
        rows = kept + rows
        if store.table_path("values").exists():
            value_rows = [r for r in store.read_table("values").to_pylist() if r["family"] != family] + value_rows
        (store.root / "_cache" / "diff.fingerprint").unlink(missing_ok=True)
    with store.writers(["deviations", "values"]) as w:
        for row in rows:
            w["deviations"].add(row)
        for row in value_rows:
            w["values"].add(row)
    summary.deviations = sum(1 for row in rows if entity is None or row["entity"] == entity)
    if reports is not None:
        counts: dict[tuple[str, str], int] = {}
        for row in rows:
            counts[(row["family"], row["severity"])] = counts.get((row["family"], row["severity"]), 0) + 1
        entries = [FamilyEntry(f.name, len(f.documents), sum(n for (name, _), n in counts.items() if name == f.name),
                               counts.get((f.name, "substantive"), 0), counts.get((f.name, "wording"), 0))
                   for f in families]
        summary.reports.insert(0, write_index(entries, Path(reports), problems))
        _prune_reports(Path(reports), summary.reports, None if family is None else family_dirname(family))


REPORT_MANIFEST = ".report-files"
"""The report files the last run wrote, one relative path a line, so the next run can remove
the pages of letters and families that are gone (and nothing else in the folder)."""


def _prune_reports(reports: Path, written: list[Path], only_dir: str | None) -> None:
    """Delete report files an earlier run wrote and this one did not; ``only_dir`` limits that
    to one family's folder (a ``--family`` run leaves the other families' pages alone)."""
    manifest = reports / REPORT_MANIFEST
    old = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.exists() else set()
    now = {p.resolve().relative_to(reports.resolve()).as_posix() for p in written}
    stale = {rel for rel in old - now if only_dir is None or rel.startswith(only_dir + "/")}
    for rel in sorted(stale):
        path = reports / rel
        path.unlink(missing_ok=True)
        if path.parent != reports and path.parent.exists() and not any(path.parent.iterdir()):
            path.parent.rmdir()
    keep = now if only_dir is None else (old - stale) | now
    atomic_write(manifest, lambda tmp: tmp.write_text("\n".join(sorted(keep)) + "\n", encoding="utf-8"))
