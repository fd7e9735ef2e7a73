"""Checks across documents: letters against plans, outcomes against targets, year over year, city
against province."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from diff.checks import ASSESSMENTS, FLAGGED, find_checks
from extract.records import Document, Target
from pipeline.run import RunSettings, run_extract

HERE = Path(__file__).resolve().parent
FAMILY = HERE / "fixtures" / "checks"
SEEDS = HERE.parents[1] / "shared" / "seeds"


def _run(raw: Path, out: Path) -> pd.DataFrame:
    run_extract(RunSettings(raw=raw, parquet=out, reports=None, diff=False, progress=False, jobs=1))
    return pd.read_parquet(out / "checks")


def _expected() -> set[tuple[object, ...]]:
    rows = set()
    for line in (FAMILY / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        check, entity, indicator, year, assessment, margin = line.split("\t")
        rows.add((check, entity, indicator, int(year), assessment, round(float(margin), 6) if margin else None))
    return rows


def _found(checks: pd.DataFrame) -> set[tuple[object, ...]]:
    return {(r.check, r.entity, r.indicator, int(r.year), r.assessment,
             None if pd.isna(r.margin) else round(r.margin, 6)) for r in checks.itertuples()}


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    out = tmp_path_factory.mktemp("family") / "parquet"
    return _run(FAMILY / "raw", out), out


def test_the_family_gives_exactly_the_findings_written_down_before(family):
    checks, _ = family
    expected = _expected()
    assert len(expected) == 71
    assert _found(checks) == expected
    assert len(checks) == len(expected)  # nothing reported twice


def test_every_finding_points_at_the_statements_it_rests_on(family):
    checks, out = family
    texts = dict(pd.read_parquet(out / "documents", columns=["doc_id", "text"]).itertuples(index=False))
    for r in checks.itertuples():
        if r.assessment != "dropped":
            assert texts[r.doc_id][r.span_start:r.span_end] == r.quote
        if r.assessment != "added":
            assert texts[r.ref_doc_id][r.ref_span_start:r.ref_span_end] == r.ref_quote
        assert r.flagged == (r.assessment in FLAGGED)
        assert r.assessment in ASSESSMENTS[r.check]


def test_a_value_in_another_unit_of_the_measure_is_converted(family):
    checks, _ = family
    row = checks[(checks.check == "year_over_year") & (checks.entity == "松原市") & (checks.indicator == "air.pm25")]
    assert row[["unit", "value", "ref_unit", "ref_value"]].values.tolist() == [["mg/m³", 0.03, "μg/m³", 0.032]]
    assert "0.030毫克/立方米" in row.quote.iloc[0] and "32微克" in row.ref_quote.iloc[0]


@pytest.fixture(scope="module")
def seeds_checks(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return _run(SEEDS, tmp_path_factory.mktemp("seeds") / "parquet")


def test_changchun_letter_against_its_plan_on_every_shared_indicator(seeds_checks):
    path = seeds_checks[seeds_checks.check == "plan_path"]
    got = sorted((r.entity, r.indicator, r.value, r.ref_value, int(r.ref_year), r.assessment) for r in path.itertuples())
    assert got == sorted([
        ("长春市", "air.good_days_ratio", 87.6, 90.0, 2025, "looser_than_goal"),
        ("长春市", "air.pm25", 34.0, 30.0, 2025, "looser_than_goal"),
        ("长春市", "air.heavy_pollution_days", 6.0, 0.0, 2025, "looser_than_goal"),  # 重污染天气基本消除
        ("长春市", "water.surface_good_ratio", 50.0, 50.0, 2025, "at_goal"),
        ("长春市", "water.surface_inferior_v_ratio", 6.3, 0.0, 2025, "looser_than_goal"),  # 消除劣Ⅴ类国考断面
        ("长春市", "water.drinking_source_compliance", 100.0, 100.0, 2025, "at_goal"),
        ("长春市", "rural.sewage_treatment_rate", 20.0, 25.0, 2025, "looser_than_goal"),
        ("长春市", "soil.contaminated_farmland_safe_use_rate", 95.2, 95.0, 2025, "ahead"),
    ])
    assert set(path.ref_quote) >= {"城市細顆粒物(PM2.5)濃度降至每立方米30微克以下"}  # the plan as written


def test_seeds_have_no_province_target_for_the_notices_outcomes(seeds_checks):
    """The 2022 notice reports 吉林省's outcomes; no seed states a 吉林省 target for 2022."""
    assert set(seeds_checks.check) == {"plan_path"}


