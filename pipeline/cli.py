"""Command line: ``mubiao extract|diff|eval`` (also ``python -m pipeline``).

A thin shell: parse arguments, call one library function, print, map failures to exit codes
(see ``EXIT_CODES``).
"""

from __future__ import annotations

import argparse
import errno
import logging
import sys
import time
from pathlib import Path

from pipeline.errors import EnvironmentFault, UsageError
from pipeline.inputs import DEFAULT_MAX_FILE_MB
from pipeline.run import RunSettings, RunSummary, run_extract
from pipeline.store import give_back_freed_memory

EXIT_CODES = {
    0: "every file was read; tables (and report) written",
    1: "tables (and report) written, but some file failed: see the error lines and the errors table",
    2: "bad usage (an option, a missing folder, an output inside the input): nothing was run",
    3: "the machine could not finish the run (disk full, output not writable, workers cannot start): "
       "the tables and report of the last finished run are left as they were",
    130: "interrupted (Ctrl-C): the tables and report of the last finished run are left as they were",
}
"""What each exit code of ``mubiao extract`` and ``mubiao diff`` means (the README's table)."""

DEFAULT_RAW = Path("data/raw")
DEFAULT_PARQUET = Path("data/parquet")
DEFAULT_REPORTS = Path("data/reports")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from pipeline.schema import SCHEMA_VERSION

    try:
        package = version("mubiao")
    except PackageNotFoundError:  # run from a checkout that was never installed
        package = "(not installed)"
    return f"{package} (Parquet schema {SCHEMA_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mubiao",
        description="Extract numeric targets from environmental target documents and compare letters.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="read every draft under --raw into Parquet tables, then diff and report")
    ex.add_argument("--raw", type=Path, default=DEFAULT_RAW,
                    help="folder of drafts, or one draft file (default: %(default)s)")
    ex.add_argument("--parquet", type=Path, default=DEFAULT_PARQUET, help="output folder of tables (default: %(default)s)")
    ex.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="folder of the HTML/Markdown report (default: %(default)s)")
    ex.add_argument("--jobs", type=int, default=0, help="worker processes, 0 = one per core (default: %(default)s)")
    ex.add_argument("--timeout", type=float, default=300.0,
                    help="seconds one file may take before it is stopped with an error row; 0 = no limit "
                         "(default: %(default)g)")
    ex.add_argument("--memory-limit", type=int, default=4096, metavar="MB",
                    help="memory (address space) each worker process may use; a file needing more gets an "
                         "error row; 0 = no limit (default: %(default)s)")
    ex.add_argument("--ocr", choices=("auto", "off", "force"), default="auto",
                    help="scanned pages: auto = OCR pages without a usable text layer and image files, off = "
                         "never (a scan is an error row), force = OCR every page (default: %(default)s)")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="run the per-file and diff stages on a dask.distributed cluster: its scheduler "
                         "(tcp://HOST:8786) or local:N for N worker processes here; tables and reports stay "
                         "on this machine (default: --jobs local processes)")
    ex.add_argument("--shared-path", action="store_true",
                    help="with --scheduler: workers read the files at their paths (the raw folder is mounted "
                         "at the same path on every worker) instead of being sent their bytes")
    ex.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_FILE_MB, metavar="MB",
                    help="largest input file read; a larger one gets an error row without being read; "
                         "0 = no limit (default: %(default)s)")
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

    sh = sub.add_parser("show", help="print a table's rows: aligned text, CSV or JSON, filtered with --where",
                        description="Print the rows of TABLE (documents, clauses, targets, tasks, errors, "
                                    "deviations, values, checks). Example: mubiao show checks --where "
                                    "entity=长春市 --where flagged=true --csv")
    sh.add_argument("table", help="the table to print")
    sh.add_argument("--parquet", type=Path, default=DEFAULT_PARQUET, help="folder of tables (default: %(default)s)")
    sh.add_argument("--where", action="append", default=[], metavar="COL OP VALUE",
                    help="keep rows where the condition holds; OP one of = != > >= < <= ~ (contains); "
                         "repeat for more (all must hold)")
    sh.add_argument("--columns", help="comma-separated columns to print (default: all; --table leaves out text, "
                                      "revisions, detail and norm_text)")
    out = sh.add_mutually_exclusive_group()
    out.add_argument("--table", dest="fmt", action="store_const", const="table", help="aligned text (the default)")
    out.add_argument("--csv", dest="fmt", action="store_const", const="csv", help="CSV with a header row")
    out.add_argument("--json", dest="fmt", action="store_const", const="json", help="a JSON array of objects")
    sh.add_argument("--limit", type=int, default=None,
                    help="rows --table shows (default 50; 0 = all); CSV and JSON give every row")

    ev = sub.add_parser("eval", help="score extracted targets against hand-checked answers")
    ev.add_argument("--gold", help="folder of answer files (targets.jsonl); see `mubiao eval --help`")
    return p


