"""The scorer on small synthetic inputs, and the bars on the hand-checked answers."""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from places import SHARED

from pipeline.evaluate import docs_folder, main, read_gold, rows_from_seeds, score

HERE = pathlib.Path(__file__).parent


def row(doc="a.txt", entity="长春市", indicator="air.pm25", comparator="<=", value=34.0, unit="μg/m³", kind="target",
        year=2022, quote=None):
    out = {"doc": doc, "entity": entity, "indicator": indicator, "comparator": comparator, "value": value,
           "unit": unit, "kind": kind, "year": year}
    return out if quote is None else out | {"quote": quote}


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
    assert (total.indicator_ok, total.indicator_seen) == (0, 1)  # the pm10 row agrees on all but the indicator
    assert (total.matched, total.kind_ok, total.kind_seen) == (0, 0, 1)  # a wrong kind is no match


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
    assert out.startswith("overall  precision") and "000_da25c240dbbbbbaf.txt" in out and "invented rows (0)" in out
    assert main(["--gold", gold, "--min-precision", "1.01"]) == 1


@pytest.mark.parametrize("wrong", [{"entity": "吉林市"}, {"indicator": "air.pm10"}, {"comparator": ">="},
                                   {"value": 35.0}, {"unit": "%"}, {"kind": "actual"}, {"year": 2021}])
def test_every_field_is_part_of_the_match(wrong: dict) -> None:
    total, _ = score([row()], [row() | wrong])
    assert total.matched == 0


def test_without_the_government() -> None:
    gold, rows = [row(), row(value=1.0)], [row(entity="吉林市"), row(entity=None, value=1.0)]
    strict, _ = score(gold, rows)
    loose, _ = score(gold, rows, ["indicator", "comparator", "value", "unit", "kind", "year"])
    assert (strict.matched, loose.matched) == (0, 2)


# A hand-made page: a per-city table and two sentences. The answers quote the page.
PAGE = ("各市PM2.5浓度目标\n城市 | PM2.5(微克/立方米) | 优良天数比例(%)\n甲市 | 35 | 85.0\n乙市 | 30 | 88.5\n"
        "全省地表水优良比例达到80%。去年全省二氧化硫排放量下降3.2%。")


def page_gold() -> list[dict]:
    g = {"doc": "p.txt", "indicator": "air.pm25", "comparator": "==", "unit": "μg/m³", "kind": "target",
         "year": 2023}
    return [
        row(**g, entity="甲市", value=35.0, quote="甲市 | 35"),
        row(**g, entity="乙市", value=30.0, quote="乙市 | 30"),
        row(**g | {"indicator": "air.good_days_ratio", "unit": "%"}, entity="甲市", value=85.0,
            quote="甲市 | 35 | 85.0"),
        row(**g | {"indicator": "air.good_days_ratio", "unit": "%"}, entity="乙市", value=88.5,
            quote="乙市 | 30 | 88.5"),
        row(**g | {"indicator": "water.surface_good_ratio", "unit": "%", "comparator": ">="}, entity="某省",
            value=80.0, quote="全省地表水优良比例达到80%"),
        row(**g | {"indicator": "emission.so2_reduction", "unit": "%", "kind": "change", "year": 2022},
            entity="某省", value=3.2, quote="去年全省二氧化硫排放量下降3.2%"),
    ]


def test_failure_classes_on_a_hand_made_page() -> None:
    gold = page_gold()
    got = [
        gold[0] | {"quote": "35"},  # right, quoted by its cell alone
        gold[1] | {"entity": "各市", "quote": "30"},  # a fragment for a government
        gold[2] | {"entity": None, "indicator": None, "quote": "85.0"},  # neither government nor measure
        gold[3] | {"value": 8.5, "quote": "88.5"},  # a misread number at the right place
        gold[4] | {"kind": "actual", "year": 2022},  # an outcome, of last year
        row(doc="p.txt", entity="某省", indicator=None, comparator="==", value=2.5, unit="微克", kind="target",
            year=2023, quote="PM2.5"),  # invented from a pollutant's name
    ]  # the sulphur dioxide row is missed
    total, per_doc = score(gold, got, texts={"p.txt": PAGE})
    assert (total.gold, total.extracted, total.matched) == (6, 6, 1)
    assert dict(total.failures) == {"government wrong": 1, "government missing": 1, "indicator missing": 1,
                                    "value wrong": 1, "kind wrong": 1, "year wrong": 1, "missed row": 1,
                                    "invented row": 1}
    assert [p.gold["value"] for p in total.near] == [30.0, 88.5, 85.0, 80.0]  # most alike first, then in order
    assert [r["value"] for r in total.missed] == [3.2] and [r["value"] for r in total.invented] == [2.5]
    assert per_doc["p.txt"].failures == total.failures


def test_a_near_pair_needs_the_same_place_and_half_the_fields() -> None:
    gold = page_gold()[4:5]
    elsewhere = gold[0] | {"entity": "甲市", "quote": "优良天数比例(%)"}  # only the government differs
    unlike = row(doc="p.txt", entity=None, indicator=None, comparator="==", value=2022.0, unit=None, kind="actual",
                 year=None, quote="全省地表水")  # same place, nothing else in common
    for got in ([elsewhere], [unlike]):
        total, _ = score(gold, got, texts={"p.txt": PAGE})
        assert dict(total.failures) == {"missed row": 1, "invented row": 1}
    total, _ = score(gold, [gold[0] | {"entity": "甲市", "quote": "达到80%"}])  # no text: quotes by containment
    assert dict(total.failures) == {"government wrong": 1}


def write_gold(folder: pathlib.Path, rows: list[dict]) -> None:
    (folder / "targets.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                          encoding="utf-8")


def test_cli_on_a_folder_with_its_own_documents(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A realdocs-style folder: docs/*.txt beside targets.jsonl; one answer given a wrong government."""
    seed = "004_a824368dc8330a74.txt"
    (tmp_path / "docs").mkdir()
    shutil.copy(SHARED / "seeds" / seed, tmp_path / "docs" / "d1.txt")
    answers = [g | {"doc": "d1.txt"} for g in read_gold(str(SHARED / "gold")) if g["doc"] == seed]
    answers[0] = answers[0] | {"entity": "不存在县"}
    write_gold(tmp_path, answers)
    (tmp_path / "sources.jsonl").write_text('{"file": "d1.txt", "url": "x"}\n', encoding="utf-8")
    assert docs_folder(str(tmp_path)) == str(tmp_path / "docs")
    assert main(["--gold", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("overall  precision") and f"gold {len(answers)}," in lines[0]
    assert lines[1].startswith("without the government") and "recall 1.0000" in lines[1]
    assert any(line.startswith("d1.txt") for line in lines)
    assert "  government wrong         1" in lines and "  want d1.txt 不存在县 " in out
    assert main(["--gold", str(tmp_path), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "  government wrong         1" in out.splitlines() and "want " not in out and "missed rows (" not in out
    assert main(["--gold", str(tmp_path), "--min-recall", "1"]) == 1
    assert main(["--gold", str(tmp_path), "--min-recall", "1", "--ignore", "entity"]) == 0


def test_cli_problems(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    write_gold(tmp_path, [row(doc="gone.txt")])
    assert main(["--gold", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'docs' / 'gone.txt'}: the answers name this document but there is no such file" in err
    assert main(["--gold", str(tmp_path), "--ignore", "colour"]) == 2
    assert "unknown field(s) colour" in capsys.readouterr().err
    (tmp_path / "targets.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["--gold", str(tmp_path)]) == 1
    assert "targets.jsonl:1: not a JSON object" in capsys.readouterr().err
