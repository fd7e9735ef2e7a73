"""Command line: ``mubiao extract|diff|eval`` (also ``python -m pipeline``).

A thin shell: parse arguments, call one library function, print, map failures to exit codes
(0 fine, 1 some file failed or a check failed, 2 bad usage or a missing folder).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from pipeline.run import RunSettings, RunSummary, run_extract

DEFAULT_RAW = Path("data/raw")
DEFAULT_PARQUET = Path("data/parquet")
DEFAULT_REPORTS = Path("data/reports")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mubiao",
        description="Extract numeric targets from environmental target documents and compare letters.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="read every draft under --raw into Parquet tables, then diff and report")
    ex.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of drafts (default: %(default)s)")
    ex.add_argument("--parquet", type=Path, default=DEFAULT_PARQUET, help="output folder of tables (default: %(default)s)")
    ex.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="folder of the HTML/Markdown report (default: %(default)s)")
    ex.add_argument("--jobs", type=int, default=0, help="worker processes, 0 = one per core (default: %(default)s)")
    ex.add_argument("--timeout", type=float, default=300.0,
                    help="seconds one file may take before it is stopped with an error row; 0 = no limit "
                         "(default: %(default)g)")
    ex.add_argument("--memory-limit", type=int, default=4096, metavar="MB",
                    help="memory (address space) each worker process may use; a file needing more gets an "
                         "error row; 0 = no limit (default: %(default)s)")
    ex.add_argument("--force", action="store_true", help="re-extract files even when unchanged")
    ex.add_argument("--no-diff", action="store_true", help="stop after the tables; skip the diff stage and report")
    ex.add_argument("--no-checks", action="store_true",
                    help="skip the checks stage (targets against plans, outcomes and last year's letters)")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar")
    ex.add_argument("--debug", action="store_true", help="show tracebacks")

    df = sub.add_parser("diff", help="re-run only the diff stage and report on existing tables")
    df.add_argument("--parquet", type=Path, default=DEFAULT_PARQUET, help="folder of tables (default: %(default)s)")
    df.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="report folder (default: %(default)s)")
    df.add_argument("--family", help="only this family (e.g. 目标责任书-2022)")
    df.add_argument("--entity", help="only this government's letter (e.g. 白城市)")
    df.add_argument("--no-progress", action="store_true", help="no progress bar")
    df.add_argument("--debug", action="store_true", help="show tracebacks")

    ev = sub.add_parser("eval", help="score extracted targets against hand-checked answers")
    ev.add_argument("--gold", help="folder of answer files (targets.jsonl); see `mubiao eval --help`")
    return p


def _print_summary(summary: RunSummary, out: Path) -> None:
    for line in summary.error_lines:
        print(f"error: {line}", file=sys.stderr)
    if summary.reports:
        print(f"report: {summary.reports[0]}", file=sys.stderr)
    print(summary.line(out))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:
        # The scorer owns its options: pass them through untouched.
        from pipeline.evaluate import main as eval_main

        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "debug", False) else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    try:
        if args.command == "extract":
            settings = RunSettings(
                raw=args.raw, parquet=args.parquet, reports=None if args.no_diff else args.reports,
                jobs=args.jobs, force=args.force, diff=not args.no_diff, checks=not args.no_checks,
                progress=not args.no_progress, debug=args.debug, timeout=args.timeout,
                memory_limit_mb=args.memory_limit,
            )
            summary = run_extract(settings)
            _print_summary(summary, args.parquet)
            return 1 if summary.failed else 0
        if args.command == "diff":
            from pipeline.stages import run_diff_stage
            from pipeline.store import Store

            if not (args.parquet / "documents" / "data.parquet").exists():
                print(f"error: no tables under {args.parquet}: run `make extract` first", file=sys.stderr)
                return 2
            t0 = time.perf_counter()
            summary = RunSummary()
            store = Store(args.parquet)
            with store.lock():
                run_diff_stage(store, args.reports, summary, family=args.family, entity=args.entity,
                               progress=not args.no_progress)
            summary.seconds = time.perf_counter() - t0
            if summary.reports:
                print(f"report: {summary.reports[0]}", file=sys.stderr)
            who = f" for {args.entity}" if args.entity else ""
            print(f"{summary.deviations} deviations{who} in {summary.seconds:.1f} s -> {args.parquet / 'deviations'}")
            return 0
    except (FileNotFoundError, ValueError) as err:
        if getattr(args, "debug", False):
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