def _print_summary(summary: RunSummary, out: Path) -> None:
    for line in summary.warning_lines:
        print(f"warning: {line}", file=sys.stderr)
    for line in summary.error_lines:
        print(f"error: {line}", file=sys.stderr)
    if summary.report:
        print(f"report: {summary.report}", file=sys.stderr)
    print(summary.line(out))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:
        # The scorer owns its options: pass them through untouched.
        from pipeline.evaluate import main as eval_main

        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    give_back_freed_memory()
    logging.basicConfig(level=logging.DEBUG if getattr(args, "debug", False) else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    try:
        if args.command == "extract":
            settings = RunSettings(
                raw=args.raw, parquet=args.parquet, reports=None if args.no_diff else args.reports,
                jobs=args.jobs, force=args.force, diff=not args.no_diff, checks=not args.no_checks,
                progress=not args.no_progress, debug=args.debug, timeout=args.timeout,
                memory_limit_mb=args.memory_limit, max_file_mb=args.max_file_size,
                scheduler=args.scheduler or None, shared_path=args.shared_path, ocr=args.ocr,
            )
            summary = run_extract(settings)
            if summary.files == 0:
                print(f"note: no drafts under {args.raw}: drop PDF, DOCX, TXT or HTML files in (sub-folders "
                      "are fine), or write the invented samples with `make samples`", file=sys.stderr)
            _print_summary(summary, args.parquet)
            return 1 if summary.failed else 0
        if args.command == "show":
            return _show(args)
        if args.command == "diff":
            from pipeline.stages import run_diff_stage
            from pipeline.store import Store

            if not Store(args.parquet).table_exists("documents"):
                print(f"error: no tables under {args.parquet}: run `make extract` first", file=sys.stderr)
                return 2
            if args.reports.exists() and not args.reports.is_dir():
                print(f"error: --reports {args.reports} is a file, not a folder: give a folder for the report",
                      file=sys.stderr)
                return 2
            t0 = time.perf_counter()
            summary = RunSummary()
            store = Store(args.parquet)
            with store.lock():
                run_diff_stage(store, args.reports, summary, family=args.family, entity=args.entity,
                               progress=not args.no_progress)
            summary.seconds = time.perf_counter() - t0
            for line in summary.error_lines:
                print(f"error: {line}", file=sys.stderr)
            if summary.report:
                print(f"report: {summary.report}", file=sys.stderr)
            who = f" for {args.entity}" if args.entity else ""
            print(f"{summary.deviations} deviations{who} in {summary.seconds:.1f} s -> {args.parquet / 'deviations'}")
            return 1 if summary.failed else 0
    except UsageError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (EnvironmentFault, OSError) as err:
        # Problems with input files are rows, never exceptions: what arrives here is the machine.
        if args.debug:
            raise
        print(f"error: {_fault_line(err)}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("error: interrupted; the tables and report of the last finished run are as they were",
              file=sys.stderr)
        return 130
    return 2


def _show(args: argparse.Namespace) -> int:
    from pipeline.show import DEFAULT_LIMIT, OutputFormat, ShowError, default_columns, format_rows, read_rows

    fmt: OutputFormat = args.fmt or "table"
    try:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else []
        tbl = read_rows(args.parquet, args.table, args.where, columns)
        if not columns:
            tbl = tbl.select(default_columns(tbl.column_names, fmt))
    except ShowError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    limit = DEFAULT_LIMIT if args.limit is None else (args.limit or None)
    sys.stdout.write(format_rows(tbl, fmt, limit if fmt == "table" else None))
    return 0


_FAULT_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EROFS: "the file system is read-only: choose a writable output folder",
    errno.EACCES: "permission denied: make the output folder writable or choose another",
    errno.EPERM: "not permitted: make the output folder writable or choose another",
}


def _fault_line(err: BaseException) -> str:
    """One line for a fault of the machine: where, what, what to do; the earlier output stays."""
    if not isinstance(err, OSError):
        return str(err)
    where = f"{err.filename}: " if err.filename else ""
    what = _FAULT_ADVICE.get(err.errno or -1) or (err.strerror or str(err))
    return f"{where}{what}; the tables and report of the last finished run are as they were"


if __name__ == "__main__":
    sys.exit(main())
