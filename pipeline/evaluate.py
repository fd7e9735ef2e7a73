"""Score a targets table against hand-checked answers (``make eval GOLD=<folder>``).

Answer files are JSON lines with the keys doc, entity, indicator, comparator, value, unit, kind,
year (and quote, phrase, approx for people). Two layouts of answer folder are read: the seed
answers (``*.jsonl`` beside a ``../seeds`` folder of documents) and a folder that carries its own
documents in ``docs/`` beside its ``targets.jsonl``. Documents are read the way ``make extract``
reads them (format sniffed, every reader's fix-ups applied), with the folder's ``sources.jsonl``
as their crawl log when it has one (``pipeline.manifest``: URLs and publication dates).

A gold row and an extracted row match when they come from the same document and agree on every
field of ``MATCH_FIELDS`` (government, measure, comparator, value within 1e-9, unit, kind, year);
rows are matched as multisets, each at most once. The score is given twice, with the government
and without it. What is left unmatched is explained: a gold row and an extracted row whose quotes
overlap in the document and that agree on at least half of the compared fields are a *near pair*,
counted once under each field it gets wrong (government wrong or missing, indicator wrong or
missing, comparator, value, unit, kind, year); the remaining gold rows are *missed rows* and the
remaining extracted rows *invented rows*.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from extract.gazetteer import same_government
from pipeline.manifest import MANIFEST_NAME, Manifest, read_manifest

if TYPE_CHECKING:
    from extract.records import Target

VALUE_TOLERANCE = 1e-9
DEFAULT_GOLD = os.path.join("..", "shared", "gold")
MATCH_FIELDS = ("entity", "indicator", "comparator", "value", "unit", "kind", "year")
KEY_FIELDS = MATCH_FIELDS  # the name earlier callers import
FIELD_LABELS = {"entity": "government", "indicator": "indicator", "comparator": "comparator", "value": "value",
                "unit": "unit", "kind": "kind", "year": "year"}
# Failure classes in report order. A near pair counts under each field it gets wrong; an extracted
# null where the answer has a government or an indicator is "missing", any other difference "wrong".
FAILURE_CLASSES = ("government wrong", "government missing", "kind wrong", "indicator wrong", "indicator missing",
                   "value wrong", "unit wrong", "comparator wrong", "year wrong", "missed row", "invented row")
MISSING_FIELDS = ("entity", "indicator")


@dataclass
class NearPair:
    """An unmatched gold row and the unmatched extracted row at the same place, with what differs."""

    gold: dict
    row: dict
    wrong: tuple[str, ...]

    @property
    def classes(self) -> list[str]:
        out = []
        for f in self.wrong:
            missing = f in MISSING_FIELDS and self.row.get(f) is None
            out.append(f"{FIELD_LABELS[f]} {'missing' if missing else 'wrong'}")
        return out


@dataclass
class Score:
    """Counts for one document (or all of them) and the rows behind them."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0
    misses: list[dict] = field(default_factory=list)
    false_rows: list[dict] = field(default_factory=list)
    near: list[NearPair] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    invented: list[dict] = field(default_factory=list)
    indicator_ok: int = 0
    indicator_seen: int = 0
    kind_ok: int = 0
    kind_seen: int = 0

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

    @property
    def failures(self) -> Counter[str]:
        """Rows per failure class (a near pair under each field it gets wrong)."""
        counts: Counter[str] = Counter()
        for pair in self.near:
            counts.update(pair.classes)
        counts["missed row"] += len(self.missed)
        counts["invented row"] += len(self.invented)
        return +counts

    def add(self, other: Score) -> None:
        for name in ("gold", "extracted", "matched", "indicator_ok", "indicator_seen", "kind_ok", "kind_seen"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("misses", "false_rows", "near", "missed", "invented"):
            getattr(self, name).extend(getattr(other, name))


def _same_field(a: dict, b: dict, f: str) -> bool:
    x, y = a.get(f), b.get(f)
    if f == "value" and x is not None and y is not None:
        return abs(float(x) - float(y)) <= VALUE_TOLERANCE
    if f == "entity" and x and y and x != y:
        return same_government(x, y)  # 阿坝州 and 阿坝藏族羌族自治州, 长乐市 and 长乐区: one GB/T 2260 code
    return x == y


def _same(a: dict, b: dict, fields: Sequence[str]) -> bool:
    return all(_same_field(a, b, f) for f in fields)


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


def _places(text: str | None, quote: str | None) -> list[tuple[int, int]]:
    """Every (start, end) at which ``quote`` occurs in ``text``."""
    if not text or not quote:
        return []
    out, at = [], text.find(quote)
    while at >= 0:
        out.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return out


def _same_place(g: dict, r: dict, text: str | None) -> bool:
    """The two rows' quotes overlap in the document (or, unplaced, one quote holds the other)."""
    gq, rq = g.get("quote"), r.get("quote")
    if not gq or not rq:
        return not gq and not rq and g.get("value") is not None and _same_field(g, r, "value")
    gp, rp = _places(text, gq), _places(text, rq)
    if gp and rp:
        return any(a < d and c < b for a, b in gp for c, d in rp)
    return gq in rq or rq in gq


def _near_pairs(gold: list[dict], rows: list[dict], fields: Sequence[str], text: str | None) -> list[NearPair]:
    """Pair leftover rows at the same place that agree on at least half of ``fields``, most alike first."""
    candidates = []
    for gi, g in enumerate(gold):
        for ri, r in enumerate(rows):
            if _same_place(g, r, text):
                agree = sum(_same_field(g, r, f) for f in fields)
                if 2 * agree >= len(fields):
                    candidates.append((-agree, gi, ri))
    used_g: set[int] = set()
    used_r: set[int] = set()
    out = []
    for _, gi, ri in sorted(candidates):
        if gi in used_g or ri in used_r:
            continue
        used_g.add(gi)
        used_r.add(ri)
        out.append(NearPair(gold[gi], rows[ri], tuple(f for f in fields if not _same_field(gold[gi], rows[ri], f))))
    return out


def score_document(gold: list[dict], rows: list[dict], fields: Sequence[str] = MATCH_FIELDS,
                   text: str | None = None) -> Score:
    """Score the extracted ``rows`` of one document against its ``gold`` rows on ``fields``.

    ``text`` (the document) places quotes for the failure breakdown; without it quotes are compared
    by containment.
    """
    pairs = _pair(gold, rows, fields)
    matched_gold = {g for g, _ in pairs}
    matched_rows = {r for _, r in pairs}
    misses = [g for i, g in enumerate(gold) if i not in matched_gold]
    false_rows = [r for i, r in enumerate(rows) if i not in matched_rows]
    near = _near_pairs(misses, false_rows, fields, text)
    near_gold = {id(p.gold) for p in near}
    near_rows = {id(p.row) for p in near}
    loose_ind = _pair(gold, rows, [f for f in fields if f != "indicator"])
    loose_kind = _pair(gold, rows, [f for f in fields if f != "kind"])
    return Score(
        gold=len(gold),
        extracted=len(rows),
        matched=len(pairs),
        misses=misses,
        false_rows=false_rows,
        near=near,
        missed=[g for g in misses if id(g) not in near_gold],
        invented=[r for r in false_rows if id(r) not in near_rows],
        indicator_ok=sum(_same_field(gold[g], rows[r], "indicator") for g, r in loose_ind),
        indicator_seen=len(loose_ind),
        kind_ok=sum(_same_field(gold[g], rows[r], "kind") for g, r in loose_kind),
        kind_seen=len(loose_kind),
    )


def score(gold: Iterable[dict], rows: Iterable[dict], fields: Sequence[str] = MATCH_FIELDS,
          texts: dict[str, str] | None = None) -> tuple[Score, dict[str, Score]]:
    """Overall and per-document scores on ``fields``; documents are told apart by the ``doc`` key.

    Only documents that have gold rows are scored: rows of other documents are not counted.
    """
    by_doc_gold: dict[str, list[dict]] = defaultdict(list)
    by_doc_rows: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc_gold[g["doc"]].append(g)
    for r in rows:
        by_doc_rows[r["doc"]].append(r)
    texts = texts or {}
    per_doc = {d: score_document(by_doc_gold[d], by_doc_rows.get(d, []), fields, texts.get(d))
               for d in sorted(by_doc_gold)}
    total = Score()
    for s in per_doc.values():
        total.add(s)
    return total, per_doc


def read_gold(folder: str) -> list[dict]:
    """Every target answer in the ``*.jsonl`` files of ``folder`` (task and source lists are skipped)."""
    rows = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".jsonl"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{n}: not a JSON object ({err.msg}); fix or remove the line") from err
                if "indicator" in row and "comparator" in row:
                    if "doc" not in row:
                        raise ValueError(f"{path}:{n}: answer row without a 'doc' key naming its document")
                    rows.append(row)
    return rows


def docs_folder(gold_folder: str) -> str:
    """Where the documents of an answer folder are: its own ``docs/``, else the seeds beside it."""
    own = os.path.join(gold_folder, "docs")
    return own if os.path.isdir(own) else os.path.join(gold_folder, "..", "seeds")


def _target_row(doc: str, t: Target) -> dict:
    return {"doc": doc, **{f: getattr(t, f) for f in MATCH_FIELDS}, "quote": t.quote}


def extract_rows(folder: str, docs: Iterable[str], manifest: Manifest | None = None
                 ) -> tuple[list[dict], dict[str, str], list[str]]:
    """Read and extract the named documents as ``make extract`` would, with what the crawl log
    (``manifest``: URL, publication date) says of each, as ``make extract`` reads a raw folder's
    ``sources.jsonl``.

    Returns the scoring rows, each file's text as UTF-8 (where the answers' quotes are placed)
    and one line per document that could not be read.
    """
    from extract.file import process_path

    rows: list[dict] = []
    texts: dict[str, str] = {}
    problems: list[str] = []
    for doc in sorted(set(docs)):
        path = os.path.join(folder, doc)
        if not os.path.isfile(path):
            problems.append(f"{path}: the answers name this document but there is no such file; "
                            f"its answers count as missed")
            continue
        rec = process_path(path, source=manifest.get(doc) if manifest else None)
        problems += [f"{e.source_path}: {e.message}" for e in rec.errors]
        with open(path, "rb") as fh:  # the answers quote the file as written
            texts[doc] = fh.read().decode("utf-8-sig", errors="replace")
        rows += [_target_row(doc, t) for t in rec.targets]
    return rows, texts, problems


def rows_from_seeds(seeds: str, docs: Iterable[str]) -> list[dict]:
    """Extract the named seed files in-process and return their targets as scoring rows."""
    return extract_rows(seeds, docs)[0]


def rows_from_parquet(folder: str) -> tuple[list[dict], dict[str, str]]:
    """Scoring rows from an existing ``targets`` table joined to ``documents``, and each file's text."""
    import pandas as pd

    from pipeline.tables import is_written_zero

    targets = pd.read_parquet(os.path.join(folder, "targets"))
    documents = pd.read_parquet(os.path.join(folder, "documents"), columns=["doc_id", "source_path", "text"])
    texts: dict[str, list[str]] = defaultdict(list)
    for rec in documents.to_dict("records"):
        texts[os.path.basename(str(rec["source_path"]))].append(str(rec["text"]))
    merged = targets.merge(documents[["doc_id", "source_path"]], on="doc_id", how="left")
    # pandas reads a missing string as NaN and a missing Int32 as <NA>: score them as None, as the
    # answers write them (a null unit is not the unit "nan").
    merged = merged.astype(object).where(merged.notna(), None)
    rows = []
    for rec in merged.to_dict("records"):
        value, year = rec.get("value"), rec.get("year")
        if is_written_zero(rec["comparator"], rec.get("value_text")):  # answers write no number for 无X
            value, rec["unit"] = None, None
        rows.append({
            "doc": os.path.basename(str(rec["source_path"])), "entity": rec.get("entity"),
            "indicator": rec.get("indicator"), "comparator": rec["comparator"],
            "value": None if value is None or math.isnan(value) else float(value),
            "unit": rec.get("unit"), "kind": rec["kind"],
            "year": None if year is None or (isinstance(year, float) and math.isnan(year)) else int(year),
            "quote": rec.get("quote"),
        })
    return rows, {doc: "\n".join(parts) for doc, parts in texts.items()}


def _row_line(r: dict) -> str:
    value = "" if r.get("value") is None else f"{r['value']:g}"
    quote = str(r.get("quote") or "").replace("\n", "⏎")
    return (f"{r.get('doc', '')} {r.get('entity')} {r.get('indicator')} {r.get('comparator')} {value}"
            f" {r.get('unit') or ''} [{r.get('kind')}, {r.get('year')}] {quote}")


def _score_line(label: str, s: Score) -> str:
    return (f"{label}precision {s.precision:.4f}  recall {s.recall:.4f}  F1 {s.f1:.4f}"
            f"  (gold {s.gold}, extracted {s.extracted}, matched {s.matched})")


CLASS_SHORT = {"government wrong": "gov≠", "government missing": "gov∅", "kind wrong": "kind",
               "indicator wrong": "ind≠", "indicator missing": "ind∅", "value wrong": "val",
               "unit wrong": "unit", "comparator wrong": "cmp", "year wrong": "year",
               "missed row": "miss", "invented row": "inv"}


def report(total: Score, per_doc: dict[str, Score], out: TextIO | None = None,
           without: tuple[Score, dict[str, Score]] | None = None, fields: Sequence[str] = MATCH_FIELDS,
           rows: bool = True) -> None:
    """Print the scores (and ``without`` the government), per document and per failure class, and
    (``rows``) every failure."""
    out = out or sys.stdout
    print(_score_line("overall  ", total), file=out)
    if without is not None:
        print(_score_line("without the government  ", without[0]), file=out)
    print(f"matched on: {', '.join(FIELD_LABELS[f] for f in fields)}", file=out)
    head = f"{'document':<28} {'gold':>5} {'rows':>5} {'match':>5} {'P':>6} {'R':>6}"
    if without is not None:
        head += f" {'P-gov':>6} {'R-gov':>6}"
    print(head + "  " + " ".join(f"{CLASS_SHORT[c]:>4}" for c in FAILURE_CLASSES), file=out)
    for doc, s in per_doc.items():
        line = f"{doc:<28} {s.gold:>5} {s.extracted:>5} {s.matched:>5} {s.precision:>6.3f} {s.recall:>6.3f}"
        if without is not None:
            w = without[1][doc]
            line += f" {w.precision:>6.3f} {w.recall:>6.3f}"
        counts = s.failures
        print(line + "  " + " ".join(f"{counts.get(c, 0) or '.':>4}" for c in FAILURE_CLASSES), file=out)
    legend = ", ".join(f"{v} {k}" for k, v in CLASS_SHORT.items())
    print(f"({'P-gov, R-gov: without the government; ' if without is not None else ''}{legend})", file=out)
    ind = total.indicator_ok / total.indicator_seen if total.indicator_seen else 1.0
    kind = total.kind_ok / total.kind_seen if total.kind_seen else 1.0
    print(f"indicator accuracy {ind:.4f} ({total.indicator_ok}/{total.indicator_seen} rows agreeing on all but the"
          f" indicator)", file=out)
    print(f"kind accuracy      {kind:.4f} ({total.kind_ok}/{total.kind_seen} rows agreeing on all but the kind)",
          file=out)
    counts = total.failures
    print(f"failure classes ({len(total.near)} near pairs, {len(total.missed)} missed rows, "
          f"{len(total.invented)} invented rows):", file=out)
    for c in FAILURE_CLASSES:
        print(f"  {c:<20} {counts.get(c, 0):>5}", file=out)
    if not rows:
        return
    for c in FAILURE_CLASSES[:-2]:
        pairs = [p for p in total.near if c in p.classes]
        if pairs:
            print(f"{c} ({len(pairs)}):", file=out)
            for p in pairs:
                print(f"  want {_row_line(p.gold)}\n  got  {_row_line(p.row)}", file=out)
    print(f"missed rows ({len(total.missed)}):", file=out)
    for r in total.missed:
        print("  " + _row_line(r), file=out)
    print(f"invented rows ({len(total.invented)}):", file=out)
    for r in total.invented:
        print("  " + _row_line(r), file=out)


def _fields(ignore: str) -> tuple[str, ...]:
    names = {n.strip() for n in ignore.split(",") if n.strip()}
    names = {"entity" if n == "government" else n for n in names}
    unknown = names - set(MATCH_FIELDS)
    if unknown:
        raise ValueError(f"--ignore: unknown field(s) {', '.join(sorted(unknown))}; choose from "
                         f"{', '.join(MATCH_FIELDS)}")
    return tuple(f for f in MATCH_FIELDS if f not in names)


def main(argv: list[str] | None = None) -> int:
    """``mubiao eval``: score extracted targets against the answer files; exit 1 below a bar."""
    parser = argparse.ArgumentParser(prog="mubiao eval", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default=DEFAULT_GOLD, help="folder of answer files (*.jsonl)")
    parser.add_argument("--docs", "--seeds", dest="docs",
                        help="folder of the documents the answers name (default: GOLD/docs if it exists, "
                             "else GOLD/../seeds)")
    parser.add_argument("--targets", help="score this Parquet folder (targets/, documents/) instead of extracting")
    parser.add_argument("--ignore", default="", metavar="FIELDS",
                        help="comma-separated fields left out of the match, e.g. 'entity' or 'indicator,year' "
                             f"(fields: {', '.join(MATCH_FIELDS)}); the score without the government is always "
                             "printed too")
    parser.add_argument("--min-precision", type=float, default=0.0, help="exit 1 when precision is below this")
    parser.add_argument("--min-recall", type=float, default=0.0, help="exit 1 when recall is below this")
    parser.add_argument("--summary", action="store_true", help="scores and counts only, without listing each failure")
    args = parser.parse_args(argv)
    try:
        fields = _fields(args.ignore)
    except ValueError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 2
    if not os.path.isdir(args.gold):
        print(f"Error: {args.gold} is not a folder; give --gold a folder of *.jsonl answer files", file=sys.stderr)
        return 2
    try:
        gold = read_gold(args.gold)
    except ValueError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    if not gold:
        print(f"Error: no answer rows in {args.gold}; give --gold a folder of *.jsonl answer files", file=sys.stderr)
        return 1
    problems: list[str] = []
    if args.targets:
        rows, texts = rows_from_parquet(args.targets)
    else:
        log = os.path.join(args.gold, MANIFEST_NAME)
        manifest = read_manifest(log) if os.path.isfile(log) else None
        rows, texts, problems = extract_rows(args.docs or docs_folder(args.gold), (g["doc"] for g in gold), manifest)
        problems = (manifest.problems if manifest else []) + problems
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    total, per_doc = score(gold, rows, fields, texts)
    without = score(gold, rows, [f for f in fields if f != "entity"], texts) if "entity" in fields else None
    try:
        report(total, per_doc, without=without, fields=fields, rows=not args.summary)
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error of the scores
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    if total.precision < args.min_precision or total.recall < args.min_recall:
        print(f"below the bar: precision {total.precision:.4f} (min {args.min_precision}), recall"
              f" {total.recall:.4f} (min {args.min_recall})", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
