"""The diff stage over stored tables: deviations table and the reviewers' report."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.store import Store
from pipeline.tables import clauses_from_table, documents_from_table, record_rows, targets_from_table


def diff_fingerprint(source_shas: list[str], reports: Path | None) -> str:
    """What the diff stage's output depends on: the inputs, the diff code and the report folder."""
    import diff

    h = hashlib.sha256()
    for sha in sorted(source_shas):
        h.update(sha.encode())
    for path in sorted(Path(diff.__file__).parent.rglob("*")):
        if path.suffix in (".py", ".css", ".toml") and path.is_file():
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
    from pipeline.store import atomic_write

    atomic_write(store.root / "_cache" / "diff.fingerprint", lambda tmp: tmp.write_text(fingerprint))


def run_diff_stage(
    store: Store,
    reports: Path | None,
    summary: Any,
    *,
    family: str | None = None,
    entity: str | None = None,
) -> None:
    """Diff every family of letters in ``store``; write ``deviations`` and the HTML report."""
    import diff
    from diff.report import write_reports

    documents = documents_from_table(store.read_table("documents"))
    clauses = clauses_from_table(store.read_table("clauses"))
    targets = targets_from_table(store.read_table("targets"))
    # The template needs every letter of a family, and the family's report shows every city, so
    # a family is always diffed whole; --entity only narrows what is counted for the caller.
    if family is not None:
        from diff.family import families_of

        names = [f.name for f in families_of(documents)]
        if family not in names:
            raise ValueError(f"no family named {family!r}; families: {', '.join(names) or 'none'}")
    results = diff.run_diff(documents, clauses, targets, family=family)
    rows = list(record_rows("deviations", (d for r in results for d in r.deviations)))
    if family and store.table_path("deviations").exists():
        # A filtered run replaces only its family's rows; other families' rows stay.
        kept = [row for row in store.read_table("deviations").to_pylist() if row["family"] != family]
        rows = kept + rows
        (store.root / "_cache" / "diff.fingerprint").unlink(missing_ok=True)
    store.write_table("deviations", rows)
    summary.deviations = sum(1 for row in rows if entity is None or row["entity"] == entity)
    if reports is not None:
        summary.reports = write_reports(results, documents, clauses, targets, Path(reports))
