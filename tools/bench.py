"""``make bench``: speed and memory, each against a baseline measured in the same run.

1. PDF reading: pages per second of ``extract.readers.pdf.read_pdf`` against pdfplumber's
   ``page.extract_text()`` on the same files.
2. Text to targets: characters per second on one core of normalise + segment + targets,
   against jieba segmentation of the same text (the approach the hot path avoids).
3. Corpus: N synthetic letters (one TXT file each) extracted and diffed with ``--jobs``
   workers, at two sizes to show how cost grows, with peak memory (RSS) of the run.

Every figure is the median of ``--repeat`` runs; the machine is noisy, so compare ratios.
Results also go to ``.bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_pdf(repeat: int) -> dict[str, float]:
    import pdfplumber
    import pypdfium2

    from extract.readers.pdf import read_pdf

    files = [SHARED / "fixtures" / "bundle" / "jilin-2022-bundle.pdf",
             SHARED / "fixtures" / "tables" / "siping-2022-table.pdf"]
    pages = sum(len(pypdfium2.PdfDocument(str(f))) for f in files)

    def ours() -> None:
        for f in files:
            read_pdf(f)

    def plumber() -> None:
        for f in files:
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()

    t_ours, t_base = _median_seconds(ours, repeat), _median_seconds(plumber, repeat)
    return {"pages": pages, "ours_pages_per_s": pages / t_ours, "pdfplumber_pages_per_s": pages / t_base,
            "speedup": t_base / t_ours}


def bench_targets(repeat: int) -> dict[str, float]:
    import jieba

    from extract.file import records_from_extraction
    from extract.records import Extraction

    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    text = "\n".join(texts)
    copies = max(1, 1_000_000 // len(text))
    corpus = [text] * copies
    chars = len(text) * copies

    def ours() -> None:
        for t in corpus:
            records_from_extraction(Extraction(text=t, format="txt"), "bench.txt", "0" * 64)

    jieba.initialize()

    def baseline() -> None:
        for t in corpus:
            jieba.lcut(t)

    # One clause of thousands of targets (a table or list flattened into one line), at two sizes:
    # the time must grow linearly with the clause, not with its square.
    def long_clause(n: int) -> str:
        items = "，".join(f"{i % 12 + 1}月底前细颗粒物浓度不高于{i % 100}微克/立方米、优良天数比例达到{i % 90}%"
                         for i in range(n))
        return f"长春市人民政府生态环境保护目标责任书\n（2022年）\n一、目标\n{items}。\n"

    def one_clause(text: str) -> Callable[[], object]:
        return lambda: records_from_extraction(Extraction(text=text, format="txt"), "bench.txt", "0" * 64)

    t_ours, t_base = _median_seconds(ours, repeat), _median_seconds(baseline, max(1, repeat // 2))
    small, large = long_clause(3000), long_clause(6000)
    t_small = _median_seconds(one_clause(small), repeat)
    t_large = _median_seconds(one_clause(large), repeat)
    return {"chars": chars, "ours_chars_per_s": chars / t_ours, "jieba_chars_per_s": chars / t_base,
            "ratio_vs_jieba": t_base / t_ours, "long_clause_chars": len(large),
            "long_clause_chars_per_s": len(large) / t_large, "long_clause_growth": t_large / t_small}


def _write_corpus(folder: Path, n: int) -> None:
    from tools.synth import synth_family

    folder.mkdir(parents=True, exist_ok=True)
    for i, (_, text) in enumerate(synth_family(n, seed=n).letters):
        (folder / f"letter-{i:05d}.txt").write_text(text, encoding="utf-8")


def bench_corpus(sizes: list[int], jobs: int, repeat: int, checks_stage: bool = False) -> list[dict[str, float]]:
    """``checks_stage``: after each run, also time the checks stage alone on that run's tables
    (in this process, median of 3), to give its share of the run measured in the same sitting."""
    out = []
    with tempfile.TemporaryDirectory(prefix="mubiao-bench-") as tmp:
        for n in sizes:
            raw = Path(tmp) / f"raw{n}"
            _write_corpus(raw, n)
            secs: list[float] = []
            rss: list[float] = []
            stage: list[float] = []
            for r in range(repeat):
                parquet = Path(tmp) / f"out{n}-{r}"
                cmd = [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--parquet", str(parquet),
                       "--reports", str(Path(tmp) / f"rep{n}-{r}"), "--jobs", str(jobs), "--no-progress"]
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                secs.append(time.perf_counter() - t0)
                rss.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
                if checks_stage:
                    stage.append(_time_checks_stage(parquet))
            t = statistics.median(secs)
            row = {"letters": n, "seconds": t, "letters_per_s": n / t, "ms_per_letter": 1000 * t / n,
                   "peak_rss_mb": max(rss), "jobs": jobs}
            if stage:
                row["checks_stage_seconds"] = statistics.median(stage)
                row["checks_share"] = row["checks_stage_seconds"] / (t - row["checks_stage_seconds"])
            out.append(row)
    return out


def _time_checks_stage(parquet: Path, repeat: int = 3) -> float:
    """Seconds the checks stage takes on a finished run's tables (reading targets, finding, writing)."""
    from pipeline.run import RunSummary
    from pipeline.stages import run_checks_stage
    from pipeline.store import Store

    store = Store(parquet)
    return _median_seconds(lambda: run_checks_stage(store, RunSummary()), repeat)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--sizes", default="1000,2000", help="corpus sizes in letters (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--only", choices=["pdf", "targets", "corpus"])
    p.add_argument("--checks-stage", action="store_true",
                   help="corpus: also time the checks stage alone on each run's tables and report its share of the run")
    args = p.parse_args(argv)
    results: dict[str, object] = {}
    if args.only in (None, "pdf"):
        r = bench_pdf(args.repeat)
        results["pdf"] = r
        print(f"pdf      {r['ours_pages_per_s']:8.1f} pages/s   pdfplumber {r['pdfplumber_pages_per_s']:6.1f} pages/s   "
              f"x{r['speedup']:.1f}  ({r['pages']} pages, median of {args.repeat})")
    if args.only in (None, "targets"):
        r = bench_targets(args.repeat)
        results["targets"] = r
        print(f"targets  {r['ours_chars_per_s'] / 1e6:8.2f} M chars/s (1 core)   jieba.lcut {r['jieba_chars_per_s'] / 1e6:.2f} M chars/s   "
              f"x{r['ratio_vs_jieba']:.1f}  ({r['chars']:,} chars)")
        print(f"targets  {r['long_clause_chars_per_s'] / 1e6:8.2f} M chars/s on one clause of "
              f"{r['long_clause_chars']:,} chars (12,000 targets); time x{r['long_clause_growth']:.2f} "
              "for the clause x2")
    if args.only in (None, "corpus"):
        rows = bench_corpus([int(s) for s in args.sizes.split(",")], args.jobs, args.repeat, args.checks_stage)
        results["corpus"] = rows
        for r in rows:
            print(f"corpus   {r['letters']:6d} letters  {r['seconds']:6.1f} s  {r['letters_per_s']:7.1f} letters/s  "
                  f"{r['ms_per_letter']:.2f} ms/letter  peak RSS {r['peak_rss_mb']:.0f} MB  (jobs={r['jobs']})")
            if "checks_share" in r:
                print(f"corpus   {r['letters']:6d} letters  checks stage alone {r['checks_stage_seconds']:6.2f} s: "
                      f"{100 * r['checks_share']:.1f} % of the run without it (medians)")
        if len(rows) >= 2:
            growth = rows[-1]["seconds"] / rows[0]["seconds"]
            size = rows[-1]["letters"] / rows[0]["letters"]
            print(f"corpus   time x{growth:.2f} for letters x{size:.1f}; 10,000 letters ≈ "
                  f"{10_000 * rows[-1]['ms_per_letter'] / 1000:.0f} s at this rate")
    Path(".bench").mkdir(exist_ok=True)
    Path(".bench/results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
