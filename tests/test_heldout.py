"""The held-out pages (tests/fixtures/heldout): never tuned on; their answers stay well-formed."""

from __future__ import annotations

import json
import pathlib

FOLDER = pathlib.Path(__file__).parent / "fixtures" / "heldout"
KEYS = {"doc", "entity", "indicator", "phrase", "comparator", "value", "unit", "kind", "year", "approx", "quote"}
COMPARATORS = {">=", "<=", ">", "<", "==", "zero", "no_increase", "qualitative"}
KINDS = {"target", "actual", "change", "scope"}


def lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (FOLDER / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_answer_quotes_its_page() -> None:
    docs = {p.name: p.read_text(encoding="utf-8") for p in (FOLDER / "docs").glob("*.txt")}
    answers = lines("targets.jsonl")
    assert len(docs) >= 15 and {a["doc"] for a in answers} == set(docs)
    for a in answers:
        assert set(a) == KEYS, a
        assert a["comparator"] in COMPARATORS and a["kind"] in KINDS, a
        assert (a["value"] is None) == (a["comparator"] in {"zero", "no_increase", "qualitative"}), a
        assert a["year"] is None or 2000 <= a["year"] <= 2035, a
        assert isinstance(a["approx"], bool) and a["indicator"].count(".") == 1, a
        assert a["quote"] in docs[a["doc"]], a


def test_every_page_has_its_source_and_no_other_set_holds_it() -> None:
    sources = lines("sources.jsonl")
    assert sorted(s["file"] for s in sources) == sorted(p.name for p in (FOLDER / "docs").glob("*.txt"))
    for s in sources:
        assert s["url"].startswith("http") and s["title"] and s["genre"] and s["province"] and s["cleaning"], s
    assert len({s["province"] for s in sources}) >= 8
    others = (FOLDER.parent / "firstcontact" / "sources.jsonl",
              FOLDER.parents[2].parent / "shared" / "realdocs" / "sources.jsonl")
    seen = {json.loads(line)["url"] for path in others
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert seen and not seen & {s["url"] for s in sources}
