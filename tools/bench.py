"""``make bench``: speed and memory, each against a baseline measured in the same run.

1. PDF reading: pages per second of ``extract.readers.pdf.read_pdf`` against pdfplumber's
   ``page.extract_text()`` on the same files.
2. Text to targets: characters per second on one core of normalise + segment + targets,
   against jieba segmentation of the same text (the approach the hot path avoids).
3. Corpus: N synthetic letters (one TXT file each) extracted and diffed with ``--jobs``
   workers, at two sizes to show how cost grows, with peak memory (RSS) of the run.
4. Report: the review outputs of a 200-letter family (pages, Word redlines, Excel workbook)
   against the diff of the same family.
5. OCR: seconds per page and peak RSS of one worker process (one onnxruntime thread, as with
   ``--jobs`` = cores) on degraded scans of fixture letters (``tools/scans.py``), beside Debian's
   Tesseract (``tesseract -l chi_sim``, one thread) on the same page images when it is
   installed; with each engine's raw character error rate against the page's text layer.

Every figure is the median of ``--repeat`` runs; the machine is noisy, so compare ratios.
Results also go to ``.bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

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


def _write_corpus(folder: Path, n: int, shape: str = "family", governments: int | None = None) -> int:
    """Write ``n`` synthetic letters; returns the letters of the largest family."""
    from tools.synth import entity_names, family_sizes, synth_corpus, synth_family

    folder.mkdir(parents=True, exist_ok=True)
    if shape == "national":
        written = []
        for rel, text in synth_corpus(n, seed=n, governments=governments):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
            written.append(rel)
        return max(family_sizes(written).values())
    names = None
    if governments:
        pool = entity_names(governments, random.Random(n))
        names = [pool[i % governments] for i in range(n)]
    for i, (_, text) in enumerate(synth_family(n, seed=n, names=names).letters):
        (folder / f"letter-{i:05d}.txt").write_text(text, encoding="utf-8")
    return n


# Runs the CLI and reports the peak RSS of this process alone (not of its workers), overall and
# per stage (``--client`` below).
_CLIENT = ("import sys\nfrom tools.bench import client_main\nsys.exit(client_main(sys.argv[1:]))\n")

STAGES = ("files", "tables", "checks", "diff")
"""The client's stages, in order: reading the changed files (hashing, the workers' results put in
the cache), writing the tables from the cache, the checks stage, the diff stage with its report."""


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class StagePeaks:
    """The peak RSS of this process per stage: the kernel's high-water mark (``VmHWM`` in
    /proc/self/status), read and reset to the current RSS (writing 5 to /proc/self/clear_refs) at
    each stage's start and end. Exact, not sampled: a stage's peak is the most this process held at
    any moment of it, what the earlier stages left held included. Linux only; where the mark cannot
    be reset (``available`` false) nothing is reported per stage."""

    def __init__(self) -> None:
        self.peaks_kb: dict[str, int] = {}
        self.entry_kb: dict[str, int] = {}
        self.stage = "files"
        self.available = self._reset()

    @staticmethod
    def _reset() -> bool:
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            return True
        except OSError:
            return False

    def mark(self, stage: str) -> None:
        """The current stage ends here (its peak recorded), ``stage`` starts."""
        if not self.available:
            return
        self.peaks_kb[self.stage] = max(self.peaks_kb.get(self.stage, 0), _status_kb("VmHWM"))
        self._reset()
        self.entry_kb.setdefault(stage, _status_kb("VmRSS"))
        self.stage = stage

    def wrap(self, module: object, name: str, stage: str, after: str | None = None) -> None:
        """``module.name`` marks ``stage`` when called, and ``after`` (if any) when it returns."""
        import functools

        fn = getattr(module, name)

        @functools.wraps(fn)
        def wrapped(*args: object, **kwargs: object) -> object:
            self.mark(stage)
            try:
                return fn(*args, **kwargs)
            finally:
                if after:
                    self.mark(after)

        setattr(module, name, wrapped)


def client_main(argv: list[str]) -> int:
    """The CLI with this process's peak RSS written to stderr at exit: overall
    (``client-peak-rss-kb``) and per stage (``client-stage-peak-kb STAGE KB``)."""
    import pipeline.run
    import pipeline.stages
    from pipeline.cli import main as cli_main

    probe = StagePeaks()
    probe.wrap(pipeline.run, "_write_tables", "tables")
    probe.wrap(pipeline.stages, "run_checks_stage", "checks", after="between")
    probe.wrap(pipeline.stages, "run_diff_stage", "diff", after="end")
    code = cli_main(argv)
    probe.mark("end")
    for stage, kb in probe.peaks_kb.items():
        if stage in STAGES:
            sys.stderr.write(f"\nclient-stage-peak-kb {stage} {kb} {probe.entry_kb.get(stage, 0)}\n")
    # Resetting the mark resets getrusage's ru_maxrss too: the run's peak is the stages' highest.
    peak = max([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, *probe.peaks_kb.values()])
    sys.stderr.write(f"\nclient-peak-rss-kb {peak}\n")
    return code


class Run(NamedTuple):
    seconds: float
    client_mb: float
    """Peak RSS of the client (the ``mubiao`` process) in MB."""
    largest_mb: float
    """Peak RSS of the largest process the bench waited for, in MB."""
    stages_mb: dict[str, float]
    """The client's peak RSS in each of ``STAGES`` it ran, in MB (empty where unmeasurable)."""


