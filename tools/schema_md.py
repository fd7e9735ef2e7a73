"""SCHEMA.md from the Parquet contract (pipeline/schema.py): every table and column with type,
meaning and example, the error codes, the document labels, the detail keys and the checks' values.

``python -m tools.schema_md > SCHEMA.md`` (``python -m pipeline.schema`` runs this too);
tests/test_docs.py checks the file is current.
"""

from __future__ import annotations

import sys

from extract.records import DOC_KIND_LABELS, STATUS_LABELS
from pipeline.schema import DETAIL_KEYS, RUN_ERROR_CODES, SCHEMA_VERSION, TABLES


def markdown() -> str:
    """SCHEMA.md: every table and column with type, meaning and example."""
    out = [
        "# Parquet schema",
        "",
        (f"Schema version {SCHEMA_VERSION}. Generated from `pipeline/schema.py` by "
         "`python -m tools.schema_md > SCHEMA.md`; do not edit by hand."),
        "",
        ("Each table is a folder under the output folder (default `data/parquet/`) holding one "
         "`data.parquet`; load it with `pandas.read_parquet(\"data/parquet/targets\")`, "
         "`pyarrow.dataset.dataset(\"data/parquet/targets\")` or DuckDB's "
         "`read_parquet('data/parquet/targets/*.parquet')`. Offsets count Unicode characters "
         "(Python string indices) into `documents.text` of the same `doc_id`."),
        "",
    ]
    for table, cols in TABLES.items():
        out += [f"## `{table}`", "", "| column | type | null | meaning | example |", "|---|---|---|---|---|"]
        for name, typ, nullable, meaning, example in cols:
            ex = example.replace("|", "\\|")
            out.append(f"| `{name}` | `{typ}` | {'yes' if nullable else 'no'} | {meaning} | `{ex}` |")
        out.append("")
        if table == "deviations":
            out += _detail_keys()
        if table == "errors":
            out += _error_codes()
        if table == "documents":
            out += _labels()
        if table == "checks":
            out += _check_assessments()
    return "\n".join(out)


def _error_codes() -> list[str]:
    from extract.errors import ExtractError

    def subclasses(cls: type[ExtractError]) -> list[type[ExtractError]]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    readers = {c.code: f"{(c.__doc__ or c.__name__).strip().splitlines()[0].rstrip('.')}; advice: {c.advice}"
               for c in subclasses(ExtractError)}
    out = ["### `errors.code` values", "", "| code | meaning |", "|---|---|"]
    out += [f"| `{code}` | {meaning} |" for code, meaning in {**readers, **RUN_ERROR_CODES}.items()]
    return out + [""]


def _check_assessments() -> list[str]:
    from diff.checks import ASSESSMENTS, FLAGGED

    out = ["### `checks.check` and `checks.assessment` values", "",
           ("Subject and reference: `plan_path` a letter's annual target against the same government's plan "
           "goal for a later year; `outcome_vs_target` a reported outcome (`actual`) against the target for "
           "the same year; `year_over_year` this year's letter against last year's; `parent_child` a "
           "government's target against its parent's (province) for the same year. Matching: government, "
           "indicator code, unit of the same dimension (converted)."), "",
           "| check | assessment | flagged | meaning |", "|---|---|---|---|"]
    out += [f"| `{check}` | `{a}` | {'yes' if a in FLAGGED else ''} | {meaning} |"
            for check, values in ASSESSMENTS.items() for a, meaning in values.items()]
    return out + [""]


def _labels() -> list[str]:
    out = ["### `doc_kind` and `status` codes", "",
           "Stored as English codes (in `documents` and `targets`); the Chinese words documents use for them:", "",
           "| column | code | 中文 |", "|---|---|---|"]
    out += [f"| `doc_kind` | `{code}` | {label} |" for code, label in DOC_KIND_LABELS.items()]
    out += [f"| `status` | `{code}` | {label} |" for code, label in STATUS_LABELS.items()]
    return out + ["", "In Python: `extract.records.DOC_KIND_LABELS`, `extract.records.STATUS_LABELS`.", ""]


def _detail_keys() -> list[str]:
    out = ["### `deviations.detail` keys", "", "| kinds | keys |", "|---|---|"]
    bar = "\\|"
    out += [f"| {kinds} | {keys.replace('|', bar)} |" for kinds, keys in DETAIL_KEYS.items()]
    return out + [""]


def main() -> None:
    sys.stdout.write(markdown())


if __name__ == "__main__":
    main()
