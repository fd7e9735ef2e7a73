"""The same letter as PDF, DOCX and seed text gives the same clauses after normalisation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from places import SHARED

from extract.file import FileRecords, process_path

LETTERS = SHARED / "fixtures" / "letters"
SEED_BUNDLE = next((SHARED / "seeds").glob("000_*.txt"))
CITIES = {  # fixture name -> entity
    "changchun": "长春市", "jilin": "吉林市", "siping": "四平市", "liaoyuan": "辽源市", "tonghua": "通化市",
    "baishan": "白山市", "songyuan": "松原市", "baicheng": "白城市", "yanbian": "延边州",
    "changbaishan": "长白山管委会", "meihekou": "梅河口市",
}


@cache
def records(path: Path) -> FileRecords:
    return process_path(path)


def clause_texts(rec: FileRecords, entity: str | None = None) -> list[tuple[str, str, str]]:
    doc_ids = {d.doc_id for d in rec.documents if entity is None or d.entity == entity}
    return [(c.section_path.replace("(", "（").replace(")", "）"), c.kind, c.norm_text)
            for c in rec.clauses if c.doc_id in doc_ids]


@pytest.mark.parametrize("city", sorted(CITIES))
def test_pdf_docx_and_seed_give_the_same_clauses(city):
    entity = CITIES[city]
    seed = clause_texts(records(SEED_BUNDLE), entity)
    docx = clause_texts(records(LETTERS / f"{city}-2022.docx"))
    pdf = clause_texts(records(LETTERS / f"{city}-2022.pdf"))
    assert len(seed) > 40
    assert docx == seed
    assert pdf == seed


@pytest.mark.parametrize("city", sorted(CITIES))
def test_pdf_docx_and_seed_give_the_same_targets(city):
    entity = CITIES[city]

    def facts(rec: FileRecords) -> list[tuple]:
        doc_ids = {d.doc_id for d in rec.documents if d.entity == entity}
        return [(t.indicator, t.comparator, t.value, t.unit, t.kind) for t in rec.targets if t.doc_id in doc_ids]

    seed = facts(records(SEED_BUNDLE))
    assert facts(records(LETTERS / f"{city}-2022.docx")) == seed
    assert facts(records(LETTERS / f"{city}-2022.pdf")) == seed


@pytest.mark.parametrize("name", ["jilin-2022-bundle.docx", "jilin-2022-bundle.pdf"])
def test_bundles_give_the_seed_letters(name):
    rec = records(SHARED / "fixtures" / "bundle" / name)
    assert [d.entity for d in rec.documents] == list(CITIES.values())
    assert clause_texts(rec) == clause_texts(records(SEED_BUNDLE))


def test_table_letter_gives_the_same_rows_as_pdf_and_docx():
    tables = SHARED / "fixtures" / "tables"
    docx = [c for c in clause_texts(records(tables / "siping-2022-table.docx"))]
    pdf = [c for c in clause_texts(records(tables / "siping-2022-table.pdf"))]
    rows = [c for c in docx if c[1] == "table_row"]
    assert len(rows) == 19  # header + 18 indicators
    assert pdf == docx


@pytest.mark.parametrize(
    "variant", ["docx-features/changchun-2022-auto-numbered.docx", "encodings/changchun-2022-gbk.txt",
                "encodings/changchun-2022-utf8-bom.txt", "encodings/changchun-2022-crlf.txt"],
)
def test_variants_of_the_changchun_letter_give_its_clauses(variant):
    expected = clause_texts(records(LETTERS / "changchun-2022.docx"))
    assert clause_texts(records(SHARED / "fixtures" / variant)) == expected
