"""How well scans read: targets, pages and deviations of degraded scans against the clean letters.

    python -m tools.scans /tmp/scans                    # make the scans (tools/scans.py)
    python -m tools.ocreval /tmp/scans [--cache DIR]    # read them by OCR and compare

For each ``<letter>-scan-<profile>.pdf`` the clean ``<letter>.pdf`` of the fixture letters is
read too, and:
- targets: the share of the clean letter's targets (indicator, comparator, value, unit, kind,
  year) that the scan gives back, and the scan's values that the clean letter does not have
  (invented); of the targets given back, the share on the right page;
- clauses: the share of the clean letter's clauses found (same normalised text) on the same page;
- deviations: the family of scans is diffed like the family of clean letters; per letter, the
  deviations in excess of the clean letter's, and of those the ones not ``trivial`` (a
  punctuation-only slip is trivial: it is not a change of wording).
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from pathlib import Path

from diff import run_diff
from extract.file import FileRecords, process_path
from extract.readers.ocr import OcrSettings
from tools.scans import LETTERS


def _key(t: object) -> tuple[object, ...]:
    return (t.indicator, t.comparator, t.value, t.unit, t.kind, t.year)  # type: ignore[attr-defined]


def compare(clean: FileRecords, scan: FileRecords) -> dict[str, object]:
    """Targets and clause pages of one scan against its clean letter."""
    want = collections.Counter(_key(t) for t in clean.targets)
    got = collections.Counter(_key(t) for t in scan.targets)
    matched = sum((want & got).values())
    clean_values = {(t.indicator, t.value) for t in clean.targets}
    invented = sorted({f"{t.indicator}={t.value_text} «{t.quote}»" for t in scan.targets
                       if t.value is not None and (t.indicator, t.value) not in clean_values})
    pages_want = collections.Counter(_key(t) + (t.page,) for t in clean.targets)
    pages_got = collections.Counter(_key(t) + (t.page,) for t in scan.targets)
    on_page = sum((pages_want & pages_got).values())
    clause_pages = {c.norm_text: c.page for c in scan.clauses}
    found = [c for c in clean.clauses if c.norm_text in clause_pages]
    right = sum(1 for c in found if clause_pages[c.norm_text] == c.page)
    missing = sorted(str(k) for k in (want - got).elements())
    return {"targets": sum(want.values()), "reproduced": matched, "on_page": on_page, "invented": invented,
            "missing": missing, "clauses": len(clean.clauses), "clauses_found": len(found),
            "clause_pages_right": right}


def excess_deviations(clean: list[FileRecords], scans: list[FileRecords]) -> dict[str, list[str]]:
    """Per government: the scan family's deviations beyond the clean family's, as
    "severity kind: text" (numbers are in ``values``, not deviations)."""
    def by_entity(recs: list[FileRecords]) -> dict[str, collections.Counter[tuple[str, str, str]]]:
        docs = [d for r in recs for d in r.documents]
        res = run_diff(docs, [c for r in recs for c in r.clauses], [t for r in recs for t in r.targets])
        ent = {d.doc_id: d.entity or "?" for d in docs}
        out: dict[str, collections.Counter[tuple[str, str, str]]] = collections.defaultdict(collections.Counter)
        for fam in res:
            for dev in fam.deviations:
                text = dev.letter_text or dev.template_text or ""
                out[ent[dev.doc_id]][(dev.severity, dev.kind, text)] += 1
        return out

    before, after = by_entity(clean), by_entity(scans)
    return {e: [f"{sev} {k}: {t[:70]}" for (sev, k, t) in (after[e] - before.get(e, collections.Counter())).elements()]
            for e in after}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scans", type=Path)
    ap.add_argument("--cache", type=Path, default=None, help="OCR cache folder (re-runs cost no OCR)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    settings = OcrSettings(cache_dir=args.cache, threads=args.threads)
    rows, cleans, scans = [], [], []
    for scan_path in sorted(args.scans.glob("*-scan-*.pdf")):
        letter, profile = scan_path.stem.split("-scan-")
        t0 = time.perf_counter()
        scan = process_path(scan_path, scan_path.name, ocr=settings)
        seconds = time.perf_counter() - t0
        clean = process_path(LETTERS / f"{letter}.pdf", f"{letter}.pdf")
        cleans.append(clean)
        scans.append(scan)
        row = {"letter": letter, "profile": profile, "seconds": round(seconds, 1), **compare(clean, scan)}
        rows.append(row)
        print(f"{letter:14} {profile:13} targets {row['reproduced']}/{row['targets']} on page {row['on_page']} "
              f"invented {len(row['invented'])}  clauses on page {row['clause_pages_right']}/{row['clauses']} "
              f"({seconds:.1f} s)", flush=True)
        for what in ("missing", "invented"):
            for item in row[what]:  # type: ignore[attr-defined]
                print(f"    {what}: {item}")
    excess = excess_deviations(cleans, scans)
    total = sum(r["targets"] for r in rows)  # type: ignore[misc]
    got = sum(r["reproduced"] for r in rows)  # type: ignore[misc]
    on_page = sum(r["on_page"] for r in rows)  # type: ignore[misc]
    invented = sum(len(r["invented"]) for r in rows)  # type: ignore[arg-type]
    clauses = sum(r["clauses"] for r in rows)  # type: ignore[misc]
    right = sum(r["clause_pages_right"] for r in rows)  # type: ignore[misc]
    print(f"\ntargets reproduced {got}/{total} = {got / max(total, 1):.1%}; on the right page {on_page}/{got}; "
          f"invented values {invented}; clauses found on the right page {right}/{clauses} = {right / max(clauses, 1):.1%}")
    for entity, devs in sorted(excess.items()):
        print(f"{entity}: {len(devs)} deviation(s) beyond the clean letter's")
        for d in devs:
            print(f"    {d}")
    worst = max((len(v) for v in excess.values()), default=0)
    serious = {e: [d for d in v if not d.startswith("trivial")] for e, v in excess.items()}
    print(f"deviations in excess of the clean family: {sum(len(v) for v in excess.values())} in all, "
          f"at most {worst} per letter; not trivial (substantive or wording): "
          f"{sum(len(v) for v in serious.values())}, at most {max((len(v) for v in serious.values()), default=0)} "
          f"per letter")
    if args.json:
        args.json.write_text(json.dumps({"letters": rows, "excess": excess}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
