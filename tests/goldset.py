"""Sets of real pages with hand-written answers (``tests/fixtures/firstcontact``, ``heldout``): the
checks every such set passes, read the way ``make eval GOLD=<folder>`` reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

KEYS = {"doc", "entity", "indicator", "phrase", "comparator", "value", "unit", "kind", "year", "approx", "quote"}
COMPARATORS = {">=", "<=", ">", "<", "==", "zero", "no_increase", "qualitative"}
KINDS = {"target", "actual", "change", "scope"}


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pages(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (folder / "docs").glob("*.txt")}


def check_answers(folder: Path, min_pages: int) -> list[dict[str, Any]]:
    """Every answer well-formed and quoting its page, every page answered; returns the answers."""
    docs = pages(folder)
    answers = lines(folder / "targets.jsonl")
    assert len(docs) >= min_pages and {a["doc"] for a in answers} == set(docs)
    for a in answers:
        assert set(a) == KEYS, a
        assert a["comparator"] in COMPARATORS and a["kind"] in KINDS, a
        assert (a["value"] is None) == (a["comparator"] in {"zero", "no_increase", "qualitative"}), a
        assert a["quote"] in docs[a["doc"]], a
    return answers


def check_sources(folder: Path) -> list[dict[str, Any]]:
    """Every page has its line in ``sources.jsonl``, with what was removed from it; returns the lines."""
    sources = lines(folder / "sources.jsonl")
    assert sorted(s["file"] for s in sources) == sorted(pages(folder))
    for s in sources:
        assert s["url"].startswith("http") and s["title"] and s["genre"] and s["province"] and s["cleaning"], s
    return sources


def check_values(answers: list[dict[str, Any]]) -> None:
    """Values the newer sets' answers keep to: a year of this century, ``approx`` a boolean, a code of
    the form ``area.name``."""
    for a in answers:
        assert a["year"] is None or 2000 <= a["year"] <= 2035, a
        assert isinstance(a["approx"], bool) and a["indicator"].count(".") == 1, a


def check_apart(folder: Path, others: list[Path], min_provinces: int) -> None:
    """Every page of ``folder`` has its source, the pages come from at least ``min_provinces`` provinces,
    and no page is one of the older sets' (``others``: their folders; compared by URL)."""
    sources = check_sources(folder)
    assert len({s["province"] for s in sources}) >= min_provinces
    seen = {s["url"] for other in others for s in lines(other / "sources.jsonl")}
    assert seen and not seen & {s["url"] for s in sources}


def check_floor(folder: Path, with_government: tuple[float, float], without: tuple[float, float]) -> None:
    """The set's precision and recall, with the government matched and without, at or above the floors
    (the pages read with their crawl log, as ``make eval`` reads them)."""
    from pipeline.evaluate import MATCH_FIELDS, extract_rows, read_gold, score
    from pipeline.manifest import read_manifest

    gold = read_gold(str(folder))
    rows, texts, problems = extract_rows(str(folder / "docs"), (g["doc"] for g in gold),
                                         read_manifest(folder / "sources.jsonl"))
    assert problems == []
    for fields, (p, r) in ((MATCH_FIELDS, with_government), ([f for f in MATCH_FIELDS if f != "entity"], without)):
        got, _ = score(gold, rows, fields, texts)
        assert got.precision >= p and got.recall >= r, (fields, got.precision, got.recall, got.failures)
