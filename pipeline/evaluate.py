"""Score a targets table against hand-checked answers (``make eval``).

Answer files are JSON lines with the keys doc, entity, indicator, comparator, value, unit, kind,
year (and quote, phrase, approx for people). A gold row and an extracted row match when they
come from the same seed file and agree on (entity, indicator, comparator, value, unit), value
within 1e-9; rows are matched as multisets, each at most once. Indicator accuracy is measured
on the rows that agree on everything but the indicator; kind accuracy on matched rows.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

VALUE_TOLERANCE = 1e-9
DEFAULT_GOLD = os.path.join("..", "shared", "gold")
KEY_FIELDS = ("entity", "indicator", "comparator", "value", "unit")


@dataclass
class Score:
    """Counts for one document (or all of them) and the rows behind them."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0
    misses: list[dict] = field(default_factory=list)
    false_rows: list[dict] = field(default_factory=list)
    indicator_ok: int = 0
    indicator_seen: int = 0
    kind_ok: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        for name in ("gold", "extracted", "matched", "indicator_ok", "indicator_seen", "kind_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.false_rows += other.false_rows


def _same(a: dict, b: dict, fields: Sequence[str]) -> bool:
    for f in fields:
        x, y = a.get(f), b.get(f)
        if f == "value" and x is not None and y is not None:
            if abs(float(x) - float(y)) > VALUE_TOLERANCE:
                return False
        elif x != y:
            return False
    return True


def _pair(gold: list[dict], rows: list[dict], fields: Sequence[str]) -> list[tuple[int, int]]:
    """Greedy multiset matching: each gold row takes the first unused row that agrees on ``fields``."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for ri, r in enumerate(rows):
            if ri not in used and _same(g, r, fields):
                used.add(ri)
                pairs.append((gi, ri))
                break
    return pairs


def score_document(gold: list[dict], rows: list[dict]) -> Score:
    """Score the extracted ``rows`` of one seed file against its ``gold`` rows."""
    pairs = _pair(gold, rows, KEY_FIELDS)
    matched_gold = {g for g, _ in pairs}
    matched_rows = {r for _, r in pairs}
    loose = _pair(gold, rows, ("entity", "comparator", "value", "unit"))
    return Score(
        gold=len(gold),
        extracted=len(rows),
        matched=len(pairs),
        misses=[g for i, g in enumerate(gold) if i not in matched_gold],
        false_rows=[r for i, r in enumerate(rows) if i not in matched_rows],
        indicator_ok=sum(gold[g].get("indicator") == rows[r].get("indicator") for g, r in loose),
        indicator_seen=len(loose),
        kind_ok=sum(gold[g].get("kind") == rows[r].get("kind") for g, r in pairs),
    )


def score(gold: Iterable[dict], rows: Iterable[dict]) -> tuple[Score, dict[str, Score]]:
    """Overall and per-document scores; documents are told apart by the ``doc`` key."""
    by_doc_gold: dict[str, list[dict]] = defaultdict(list)
    by_doc_rows: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc_gold[g["doc"]].append(g)
    for r in rows:
        by_doc_rows[r["doc"]].append(r)
    per_doc = {d: score_document(by_doc_gold[d], by_doc_rows.get(d, [])) for d in sorted(by_doc_gold)}
    total = Score()
    for s in per_doc.values():
        total.add(s)
    return total, per_doc


def read_gold(folder: str) -> list[dict]:
    """Every target answer in the ``*.jsonl`` files of ``folder`` (task files are skipped)."""
    rows = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    if "indicator" in row and "comparator" in row:
                        rows.append(row)
    return rows


def rows_from_seeds(seeds: str, docs: Iterable[str]) -> list[dict]:
    """Extract the named seed files in-process and return their targets as scoring rows."""
    from extract.file import records_from_extraction
    from extract.records import Extraction

    rows = []
    for doc in sorted(set(docs)):
        path = os.path.join(seeds, doc)
        with open(path, encoding="utf-8") as fh:
            rec = records_from_extraction(Extraction(text=fh.read(), format="txt"), path, "0" * 64)
        for t in rec.targets:
            rows.append({"doc": doc, "entity": t.entity, "indicator": t.indicator, "comparator": t.comparator,
                         "value": t.value, "unit": t.unit, "kind": t.kind, "year": t.year, "quote": t.quote})
    return rows


def rows_from_parquet(folder: str) -> list[dict]:
    """Scoring rows from an existing ``targets`` table joined to ``documents`` for the file names."""
    import pandas as pd

    from pipeline.tables import is_written_zero

    targets = pd.read_parquet(os.path.join(folder, "targets"))
    documents = pd.read_parquet(os.path.join(folder, "documents"), columns=["doc_id", "source_path"])
    merged = targets.merge(documents, on="doc_id", how="left")
    # pandas reads a missing string as NaN and a missing Int32 as <NA>: score them as None, as the
    # answers write them (a null unit is not the unit "nan").
    merged = merged.astype(object).where(merged.notna(), None)
    rows = []
    for rec in merged.to_dict("records"):
        value = rec.get("value")
        if is_written_zero(rec["comparator"], rec.get("value_text")):  # answers write no number for 无X
            value, rec["unit"] = None, None
        rows.append({
            "doc": os.path.basename(str(rec["source_path"])), "entity": rec.get("entity"),
            "indicator": rec.get("indicator"), "comparator": rec["comparator"],
            "value": None if value is None or math.isnan(value) else float(value),
            "unit": rec.get("unit"), "kind": rec["kind"], "year": rec.get("year"), "quote": rec.get("quote"),
        })
    return rows


def _row_line(r: dict) -> str:
    value = "" if r.get("value") is None else f"{r['value']:g}"
    return (f"  {r.get('doc', '')[:3]} {r.get('entity')} {r.get('indicator')} {r.get('comparator')} {value}"
            f" {r.get('unit') or ''} [{r.get('kind')}, {r.get('year')}] {r.get('quote', '')}")


def report(total: Score, per_doc: dict[str, Score], out: TextIO | None = None) -> None:
    """Print the scores, the per-document table, the accuracies and every miss and false row."""
    out = out or sys.stdout
    print(f"overall  precision {total.precision:.4f}  recall {total.recall:.4f}  F1 {total.f1:.4f}"
          f"  (gold {total.gold}, extracted {total.extracted}, matched {total.matched})", file=out)
    print(f"{'document':<28} {'gold':>5} {'rows':>5} {'match':>5} {'P':>7} {'R':>7} {'F1':>7}", file=out)
    for doc, s in per_doc.items():
        print(f"{doc:<28} {s.gold:>5} {s.extracted:>5} {s.matched:>5} {s.precision:>7.4f} {s.recall:>7.4f}"
              f" {s.f1:>7.4f}", file=out)
    ind = total.indicator_ok / total.indicator_seen if total.indicator_seen else 1.0
    kind = total.kind_ok / total.matched if total.matched else 1.0
    print(f"indicator accuracy {ind:.4f} ({total.indicator_ok}/{total.indicator_seen} rows agreeing on all but the"
          f" indicator)", file=out)
    print(f"kind accuracy      {kind:.4f} ({total.kind_ok}/{total.matched} matched rows)", file=out)
    print(f"misses ({len(total.misses)}):", file=out)
    for r in total.misses:
        print(_row_line(r), file=out)
    print(f"false rows ({len(total.false_rows)}):", file=out)
    for r in total.false_rows:
        print(_row_line(r), file=out)


def main(argv: list[str] | None = None) -> int:
    """``mubiao eval``: score extracted targets against the answer files; exit 1 below a bar."""
    parser = argparse.ArgumentParser(prog="mubiao eval", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default=DEFAULT_GOLD, help="folder of answer files (*.jsonl)")
    parser.add_argument("--seeds", help="folder of the seed files (default: GOLD/../seeds)")
    parser.add_argument("--targets", help="score this Parquet folder (targets/, documents/) instead of extracting")
    parser.add_argument("--min-precision", type=float, default=0.0, help="exit 1 when precision is below this")
    parser.add_argument("--min-recall", type=float, default=0.0, help="exit 1 when recall is below this")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    if not gold:
        print(f"Error: no answer rows in {args.gold}; give --gold a folder of *.jsonl answer files", file=sys.stderr)
        return 1
    if args.targets:
        rows = rows_from_parquet(args.targets)
    else:
        seeds = args.seeds or os.path.join(args.gold, "..", "seeds")
        rows = rows_from_seeds(seeds, (g["doc"] for g in gold))
    total, per_doc = score(gold, rows)
    report(total, per_doc)
    if total.precision < args.min_precision or total.recall < args.min_recall:
        print(f"below the bar: precision {total.precision:.4f} (min {args.min_precision}), recall"
              f" {total.recall:.4f} (min {args.min_recall})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