def _timed_run(args: list[str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CLIENT, *args], check=True, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    client = max(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("client-peak-rss-kb"))
    stages = {line.split()[1]: int(line.split()[2]) / 1024 for line in done.stderr.splitlines()
              if line.startswith("client-stage-peak-kb")}
    return Run(secs, client / 1024, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024,
               stages)


def _stage_medians(runs: list[Run]) -> dict[str, float]:
    """Per stage, the median over runs of the client's peak RSS in it."""
    return {s: statistics.median(r.stages_mb[s] for r in runs) for s in STAGES if all(s in r.stages_mb for r in runs)}


def bench_corpus(sizes: list[int], jobs: int, repeat: int, checks_baseline: bool = False, shape: str = "family",
                 governments: int | None = None, scheduler: str | None = None,
                 checks_stage: bool = False) -> list[dict[str, Any]]:
    """``checks_baseline``: also time each run with ``--no-checks``, alternating with the full run, so
    the checks stage's share is measured against a baseline of the same sitting. ``scheduler``: also
    run each size on that cluster (local:2 …), alternating with the local ``--jobs`` run.
    ``checks_stage``: after each local run, also time the checks stage alone on that run's tables
    (in this process, median of 3)."""
    out = []
    with tempfile.TemporaryDirectory(prefix="mubiao-bench-") as tmp:
        for n in sizes:
            raw = Path(tmp) / f"raw{n}"
            largest = _write_corpus(raw, n, shape, governments)
            variants: list[tuple[str, list[str]]] = [("local", [])]
            if checks_baseline:
                variants.insert(0, ("base", ["--no-checks"]))
            if scheduler:
                variants.append(("cluster", ["--scheduler", scheduler]))
            runs: dict[str, list[Run]] = {name: [] for name, _ in variants}
            stage: list[float] = []
            for r in range(repeat):
                for name, extra in variants:
                    tag = f"{n}-{r}-{name}"
                    runs[name].append(_timed_run(
                        ["extract", "--raw", str(raw), "--parquet", str(Path(tmp) / f"out{tag}"),
                         "--reports", str(Path(tmp) / f"rep{tag}"), "--jobs", str(jobs), "--no-progress", *extra]))
                    if checks_stage and name == "local":
                        stage.append(_time_checks_stage(Path(tmp) / f"out{tag}"))
                    shutil.rmtree(Path(tmp) / f"out{tag}")
                    shutil.rmtree(Path(tmp) / f"rep{tag}", ignore_errors=True)
            t = statistics.median(x[0] for x in runs["local"])
            row: dict[str, Any] = {"letters": n, "largest_family": largest, "seconds": t, "letters_per_s": n / t,
                   "ms_per_letter": 1000 * t / n, "client_rss_mb": max(x[1] for x in runs["local"]),
                   "peak_rss_mb": max(x[2] for x in runs["local"]), "jobs": jobs,
                   "client_stage_rss_mb": _stage_medians(runs["local"])}
            if checks_baseline:
                row["seconds_without_checks"] = statistics.median(x[0] for x in runs["base"])
                row["checks_share"] = t / row["seconds_without_checks"] - 1
            if stage:
                row["checks_stage_seconds"] = statistics.median(stage)
                row["checks_stage_share"] = row["checks_stage_seconds"] / (t - row["checks_stage_seconds"])
            if scheduler:
                row["cluster_seconds"] = statistics.median(x[0] for x in runs["cluster"])
                row["cluster_client_rss_mb"] = max(x[1] for x in runs["cluster"])
                row["cluster_client_stage_rss_mb"] = _stage_medians(runs["cluster"])
            out.append(row)
        if shape == "national" and out:
            # The client's memory against one family as large as the national corpus's largest.
            raw = Path(tmp) / "family"
            _write_corpus(raw, int(out[-1]["largest_family"]), "family", governments)
            fam = [_timed_run(["extract", "--raw", str(raw), "--parquet", str(Path(tmp) / f"fam{r}"), "--reports",
                               str(Path(tmp) / f"famrep{r}"), "--jobs", str(jobs), "--no-progress"])
                   for r in range(repeat)]
            out[-1]["family_alone_client_rss_mb"] = max(x[1] for x in fam)
            out[-1]["family_alone_client_stage_rss_mb"] = _stage_medians(fam)
    return out


def bench_report(n: int, repeat: int) -> dict[str, float]:
    """The review outputs of one family of ``n`` letters (HTML pages, a Word redline per letter,
    the Excel workbook, summary.md) against the diff of the same family, both in this process."""
    from diff import run_diff
    from diff.redline import redline_docx
    from diff.report import write_family_report
    from diff.review import by_doc
    from diff.workbook import family_workbook
    from extract.file import records_from_extraction
    from extract.records import Extraction
    from tools.synth import synth_family

    docs, clauses, targets = [], [], []
    for i, (_, text) in enumerate(synth_family(n, seed=n).letters):
        rec = records_from_extraction(Extraction(text=text, format="txt"), f"letter-{i:05d}.txt",
                                      f"{i:016x}" + "0" * 48)  # doc ids from the first 16 hex digits
        docs += rec.documents
        clauses += rec.clauses
        targets += rec.targets
    (res,) = run_diff(docs, clauses, targets)
    rows = by_doc(res)
    with tempfile.TemporaryDirectory(prefix="mubiao-bench-") as tmp:
        diff_s = _median_seconds(lambda: run_diff(docs, clauses, targets), repeat)
        report_s = _median_seconds(lambda: write_family_report(res, Path(tmp)), repeat)
        redline_s = _median_seconds(lambda: [redline_docx(res, i, rows[d.doc_id]) for i, d in enumerate(res.documents)],
                                    repeat)
        workbook_s = _median_seconds(lambda: family_workbook(res), repeat)
    return {"letters": n, "diff_s": diff_s, "report_s": report_s, "redlines_s": redline_s, "workbook_s": workbook_s,
            "report_vs_diff": report_s / diff_s, "report_ms_per_letter": 1000 * report_s / n,
            "redline_ms_per_letter": 1000 * redline_s / n}
OCR_PAGES = (("changchun-2022", "rotated", 0), ("jilin-2022", "sealed", 0), ("liaoyuan-2022", "lowdpi", 1),
             ("meihekou-2022", "photographed", 0), ("baishan-2022", "blurred", 2), ("tonghua-2022", "noisy", 3))
"""(letter, profile, page index): the pages the OCR bench reads, one per kind of damage."""


def _ocr_pages(folder: Path) -> list[tuple[Path, str]]:
    """The bench pages as PNG files in ``folder``, each with its page's clean text."""
    import pypdfium2

    from tools.scans import LETTERS, degrade

    out = []
    for letter, profile, index in OCR_PAGES:
        pdf = LETTERS / f"{letter}.pdf"
        path = folder / f"{letter}-{profile}-p{index + 1}.png"
        degrade(pdf, profile)[index].save(path)
        doc = pypdfium2.PdfDocument(str(pdf))
        text = doc[index].get_textpage().get_text_bounded()
        doc.close()
        out.append((path, text))
    return out


def _squash(text: str) -> str:
    """Text for the error rate: no whitespace, no page-number line, full-width folded."""
    import re
    import unicodedata

    text = re.sub(r"[—-]\s*\d+\s*[—-]", "", text)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _ocr_worker(engine: str, folder: Path) -> None:
    """One engine over every page of ``folder`` in this process; prints JSON: seconds per page
    (the first page, which loads the models, apart) and this process's peak RSS."""
    from PIL import Image

    pages = sorted(folder.glob("*.png"))
    texts: dict[str, str] = {}
    times = []
    child_rss = 0
    for path in pages:
        t0 = time.perf_counter()
        if engine == "rapidocr":
            from extract.readers.ocr import OcrSettings, prepare, recognise

            boxes = recognise(prepare(Image.open(path)), OcrSettings(threads=1))
            texts[path.name] = "".join(b.text for b in boxes)
        else:
            out = subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim"], capture_output=True,
                                 text=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            texts[path.name] = out.stdout
            child_rss = max(child_rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        times.append(time.perf_counter() - t0)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": times, "rss_mb": max(own, child_rss) / 1024, "texts": texts}, ensure_ascii=False))


def bench_ocr(repeat: int) -> dict[str, object]:
    """Both engines on the same page images, each in a fresh process per repeat."""
    import shutil

    from rapidfuzz.distance import Levenshtein

    engines = ["rapidocr"] + (["tesseract"] if shutil.which("tesseract") else [])
    out: dict[str, object] = {"pages": len(OCR_PAGES)}
    with tempfile.TemporaryDirectory(prefix="mubiao-bench-ocr-") as tmp:
        clean = {p.name: t for p, t in _ocr_pages(Path(tmp))}
        for engine in engines:
            per_page, rss, cer = [], [], []
            for _ in range(repeat):
                got = subprocess.run([sys.executable, "-m", "tools.bench", "--ocr-worker", engine, tmp],
                                     capture_output=True, text=True, check=True)
                r = json.loads(got.stdout)
                per_page.append(statistics.median(r["seconds"][1:] or r["seconds"]))
                rss.append(r["rss_mb"])
                errors = sum(Levenshtein.distance(_squash(clean[n]), _squash(t)) for n, t in r["texts"].items())
                cer.append(errors / sum(len(_squash(t)) for t in clean.values()))
            out[engine] = {"seconds_per_page": statistics.median(per_page), "peak_rss_mb": max(rss),
                           "cer": statistics.median(cer)}
    return out


def _time_checks_stage(parquet: Path, repeat: int = 3) -> float:
    """Seconds the checks stage takes on a finished run's tables (reading targets, finding, writing)."""
    from pipeline.run import RunSummary
    from pipeline.stages import run_checks_stage
    from pipeline.store import Store

    store = Store(parquet)
    return _median_seconds(lambda: run_checks_stage(store, RunSummary()), repeat)


def _print_stages(what: str, stages: dict[str, float], repeat: int, where: str = "") -> None:
    if stages:
        print(f"corpus   {what}  client peak RSS by stage{where}: "
              + "  ".join(f"{s} {mb:.0f} MB" for s, mb in stages.items()) + f"  (medians of {repeat})")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--sizes", default="1000,2000", help="corpus sizes in letters (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--only", choices=["pdf", "targets", "corpus", "report", "ocr"])
    p.add_argument("--corpus", choices=["family", "national"], default="family",
                   help="corpus: one family of letters, or a national-shaped corpus (31 provinces, letters "
                        "of 10 years; families by year) (default: %(default)s)")
    p.add_argument("--governments", type=int, default=None,
                   help="corpus: distinct governments (letters cycle over them); default one per letter")
    p.add_argument("--scheduler", default=None,
                   help="corpus: also run each size with --scheduler (e.g. local:2), alternating with --jobs")
    p.add_argument("--ocr-worker", nargs=2, metavar=("ENGINE", "DIR"), help=argparse.SUPPRESS)
    p.add_argument("--checks-baseline", action="store_true",
                   help="corpus: also time every run with --no-checks (alternating) and report what the checks stage adds")
    p.add_argument("--checks-stage", action="store_true",
                   help="corpus: also time the checks stage alone on each run's tables and report its share of the run")
    args = p.parse_args(argv)
    if args.ocr_worker:
        _ocr_worker(args.ocr_worker[0], Path(args.ocr_worker[1]))
        return 0
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
        rows = bench_corpus([int(s) for s in args.sizes.split(",")], args.jobs, args.repeat, args.checks_baseline,
                            args.corpus, args.governments, args.scheduler,
                            args.checks_stage)
        results["corpus"] = rows
        for c in rows:
            print(f"corpus   {c['letters']:6d} letters  {c['seconds']:6.1f} s  {c['letters_per_s']:7.1f} letters/s  "
                  f"{c['ms_per_letter']:.2f} ms/letter  client RSS {c['client_rss_mb']:.0f} MB  "
                  f"peak RSS {c['peak_rss_mb']:.0f} MB  (jobs={c['jobs']}, {args.corpus}, largest family "
                  f"{c['largest_family']:.0f})")
            _print_stages(f"{c['letters']:6d} letters", c["client_stage_rss_mb"], args.repeat)
            if "cluster_seconds" in c:
                print(f"corpus   {c['letters']:6d} letters  {c['cluster_seconds']:6.1f} s on --scheduler {args.scheduler}"
                      f"  client RSS {c['cluster_client_rss_mb']:.0f} MB (its scheduler included)  "
                      f"time x{c['cluster_seconds'] / c['seconds']:.2f} of --jobs {c['jobs']}")
                _print_stages(f"{c['letters']:6d} letters", c["cluster_client_stage_rss_mb"], args.repeat,
                              " on the cluster")
            if "family_alone_client_rss_mb" in c:
                print(f"corpus   one family of {c['largest_family']:.0f} letters alone: client RSS "
                      f"{c['family_alone_client_rss_mb']:.0f} MB (the national corpus's largest family)")
                _print_stages(f"family of {c['largest_family']:.0f}", c["family_alone_client_stage_rss_mb"],
                              args.repeat)
            if "checks_share" in c:
                print(f"corpus   {c['letters']:6d} letters  without the checks stage {c['seconds_without_checks']:6.1f} s: "
                      f"checks add {100 * c['checks_share']:+.1f} % (medians of {args.repeat}, runs alternating)")
            if "checks_stage_share" in c:
                print(f"corpus   {c['letters']:6d} letters  checks stage alone {c['checks_stage_seconds']:6.2f} s: "
                      f"{100 * c['checks_stage_share']:.1f} % of the run without it (medians)")
        if len(rows) >= 2:
            growth = rows[-1]["seconds"] / rows[0]["seconds"]
            size = rows[-1]["letters"] / rows[0]["letters"]
            print(f"corpus   time x{growth:.2f} for letters x{size:.1f}; 10,000 letters ≈ "
                  f"{10_000 * rows[-1]['ms_per_letter'] / 1000:.0f} s at this rate")
            if "cluster_seconds" in rows[-1]:
                print(f"corpus   on the cluster: time x{rows[-1]['cluster_seconds'] / rows[0]['cluster_seconds']:.2f} "
                      f"for letters x{size:.1f}")
    if args.only in (None, "report"):
        r = bench_report(200, args.repeat)
        results["report"] = r
        print(f"report   {r['letters']:6d} letters  pages, redlines, workbook {r['report_s']:5.2f} s "
              f"({r['report_ms_per_letter']:.1f} ms/letter; redlines {r['redline_ms_per_letter']:.1f} ms/letter, "
              f"workbook {r['workbook_s']:.2f} s)   diff of the family {r['diff_s']:5.2f} s   x{r['report_vs_diff']:.2f}")
    if args.only in (None, "ocr"):
        ocr = bench_ocr(args.repeat)
        results["ocr"] = ocr
        ours = ocr["rapidocr"]
        assert isinstance(ours, dict)
        line = (f"ocr      {ours['seconds_per_page']:8.2f} s/page  peak RSS {ours['peak_rss_mb']:.0f} MB/worker  "
                f"CER {100 * ours['cer']:.2f} %")
        tess = ocr.get("tesseract")
        if isinstance(tess, dict):
            line += (f"   tesseract chi_sim {tess['seconds_per_page']:.2f} s/page  {tess['peak_rss_mb']:.0f} MB  "
                     f"CER {100 * tess['cer']:.2f} %   time x{ours['seconds_per_page'] / tess['seconds_per_page']:.2f}")
        else:
            line += "   (tesseract not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        print(line + f"  ({ocr['pages']} degraded pages, one thread each, median of {args.repeat})")
    Path(".bench").mkdir(exist_ok=True)
    Path(".bench/results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
