"""The held-out first-contact pages (tests/fixtures/firstcontact): their answers stay well-formed."""

from __future__ import annotations

import json
import pathlib

FOLDER = pathlib.Path(__file__).parent / "fixtures" / "firstcontact"
KEYS = {"doc", "entity", "indicator", "phrase", "comparator", "value", "unit", "kind", "year", "approx", "quote"}
COMPARATORS = {">=", "<=", ">", "<", "==", "zero", "no_increase", "qualitative"}
KINDS = {"target", "actual", "change", "scope"}


def lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (FOLDER / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_answer_quotes_its_page() -> None:
    docs = {p.name: p.read_text(encoding="utf-8") for p in (FOLDER / "docs").glob("*.txt")}
    answers = lines("targets.jsonl")
    assert len(docs) >= 18 and {a["doc"] for a in answers} == set(docs)
    for a in answers:
        assert set(a) == KEYS, a
        assert a["comparator"] in COMPARATORS and a["kind"] in KINDS, a
        assert (a["value"] is None) == (a["comparator"] in {"zero", "no_increase", "qualitative"}), a
        assert a["quote"] in docs[a["doc"]], a


def test_every_page_has_its_source() -> None:
    sources = lines("sources.jsonl")
    assert sorted(s["file"] for s in sources) == sorted(p.name for p in (FOLDER / "docs").glob("*.txt"))
    for s in sources:
        assert s["url"].startswith("http") and s["title"] and s["genre"] and s["province"] and s["cleaning"], s
