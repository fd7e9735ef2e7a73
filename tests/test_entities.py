"""A page per government: documents, a chart per measure (inline SVG, no script), the checks beside it."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote

import pytest

from diff.entities import Point, chart, pages_wanted
from extract.records import Document
from pipeline.run import RunSettings, run_extract

HERE = Path(__file__).resolve().parent
FAMILY = HERE / "fixtures" / "checks" / "raw"
CITIES = ("长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "梅河口市")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("entities")
    run_extract(RunSettings(raw=FAMILY, parquet=root / "pq", reports=root / "rep", progress=False, jobs=1))
    return root / "rep"


def test_every_government_with_checks_has_a_page_linked_from_its_familys_page(report):
    pages = {p.stem for p in (report / "governments").glob("*.html")}
    assert pages == {*CITIES, "吉林省"}  # the province: its plan and its notice (two kinds)
    family = (report / "目标责任书-2023" / "index.html").read_text(encoding="utf-8")
    linked = {unquote(h.split('"')[0]) for h in family.split('class="entity-link" href="../')[1:]}
    assert linked == {f"governments/{c}.html" for c in CITIES}
    index = (report / "index.html").read_text(encoding="utf-8")
    assert 'href="governments/' in index


def test_a_page_has_a_chart_per_measure_and_the_checks_beside_it(report):
    page = (report / "governments" / "辽源市.html").read_text(encoding="utf-8")
    assert "<script" not in page and page.count("<svg") == 4  # good days, PM2.5, good water, farmland
    # Two letters' targets and the 2022 outcome of PM2.5: two circles, one diamond in that chart.
    pm25 = page[page.index('id="air.pm25"'):].split("</section>")[0]
    assert pm25.count('class="pt-target"') == 2 and pm25.count('class="pt-actual"') == 1
    assert "<polyline" in pm25
    for words in ("未完成", "收紧", "严于上级", "删除指标", "放宽"):  # its checks, in Chinese
        assert words in page
    assert page.count('class="flagged"') == 3  # missed PM2.5, dropped farmland, loosened good water


def test_values_in_another_unit_join_their_measures_chart(report):
    page = (report / "governments" / "松原市.html").read_text(encoding="utf-8")
    assert page.count('id="air.pm25"') == 1  # 32 μg/m³ (2022) and 0.030 mg/m³ (2023) in one chart
    pm25 = page[page.index('id="air.pm25"'):].split("</section>")[0]
    assert "0.03 mg/m³ = 30 μg/m³" in pm25


def test_the_familys_workbook_has_a_checks_sheet(report):
    from openpyxl import load_workbook

    data = (report / "目标责任书-2023" / "目标责任书-2023.xlsx").read_bytes()
    ws = load_workbook(io.BytesIO(data))["核查"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("地区", "核查", "结果")
    # The 2023 letters' checks: 41 year over year, 10 against the province (outcomes rest on 2022's).
    assert len(rows) - 1 == 41 + 10
    assert {r[0] for r in rows[1:]} == set(CITIES)


def test_one_letter_per_government_gets_no_page():
    docs = [Document(doc_id=f"d{i}", source_path="x.txt", source_sha256="0", source_offset=0, entity=f"城{i}市",
                     year=2023, doc_kind="letter", status="final", title="", text="") for i in range(5)]
    assert pages_wanted(docs, []) == set()
    assert pages_wanted(docs, ["城1市"]) == {"城1市"}


def test_chart_geometry_stays_inside_the_box():
    pts = [Point(2021, 40.0, "target", ""), Point(2022, 35.0, "target", ""), Point(2025, 30.0, "plan", ""),
           Point(2022, 36.0, "actual", "")]
    c = chart(pts)
    for m in c["marks"]:
        assert c["x0"] <= m["x"] <= c["x1"] and c["ytop"] <= m["y"] <= c["ybottom"]
    assert c["line"].count(",") == 2  # the letters' two years; the plan goal is a mark, not on the line
    assert [label["text"] for label in c["year_labels"]] == ["2021", "2025"]


def test_pages_made_a_government_at_a_time_are_the_same_pages(report, tmp_path, monkeypatch):
    """The government pages are made a group of governments at a time, each group from its own
    documents and statements: one government a group gives the same pages, byte for byte."""
    from pipeline import stages
    from pipeline.run import RunSummary
    from pipeline.store import Store

    parquet = report.parent / "pq"
    monkeypatch.setattr(stages, "DEFAULT_PAGE_STATEMENTS", 1)
    again = tmp_path / "rep"
    stages.run_diff_stage(Store(parquet), again, RunSummary())
    pages = sorted(p.name for p in (report / "governments").glob("*.html"))
    assert len(pages) == 11
    assert sorted(p.name for p in (again / "governments").glob("*.html")) == pages
    for name in pages:
        assert (again / "governments" / name).read_bytes() == (report / "governments" / name).read_bytes(), name
