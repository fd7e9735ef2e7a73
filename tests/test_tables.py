"""Analyst-ready tables: what a pivot or a median needs is on the `targets` row, with pandas types."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extract.records import DOC_KIND_LABELS, DOC_KINDS, STATUS_LABELS
from extract.vocabulary.indicators import load_dictionary
from pipeline import schema as sch
from pipeline.run import RunSettings, run_extract
from pipeline.tables import targets_from_table

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "parquet"
    run_extract(RunSettings(raw=SEEDS, parquet=out, reports=None, diff=False, progress=False, jobs=1))
    return out


def test_targets_carry_their_documents_kind_year_and_issuer(seeds_out):
    targets = pd.read_parquet(seeds_out / "targets")
    docs = pd.read_parquet(seeds_out / "documents", columns=["doc_id", "doc_kind", "year", "issuer"])
    joined = targets[["doc_id", "doc_kind", "doc_year", "issuer"]].merge(docs, on="doc_id", suffixes=("", "_doc"))
    assert len(joined) == len(targets)
    assert (joined.doc_kind == joined.doc_kind_doc).all()
    assert joined.doc_year.equals(joined.year.rename("doc_year"))
    assert (joined.issuer.fillna("") == joined.issuer_doc.fillna("")).all()
    # The assessment notice names its issuer; the plan's statements for 2025 keep the document's year.
    assert set(targets[targets.doc_kind == "assessment"].issuer) == {"吉林省"}
    plan = targets[(targets.doc_kind == "plan") & (targets.entity == "长春市")]
    assert set(plan.doc_year) == {2022} and 2025 in set(plan.year)


def test_kinds_and_statuses_are_codes_with_a_chinese_label_each(seeds_out):
    docs = pd.read_parquet(seeds_out / "documents")
    assert set(docs.doc_kind) == {"letter", "plan", "assessment", "decomposition"}
    assert set(docs.status) <= set(STATUS_LABELS)
    assert set(DOC_KINDS) == set(DOC_KIND_LABELS)
    schema_md = (Path(__file__).resolve().parents[1] / "SCHEMA.md").read_text(encoding="utf-8")
    for code, label in {**DOC_KIND_LABELS, **STATUS_LABELS}.items():
        assert f"| `{code}` | {label} |" in schema_md


def test_nullable_integers_read_as_integers_in_pandas(seeds_out):
    targets = pd.read_parquet(seeds_out / "targets")
    docs = pd.read_parquet(seeds_out / "documents")
    tasks = pd.read_parquet(seeds_out / "tasks")
    assert str(targets.page.dtype) == "Int32" and targets.page.isna().all()  # TXT seeds are unpaged
    assert str(targets.task_no.dtype) == "Int32" and targets.task_no.notna().any()
    assert str(targets.year.dtype) == "Int32"
    assert {str(docs[c].dtype) for c in ("year", "first_page", "n_pages")} == {"Int32"}
    assert str(tasks.page.dtype) == "Int32"
    assert str(targets.clause_id.dtype) == "int32"  # never null: a plain integer


def test_zero_rows_are_zero_in_their_measures_unit(seeds_out):
    targets = pd.read_parquet(seeds_out / "targets")
    zero = targets[targets.comparator == "zero"]
    assert len(zero) > 10 and (zero.value == 0).all() and zero.value_text.isna().all()
    dic = load_dictionary()
    for row in zero.itertuples():
        assert (row.unit if isinstance(row.unit, str) else "") == dic.by_code[row.indicator].unit
    units = dict(zip(zero.indicator, zero.unit))
    assert units["water.surface_inferior_v_ratio"] == "%" and units["risk.major_env_incidents"] == "次"


def test_zero_rows_read_back_as_the_text_wrote_them(seeds_out):
    """The diff sees what the extractor found: 无劣Ⅴ类水体断面 states no number."""
    records = targets_from_table(pq.read_table(seeds_out / "targets" / "data.parquet"))
    zero = [t for t in records if t.comparator == "zero"]
    assert zero and all(t.value is None and t.unit is None for t in zero)


def test_indicator_label_is_the_dictionarys_chinese_name(seeds_out):
    targets = pd.read_parquet(seeds_out / "targets")
    coded = targets[targets.indicator.notna()]
    dic = load_dictionary()
    assert (coded.indicator_label == coded.indicator.map(lambda c: dic.by_code[c].label_zh)).all()
    assert targets[targets.indicator.isna()].indicator_label.isna().all()
    assert set(targets[targets.indicator == "air.pm25"].indicator_label) == {"细颗粒物（PM2.5）年均浓度"}


def test_every_indicator_has_a_chinese_label():
    for ind in load_dictionary().indicators:
        assert ind.label_zh and not ind.label_zh.isascii(), ind.code


def test_nullable_integer_columns_are_named_in_the_pandas_metadata():
    import json

    for table, cols in sch.TABLES.items():
        meta = json.loads(sch.schema(table).metadata[b"pandas"])
        named = {c["name"]: c["numpy_type"] for c in meta["columns"]}
        want = {name: "Int32" if str(typ) == "int32" else "Int64"
                for name, typ, nullable, _, _ in cols if nullable and str(typ) in ("int32", "int64")}
        assert named == want, table
