"""The diff stage over stored tables: deviations table and the reviewers' report."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from extract.records import Clause, Document, Target
from pipeline import schema as sch
from pipeline.errors import UsageError
from pipeline.progress import progress_bar
from pipeline.store import Store, atomic_write
from pipeline.tables import clauses_from_table, documents_from_table, record_rows, targets_from_table

if TYPE_CHECKING:
    from diff import FamilyResult
    from diff.family import Family


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
                     status=r["status"], title=r["title"], text="", issuer=r["issuer"], format=r["format"])
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
    where the table has one."""
    out: dict[str, str] = {}
    for entity, issuer in zip(rows.get("entity", []), rows.get("issuer", [])):
        if entity and issuer and issuer != entity:
            out.setdefault(entity, issuer)
    for entity, province in zip(rows.get("entity", []), rows.get("province", [])):
        if entity and province and province != entity:
            out[entity] = province
    return out


def run_checks_stage(store: Store, summary: Any) -> None:
    """Set every target beside the documents around it (``diff.checks``); write ``checks``."""
    from diff.checks import find_checks

    tbl = store.read_table("targets")
    parents = parents_from_targets(tbl.select([c for c in ("entity", "issuer", "province")
                                               if c in tbl.column_names]).to_pydict())
    checks = find_checks(light_documents(store), targets_from_table(tbl), parents)
    summary.checks = store.write_table("checks", record_rows("checks", checks))


FamilyInput: TypeAlias = "tuple[Family, list[Clause], list[Target]]"
DiffMap: TypeAlias = "Callable[[Iterable[FamilyInput]], Iterator[FamilyResult]]"
"""Families in, their results out in the same order: here (``diff_locally``) or on a cluster
(``pipeline.cluster.DaskExecutor.diff_families``)."""


def diff_locally(families: Iterable[FamilyInput]) -> Iterator[FamilyResult]:
    """Each family's diff in this process, one at a time."""
    from diff import diff_family

    for fam, clauses, targets in families:
        yield diff_family(fam, clauses, targets)


def _family_inputs(store: Store, families: Iterable[Family]) -> Iterator[FamilyInput]:
    """Each family with its documents' full records, read from the tables when it is its turn."""
    for fam in families:
        ids = [d.doc_id for d in fam.documents]
        docs = {d.doc_id: d for d in documents_from_table(store.read_table("documents", doc_ids=ids))}
        yield (dataclasses.replace(fam, documents=tuple(docs[i] for i in ids)),
               clauses_from_table(store.read_table("clauses", doc_ids=ids)),
               targets_from_table(store.read_table("targets", doc_ids=ids)))


def run_diff_stage(
    store: Store,
    reports: Path | None,
    summary: Any,
    *,
    family: str | None = None,
    entity: str | None = None,
    progress: bool = False,
    diff_map: DiffMap | None = None,
) -> None:
    """Diff every family of letters in ``store``; write ``deviations``, ``values`` and the HTML report.

    Only the families in flight are in memory (one, or a few when ``diff_map`` runs them on a
    cluster), and rows stream into the tables as each family is done. The template needs every
    letter of a family and the family's report shows every city, so a family is always diffed
    whole; ``entity`` only narrows what is counted for the caller. Reports are written here.
    """
    from diff.family import families_of
    from diff.report import (
        FamilyEntry,
        FileProblem,
        ReportExtras,
        family_dirname,
        workbook_filename,
        write_family_report,
        write_index,
    )

    families = families_of(light_documents(store))
    if family is not None and family not in {f.name for f in families}:
        names = ", ".join(f.name for f in families) or "none"
        raise UsageError(f"no family named {family!r}; families: {names}")
    problems = [FileProblem(r["source_path"], r["level"], r["code"], r["message"])
                for r in (store.read_table("errors").to_pylist() if store.table_path("errors").exists() else [])]
    extras = ReportExtras(problems=problems)
    chosen = [f for f in families if family is None or f.name == family]
    counts: dict[tuple[str, str], int] = {}
    summary.deviations = 0

    def add(w: dict[str, Any], table: str, row: dict[str, Any]) -> None:
        w[table].add(row)
        if table == "deviations":
            counts[(row["family"], row["severity"])] = counts.get((row["family"], row["severity"]), 0) + 1
            summary.deviations += entity is None or row["entity"] == entity

    with store.writers(["deviations", "values"]) as w:
        if family is not None:
            # A filtered run replaces only its family's rows; other families' rows stay.
            for table in ("deviations", "values"):
                if store.table_path(table).exists():
                    for row in store.read_table(table).to_pylist():
                        if row["family"] != family:
                            add(w, table, row)
            (store.root / "_cache" / "diff.fingerprint").unlink(missing_ok=True)
        with progress_bar(sum(len(f.documents) for f in chosen), "diff", "letter", progress) as tick:
            for res in (diff_map or diff_locally)(_family_inputs(store, chosen)):
                for row in record_rows("deviations", res.deviations):
                    add(w, "deviations", row)
                for row in record_rows("values", res.values):
                    add(w, "values", row)
                if reports is not None:
                    summary.reports.extend(write_family_report(res, Path(reports), extras))
                for _ in res.documents:
                    tick()
    if reports is not None:
        entries = [FamilyEntry(f.name, len(f.documents), sum(n for (name, _), n in counts.items() if name == f.name),
                               counts.get((f.name, "substantive"), 0), counts.get((f.name, "wording"), 0),
                               workbook_filename(f.name))
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
