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


# The first run (main 0912fe6, FIRST_RUN.md) scored P 0.2818 / R 0.3083 with the government and
# 0.3230 / 0.3534 without it. These floors sit a little under it so that no change lowers the score
# unnoticed; raise them when the score rises, and never raise the score by rules written from these pages.
FLOOR_WITH_GOVERNMENT = (0.26, 0.28)
FLOOR_WITHOUT_GOVERNMENT = (0.30, 0.33)


def test_held_out_score_stays_above_its_floor() -> None:
    from pipeline.evaluate import MATCH_FIELDS, extract_rows, read_gold, score

    gold = read_gold(str(FOLDER))
    rows, texts, problems = extract_rows(str(FOLDER / "docs"), (g["doc"] for g in gold))
    assert problems == []
    strict, _ = score(gold, rows, MATCH_FIELDS, texts)
    loose, _ = score(gold, rows, [f for f in MATCH_FIELDS if f != "entity"], texts)
    assert strict.precision >= FLOOR_WITH_GOVERNMENT[0] and strict.recall >= FLOOR_WITH_GOVERNMENT[1], \
        (strict.precision, strict.recall, strict.failures)
    assert loose.precision >= FLOOR_WITHOUT_GOVERNMENT[0] and loose.recall >= FLOOR_WITHOUT_GOVERNMENT[1], \
        (loose.precision, loose.recall, loose.failures)