def test_the_notices_province_outcomes_against_province_targets(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    (raw / "province-2022.txt").write_text(
        "吉林省2022年生态环境保护工作方案\n\n一、工作目标\n\n"
        "2022年，全省地级及以上城市空气质量优良天数比率达到90%，细颗粒物（PM2.5）浓度控制在26微克/立方米以下，"
        "劣Ⅴ类水体比例控制在1.5%以内。\n", encoding="utf-8")
    checks = _run(raw, tmp_path / "out")
    outcome = checks[checks.check == "outcome_vs_target"]
    got = sorted((r.entity, r.indicator, r.value, r.ref_comparator, r.ref_value, r.assessment, round(r.margin, 6))
                 for r in outcome.itertuples())
    assert got == sorted([
        ("吉林省", "air.good_days_ratio", 93.4, ">=", 90.0, "met", 3.4),
        ("吉林省", "air.pm25", 25.0, "<=", 26.0, "met", 1.0),
        ("吉林省", "water.surface_inferior_v_ratio", 1.8, "<=", 1.5, "missed", -0.3),
    ])


# --- the pure function ---------------------------------------------------------------------------

def _doc(doc_id: str, entity: str, year: int, kind: str) -> Document:
    return Document(doc_id=doc_id, source_path=f"{doc_id}.txt", source_sha256="0" * 64, source_offset=0,
                    entity=entity, year=year, doc_kind=kind, status="final", title="", text="")  # type: ignore[arg-type]


def _t(doc_id: str, year: int, value: float, cmp: str = "<=", kind: str = "target", unit: str = "μg/m³",
       indicator: str = "air.pm25", entity: str = "甲市") -> Target:
    return Target(doc_id=doc_id, entity=entity, year=year, indicator=indicator, indicator_text="", comparator=cmp,  # type: ignore[arg-type]
                  value=value, value_text=f"{value:g}", unit=unit, kind=kind, approx=False, deadline=None,  # type: ignore[arg-type]
                  clause_id=0, span_start=0, span_end=0, quote="")


@pytest.mark.parametrize("annual, assessment, margin", [
    (37.0, "ahead", 1.0),  # the path from 40 (2020) to 30 (2025) passes 38 in 2021
    (38.0, "on_path", 0.0),
    (38.4, "on_path", -0.4),  # within 5 % of the planned change (0.5)
    (38.6, "behind", -0.6),
])
def test_plan_path_against_the_straight_line_from_the_base_year(annual, assessment, margin):
    docs = [_doc("L", "甲市", 2021, "letter"), _doc("P", "甲市", 2021, "plan")]
    targets = [_t("L", 2021, annual), _t("P", 2020, 40.0, "==", "actual"), _t("P", 2025, 30.0)]
    (c,) = find_checks(docs, targets)
    assert (c.check, c.assessment, c.base_year, c.base_value, round(c.margin or 0, 6)) == \
        ("plan_path", assessment, 2020, 40.0, margin)


@pytest.mark.parametrize("cmp, target, actual, assessment", [
    ("<=", 30.0, 30.0, "met"), ("<=", 30.0, 30.5, "missed"), ("<", 30.0, 30.0, "missed"),
    ("==", 30.0, 29.0, "met"),  # == for a lower-is-better measure is a ceiling
    ("==", 30.0, 31.0, "missed"),
    ("zero", 0.0, 0.0, "met"),
])
def test_outcome_by_comparator_and_direction(cmp, target, actual, assessment):
    docs = [_doc("L", "甲市", 2022, "letter"), _doc("N", "乙省", 2022, "assessment")]
    t = _t("L", 2022, target, cmp)
    if cmp == "zero":
        t = _t("L", 2022, 0.0, cmp)
    (c,) = find_checks(docs, [t, _t("N", 2022, actual, "==", "actual")])
    assert (c.check, c.assessment) == ("outcome_vs_target", assessment)


def test_units_of_different_dimensions_never_meet():
    docs = [_doc("A", "甲市", 2022, "letter"), _doc("B", "甲市", 2023, "letter")]
    targets = [_t("A", 2022, 90.0, ">=", unit="%", indicator="air.good_days_ratio"),
               _t("B", 2023, 3.0, ">=", unit="位次", indicator="air.good_days_ratio")]
    assert sorted(c.assessment for c in find_checks(docs, targets)) == ["added", "dropped"]


def test_a_letter_dropped_in_twice_is_one_letter():
    docs = [_doc("A", "甲市", 2022, "letter"), _doc("A2", "甲市", 2022, "letter"), _doc("B", "甲市", 2023, "letter")]
    targets = [_t("A", 2022, 35.0), _t("A2", 2022, 35.0), _t("B", 2023, 34.0)]
    assert [(c.check, c.assessment) for c in find_checks(docs, targets)] == [("year_over_year", "tightened")]


def test_the_stage_is_incremental(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FAMILY / "raw", raw)
    out = tmp_path / "out"
    settings = RunSettings(raw=raw, parquet=out, reports=None, diff=False, progress=False, jobs=1)
    first = run_extract(settings)
    mtime = (out / "checks" / "data.parquet").stat().st_mtime_ns
    again = run_extract(settings)
    assert again.checks == first.checks == 71
    assert (out / "checks" / "data.parquet").stat().st_mtime_ns == mtime  # not written again
    # The notice goes with its 20 outcomes; each city's parent (吉林省) is still known from the
    # gazetteer (targets.province), so the 10 parent_child rows stay.
    (raw / "notice-2022.txt").unlink()
    third = run_extract(settings)
    assert third.checks == 71 - 20
    assert set(pd.read_parquet(out / "checks").check) == {"year_over_year", "parent_child"}


@pytest.mark.parametrize("at_once", [1, 40])
def test_governments_taken_a_few_at_a_time_give_the_same_findings(family, tmp_path, monkeypatch, at_once):
    """The stage checks the governments a group at a time (memory follows the group, not the
    corpus); a city's parent lands in another group, yet every finding is the same (a budget of
    one statement: a government a group; of 40: a few together)."""
    from pipeline import stages
    from pipeline.run import RunSummary
    from pipeline.store import Store

    checks, out = family
    copy = tmp_path / "parquet"
    shutil.copytree(out, copy)
    monkeypatch.setattr(stages, "DEFAULT_STATEMENTS_AT_ONCE", at_once)
    summary = RunSummary()
    stages.run_checks_stage(Store(copy), summary)
    again = pd.read_parquet(copy / "checks")
    assert summary.checks == len(checks) == 71
    assert set(again.check) == set(checks.check) >= {"parent_child", "outcome_vs_target", "year_over_year"}

    def rows(df: pd.DataFrame) -> list[tuple[object, ...]]:
        return sorted(tuple(str(v) for v in r) for r in df.itertuples(index=False))

    assert rows(again) == rows(checks)
