"""The scorer on small synthetic inputs, and the bars on the hand-checked answers."""

from __future__ import annotations

import pathlib

import pytest

from pipeline.evaluate import main, read_gold, rows_from_seeds, score

HERE = pathlib.Path(__file__).parent
SHARED = HERE.parent.parent / "shared"


def row(doc="a.txt", entity="长春市", indicator="air.pm25", comparator="<=", value=34.0, unit="μg/m³", kind="target"):
    return {"doc": doc, "entity": entity, "indicator": indicator, "comparator": comparator, "value": value,
            "unit": unit, "kind": kind, "year": 2022}


def test_perfect_match() -> None:
    total, _per_doc = score([row()], [row()])
    assert (total.precision, total.recall, total.f1) == (1.0, 1.0, 1.0)


def test_value_tolerance_and_multiset() -> None:
    gold = [row(), row()]
    total, _ = score(gold, [row(value=34.0 + 1e-12)])
    assert (total.matched, total.recall, total.precision) == (1, 0.5, 1.0)
    assert total.misses == [row()]


def test_false_rows_wrong_field_and_other_doc() -> None:
    gold = [row()]
    rows = [row(unit="%"), row(doc="b.txt")]
    total, per_doc = score(gold, rows)
    assert total.matched == 0 and total.precision == 0.0 and total.recall == 0.0
    assert list(per_doc) == ["a.txt"] and per_doc["a.txt"].false_rows == [row(unit="%")]


def test_indicator_and_kind_accuracy() -> None:
    total, _ = score([row(), row(value=1.0, kind="change")], [row(indicator="air.pm10"), row(value=1.0)])
    assert (total.indicator_ok, total.indicator_seen) == (1, 2)
    assert (total.matched, total.kind_ok) == (1, 0)


def test_zero_rows_match_on_null_value() -> None:
    total, _ = score([row(comparator="zero", value=None, unit=None)], [row(comparator="zero", value=None, unit=None)])
    assert total.matched == 1


def test_gold_bars() -> None:
    gold = read_gold(str(SHARED / "gold"))
    total, _per_doc = score(gold, rows_from_seeds(str(SHARED / "seeds"), (g["doc"] for g in gold)))
    assert total.precision >= 0.98 and total.recall >= 0.97, (total.misses, total.false_rows)


def test_own_answers_for_seeds_002_003() -> None:
    gold = read_gold(str(HERE / "gold"))
    assert {g["doc"][:3] for g in gold} == {"002", "003"}
    total, _ = score(gold, rows_from_seeds(str(SHARED / "seeds"), (g["doc"] for g in gold)))
    assert total.precision >= 0.98 and total.recall >= 0.97, (total.misses, total.false_rows)


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    gold = str(SHARED / "gold")
    assert main(["--gold", gold]) == 0
    out = capsys.readouterr().out
    assert out.startswith("overall  precision") and "000_da25c240dbbbbbaf.txt" in out and "false rows" in out
    assert main(["--gold", gold, "--min-precision", "1.01"]) == 1
