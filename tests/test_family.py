"""Families: letters of one kind, year and issuer that share a template, and nothing else."""

from __future__ import annotations

import dataclasses
import pathlib

from diff.family import families_of, title_pattern
from extract.file import records_from_extraction
from extract.records import Document, Extraction

REALDOCS = pathlib.Path(__file__).parent.parent.parent / "shared" / "realdocs" / "docs"
SEEDS = pathlib.Path(__file__).parent.parent.parent / "shared" / "seeds"


def doc(entity: str, title: str, kind: str = "plan", year: int = 2019, province: str | None = None) -> Document:
    return Document(doc_id=entity, source_path=f"{entity}.txt", source_sha256="0" * 64, source_offset=0,
                    entity=entity, year=year, doc_kind=kind, status="final", title=title, text="",  # type: ignore[arg-type]
                    province=province)


def _documents_of(folder: pathlib.Path) -> list[Document]:
    """The documents extracted from every text file of ``folder``."""
    docs = []
    for path in sorted(folder.glob("*.txt")):
        rec = records_from_extraction(Extraction(text=path.read_text(encoding="utf-8"), format="txt"),
                                      path.name, "0" * 64)
        docs.extend(rec.documents)
    return docs


def _letters(province: str | None, *entities: str) -> list[Document]:
    """2022 letters of one title pattern to ``entities``, placed in ``province`` by the gazetteer."""
    return [doc(e, f"{e}人民政府生态环境保护目标责任书", "letter", 2022, province) for e in entities]


def test_letters_with_one_title_pattern_form_a_family():
    docs = [doc(e, f"{e}人民政府生态环境保护目标责任书", "letter", 2022) for e in ("长春市", "白城市", "延边州")]
    [fam] = families_of(docs)
    assert [d.entity for d in fam.documents] == ["长春市", "白城市", "延边州"]
    assert title_pattern(docs[0]) == "□人民政府生态环境保护目标责任书"


def test_letters_of_two_provinces_with_one_title_are_two_families():
    jilin = _letters("吉林省", "长春市", "白城市", "四平市", "吉林市")
    hebei = _letters("河北省", "保定市", "唐山市", "邯郸市")
    [unknown] = _letters(None, "长白山管委会")  # not in the gazetteer
    fams = families_of([jilin[0], hebei[0], jilin[1], hebei[1], unknown, jilin[2], hebei[2], jilin[3]])
    assert sorted(sorted(d.entity for d in f.documents) for f in fams) == [
        sorted(["保定市", "唐山市", "邯郸市"]), sorted(["长春市", "白城市", "四平市", "吉林市", "长白山管委会"])]
    assert [f.name for f in fams] == ["目标责任书-2022-吉林省", "目标责任书-2022-河北省"]
    assert [d.entity for d in fams[0].documents][:2] == ["长春市", "白城市"]  # members keep input order


def test_a_letter_or_two_placed_in_another_province_stay_in_the_family():
    jilin = _letters("吉林省", "长春市", "白城市", "四平市")
    stray = _letters("广东省", "江海市", "朝阳市")
    [fam] = families_of([jilin[0], stray[0], jilin[1], stray[1], jilin[2]])
    assert len(fam.documents) == 5 and fam.name == "目标责任书-2022"


def test_plans_of_strangers_in_one_year_are_no_family():
    docs = [doc("泰州市", "泰州市打赢蓝天保卫战三年行动计划实施方案"),
            doc("浦东新区", "浦东新区人民政府关于印发《浦东新区土壤污染防治行动计划实施方案》的通知"),
            doc("海东市", "海东市水污染防治工作方案"),
            doc("广东省", "广东省贯彻落实中央第四环境保护督察组督察反馈意见整改方案")]
    assert families_of(docs) == []


def test_realdocs_pages_together_hold_no_family():
    docs = _documents_of(REALDOCS)
    assert len(docs) == 25
    assert families_of(docs) == []


def test_the_seed_bundle_is_one_family_of_eleven_letters():
    docs = _documents_of(SEEDS)
    fams = families_of(docs)
    assert [len(f.documents) for f in fams] == [11]


def test_families_from_the_documents_metadata_are_families_of_the_documents():
    """The diff stage forms families from the documents table a group at a time (row numbers, not
    documents, held per family): the same families, names, members and order."""
    import pyarrow as pa

    from pipeline import schema as sch
    from pipeline.stages import LIGHT_COLUMNS, family_rows
    from pipeline.tables import record_rows

    jilin = [dataclasses.replace(d, year=2023) for d in _letters("吉林省", "长春市", "白城市", "四平市", "吉林市")]
    hebei = [dataclasses.replace(d, year=2023) for d in _letters("河北省", "保定市", "唐山市", "邯郸市")]
    plans = [doc(e, f"{e}水污染防治工作方案", "plan", None) for e in ("泰州市", "海东市", "阜阳市")]
    docs = [jilin[0], hebei[0], plans[0], jilin[1], hebei[1], plans[1], jilin[2], hebei[2], jilin[3], plans[2]]
    docs += [d for d in _documents_of(SEEDS) if d.year is not None]
    docs = [dataclasses.replace(d, doc_id=f"{i}-{d.doc_id}") for i, d in enumerate(docs)]  # doc_ids are unique
    meta = pa.Table.from_pylist(list(record_rows("documents", docs)), schema=sch.schema("documents")).select(LIGHT_COLUMNS)
    want = families_of(docs)
    got = family_rows(meta)
    assert len(want) == 4  # 吉林, 河北, the undated plans, the seed letters
    assert [(f.name, f.key) for f in got] == [(f.name, f.key) for f in want]
    assert [meta["doc_id"].take(pa.array(f.rows)).to_pylist() for f in got] == \
        [[d.doc_id for d in f.documents] for f in want]
