"""Tasks of the decomposition plan against the hand-checked answers."""

from __future__ import annotations

import json
import pathlib

import pytest
from places import SHARED

from extract.file import records_from_extraction
from extract.records import Extraction
from extract.tasks import units_from_line

HERE = pathlib.Path(__file__).parent
SEED = SHARED / "seeds" / "004_a824368dc8330a74.txt"


@pytest.mark.parametrize("line, units", [
    ("责任单位:生态环境局,各乡(镇)人民政府", ("生态环境局", "各乡(镇)人民政府")),
    ("责任单位:住建局,古镛镇、水南镇及有关乡(镇)人民政府", ("住建局", "古镛镇", "水南镇", "有关乡(镇)人民政府")),
    ("责任单位：农业农村局，万安镇、古镛镇人民政府", ("农业农村局", "万安镇", "古镛镇")),
])
def test_units_from_line(line: str, units: tuple) -> None:
    assert units_from_line(line) == units


def test_tasks_match_gold() -> None:
    rec = records_from_extraction(Extraction(text=SEED.read_text(encoding="utf-8"), format="txt"), str(SEED), "0" * 64)
    gold = [json.loads(x) for x in (SHARED / "gold" / "tasks.jsonl").read_text(encoding="utf-8").splitlines() if x]
    got = [(t.task_no, t.text, list(t.units), t.section_path.split(" / ")[0]) for t in rec.tasks]
    assert got == [(g["number"], g["text"], g["units"], g["section"].split(" / ")[0]) for g in gold]
    doc = rec.documents[0]
    assert all(doc.text[t.span_start:t.span_end] == t.text for t in rec.tasks)
    linked = {t.task_no for t in rec.targets}
    assert {14, 15, 22, 31, 40} <= linked


def test_the_pdf_of_the_decomposition_gives_the_same_tasks_and_targets() -> None:
    from extract.file import process_path

    pdf = process_path(SHARED / "fixtures" / "bundle" / "jiangle-2022-task-decomposition.pdf")
    txt = process_path(SEED)
    assert [(t.task_no, t.text, t.units) for t in pdf.tasks] == [(t.task_no, t.text, t.units) for t in txt.tasks]
    assert len(pdf.tasks) == 64
    facts = [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.task_no) for t in txt.targets]
    assert [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.task_no) for t in pdf.targets] == facts
