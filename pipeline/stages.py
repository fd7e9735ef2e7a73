"""The diff stage over stored tables: deviations table and the reviewers' report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.store import Store
from pipeline.tables import clauses_from_table, documents_from_table, record_rows, targets_from_table


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
    results = diff.run_diff(documents, clauses, targets, family=family, entity=entity)
    deviations = [d for r in results for d in r.deviations]
    summary.deviations = store.write_table("deviations", record_rows("deviations", deviations))
    if reports is not None:
        summary.reports = write_reports(results, documents, clauses, targets, Path(reports))
