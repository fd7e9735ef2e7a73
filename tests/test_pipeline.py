"""The whole extract run over every shared fixture: tables, errors, loaders, CLI."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from places import SHARED

from pipeline import schema as sch
from pipeline.cli import main
from pipeline.run import RunSettings, run_extract

FIXTURES = SHARED / "fixtures"
SEEDS = SHARED / "seeds"
TABLES = ("documents", "clauses", "targets", "tasks", "ocr_lines", "errors", "deviations")


def make_raw(root: Path) -> Path:
    """A raw folder with every seed and fixture (copied: the run must not touch shared/)."""
    raw = root / "raw"
    shutil.copytree(FIXTURES, raw / "fixtures", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(SEEDS, raw / "seeds")
    return raw


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    root = tmp_path_factory.mktemp("full")
    raw = make_raw(root)
    out = root / "parquet"
    code = main(["extract", "--raw", str(raw), "--parquet", str(out), "--reports", str(root / "reports"),
                 "--jobs", "2", "--no-progress"])
    return raw, out, code


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name)


def test_exit_status_is_nonzero_when_a_file_failed(full_run):
    assert full_run[2] == 1


def test_every_bad_file_gives_one_clear_error_row(full_run):
    raw, out, _ = full_run
    errors = table(out, "errors")
    errors = errors[errors.level == "error"]
    bad = sorted(str(p.relative_to(raw)) for p in (raw / "fixtures" / "bad").iterdir())
    # The GB18030 file with a few invalid bytes still reads (with a warning), the HTML letter
    # with a script inside a clause reads without the script, and the scan reads by OCR.
    expect_fail = [b for b in bad if "invalid-bytes" not in b and not b.endswith((".html", "image-only.pdf"))]
    assert sorted(errors.source_path) == expect_fail
    advice = {
        "legacy-word97.doc": ".docx",
        "encrypted-password-secret.pdf": "password",
        "empty.pdf": "empty",
    }
    for row in errors.itertuples():
        assert row.message.startswith(row.source_path + ":")
        assert "Traceback" not in row.message and "\n" not in row.message
        for name, word in advice.items():
            if row.source_path.endswith(name):
                assert word.lower() in row.message.lower(), row.message


def test_a_scanned_pdf_reads_by_ocr_with_its_lines_and_a_warning(full_run):
    _, out, _ = full_run
    docs = table(out, "documents")
    scan = docs[docs.source_path == "fixtures/bad/image-only.pdf"]
    assert list(scan.format) == ["ocr"] and list(scan.entity) == ["长春市"]
    errors = table(out, "errors")
    warned = errors[(errors.source_path == "fixtures/bad/image-only.pdf") & (errors.level == "warning")]
    assert [m.split(": ", 1)[1][:12] for m in warned.message] == ["read by OCR "]
    lines = table(out, "ocr_lines")
    assert set(lines.doc_id) == set(scan.doc_id)
    text = scan.text.iloc[0]
    assert all(text[r.span_start:r.span_end] == r.text for r in lines.itertuples())
    targets = table(out, "targets")
    assert targets[targets.doc_id.isin(scan.doc_id)].ocr_confidence.notna().all()
    assert targets[~targets.doc_id.isin(scan.doc_id)].ocr_confidence.isna().all()


def test_script_in_html_never_reaches_the_text(full_run):
    _, out, _ = full_run
    docs = table(out, "documents")
    row = docs[docs.source_path.str.endswith("script-injection.html")].iloc[0]
    assert row.entity == "长春市"
    assert "alert" not in row.text and "<script" not in row.text
    assert "优良天数比例不低于87.6%" in row.text


def test_invalid_bytes_are_a_warning_and_the_letter_lands(full_run):
    _, out, _ = full_run
    errors = table(out, "errors")
    mine = errors[errors.source_path.str.endswith("invalid-bytes.txt")]
    assert list(mine.level) == ["warning"]
    targets = table(out, "targets").merge(table(out, "documents")[["doc_id", "source_path"]], on="doc_id")
    mine = targets[targets.source_path.str.endswith("invalid-bytes.txt")]
    assert "air.pm25" in set(mine.indicator)


def test_other_files_of_the_same_run_land(full_run):
    raw, out, _ = full_run
    docs = table(out, "documents")
    landed = set(docs.source_path)
    for p in raw.rglob("*"):
        rel = str(p.relative_to(raw))
        if p.is_file() and "/bad/" not in f"/{rel}":
            assert rel in landed, rel


def test_seed_bundle_gives_eleven_letters(full_run):
    _, out, _ = full_run
    docs = table(out, "documents")
    bundle = docs[docs.source_path.str.startswith("seeds/000_")]
    assert list(bundle.entity) == ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市",
                                   "白城市", "延边州", "长白山管委会", "梅河口市"]
    assert set(bundle.year) == {2022}
    assert set(bundle.doc_kind) == {"letter"}
    assert set(bundle.status) == {"draft"}


@pytest.mark.parametrize(
    ("seed", "kind", "entity", "year"),
    [("001_", "plan", "吉林省", 2021), ("002_", "assessment", "吉林省", 2022),
     ("003_", "plan", "长春市", 2022), ("004_", "decomposition", "将乐县", 2022)],
)
def test_other_seeds_parse_into_documents_with_sections(full_run, seed, kind, entity, year):
    _, out, _ = full_run
    docs = table(out, "documents")
    doc = docs[docs.source_path.str.startswith(f"seeds/{seed}")]
    assert len(doc) == 1
    row = doc.iloc[0]
    assert (row.doc_kind, row.entity, row.year) == (kind, entity, year)
    clauses = table(out, "clauses")
    mine = clauses[clauses.doc_id == row.doc_id]
    paths = set(mine.section_path) - {""}
    assert len(paths) >= 3
    assert any(p.startswith("一、") for p in paths)


def test_traditional_plan_is_searchable_in_simplified_with_spans_in_the_original(full_run):
    _, out, _ = full_run
    docs = table(out, "documents").set_index("doc_id")
    clauses = table(out, "clauses")
    doc_id = docs.index[docs.source_path.str.startswith("seeds/003_")][0]
    hits = clauses[(clauses.doc_id == doc_id) & clauses.norm_text.str.contains("清洁取暖率达到52%以上", regex=False)]
    assert len(hits) >= 1
    text = docs.loc[doc_id, "text"]
    for row in hits.itertuples():
        original = text[row.span_start:row.span_end]
        assert original == row.text
        assert "清潔取暖率達到52%以上" in original


def test_spans_point_into_document_text(full_run):
    _, out, _ = full_run
    texts = table(out, "documents").set_index("doc_id").text
    clauses = table(out, "clauses")
    bad = [r.clause_id for r in clauses.itertuples() if texts[r.doc_id][r.span_start:r.span_end] != r.text]
    assert bad == []
    targets = table(out, "targets")
    bad = [r.quote for r in targets.itertuples() if texts[r.doc_id][r.span_start:r.span_end] != r.quote]
    assert bad == []


def test_written_files_match_the_declared_schema(full_run):
    _, out, _ = full_run
    for name in TABLES:
        written = pq.read_schema(out / name / "data.parquet")
        assert written.equals(sch.schema(name), check_metadata=False), name
        assert written.metadata[b"mubiao.schema_version"] == sch.SCHEMA_VERSION.encode()


def test_tables_load_in_one_call_with_pandas_pyarrow_duckdb_polars(full_run):
    import duckdb
    import polars as pl

    _, out, _ = full_run
    n = len(pd.read_parquet(out / "targets"))
    assert n > 200
    assert ds.dataset(out / "targets").count_rows() == n
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/targets/*.parquet')").fetchall()[0][0] == n
    assert pl.read_parquet(out / "targets" / "*.parquet").height == n


def test_pdf_pages_are_recorded(full_run):
    _, out, _ = full_run
    docs = table(out, "documents")
    bundle = docs[docs.source_path == "fixtures/bundle/jilin-2022-bundle.pdf"]
    assert list(bundle.first_page) == [1, 7, 13, 19, 25, 31, 37, 43, 49, 55, 60]


def test_tracked_changes_are_recorded(full_run):
    _, out, _ = full_run
    docs = table(out, "documents")
    row = docs[docs.source_path.str.endswith("tracked-changes.docx")].iloc[0]
    assert row.has_revisions
    kinds = {(r["kind"], r["text"]) for r in row.revisions}
    assert ("delete", "87.6%") in kinds and ("insert", "88.2%") in kinds
    assert "88.2%" in row.text and "87.6%" not in row.text


def test_missing_raw_folder_is_a_usage_error(tmp_path, capsys):
    code = main(["extract", "--raw", str(tmp_path / "nope"), "--parquet", str(tmp_path / "out")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_summary_line(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS / "004_a824368dc8330a74.txt", raw / "plan.txt")
    code = main(["extract", "--raw", str(raw), "--parquet", str(tmp_path / "out"), "--no-diff", "--no-progress"])
    assert code == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith("1 files (0 unchanged, 0 failed), 1 documents,")
    assert "tasks" in line and line.endswith(str(tmp_path / "out"))


def test_settings_reject_negative_jobs(tmp_path):
    with pytest.raises(ValueError, match="jobs"):
        RunSettings(raw=tmp_path, parquet=tmp_path / "o", jobs=-1)


def test_errors_table_rows_are_json_clean(full_run):
    _, out, _ = full_run
    for row in table(out, "errors").to_dict("records"):
        json.dumps(row, ensure_ascii=False)


def test_diff_command_reruns_one_family_and_rejects_an_unknown_one(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    out, reports = tmp_path / "out", tmp_path / "reports"
    assert main(["extract", "--raw", str(raw), "--parquet", str(out), "--reports", str(reports), "--no-progress"]) == 0
    capsys.readouterr()
    before = table(out, "deviations")
    assert set(before.family) == {"目标责任书-2022"}
    (reports / "index.html").unlink()
    assert main(["diff", "--parquet", str(out), "--reports", str(reports), "--family", "目标责任书-2022",
                 "--entity", "白城市"]) == 0
    assert capsys.readouterr().out.startswith(f"{(before.entity == '白城市').sum()} deviations for 白城市")
    assert (reports / "index.html").exists()
    after = table(out, "deviations")
    before["kinds"] = before["kinds"].map(tuple)
    after["kinds"] = after["kinds"].map(tuple)
    pd.testing.assert_frame_equal(before.sort_values(list(before.columns)).reset_index(drop=True),
                                  after.sort_values(list(after.columns)).reset_index(drop=True))
    assert main(["diff", "--parquet", str(out), "--family", "实施方案-1999"]) == 2
    assert "no family named '实施方案-1999'; families: 目标责任书-2022" in capsys.readouterr().err


def test_unchanged_rerun_skips_the_diff_but_keeps_its_table(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    settings = RunSettings(raw=raw, parquet=tmp_path / "out", reports=tmp_path / "rep", progress=False)
    first = run_extract(settings)
    again = run_extract(settings)
    assert again.unchanged == again.files == 5
    assert again.deviations == first.deviations >= 16  # the 16 places of the seed bundle
    assert again.report is None and again.report_files == 0  # not rewritten
    (raw / "001_d53d57b23d33dfae.txt").unlink()
    third = run_extract(settings)
    assert third.report is not None and third.report_files > 0  # inputs changed: diffed and reported again


def test_a_new_extractor_version_diffs_again(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    settings = RunSettings(raw=raw, parquet=tmp_path / "out", reports=tmp_path / "rep", progress=False)
    run_extract(settings)
    monkeypatch.setattr("extract.file.EXTRACTOR_VERSION", "test-next")
    monkeypatch.setattr("pipeline.store.EXTRACTOR_VERSION", "test-next")
    again = run_extract(settings)
    assert again.unchanged == 0  # every file extracted again ...
    assert again.report is not None and again.report_files > 0  # ... and the deviations worked out from the new records


def _crash_on_marker(data: bytes, source_path: str, **options: object):
    """Stands in for the per-file stage: dies like a reader segfaulting on hostile input."""
    import os

    from extract.file import process_bytes

    if b"CRASH-ME" in data:
        os._exit(139)
    return process_bytes(data, source_path, **options)  # type: ignore[arg-type]


def test_a_file_that_kills_its_worker_gets_an_error_row_and_the_rest_land(tmp_path, monkeypatch):
    import pipeline.pool

    monkeypatch.setattr(pipeline.pool, "process_bytes", _crash_on_marker)  # workers are forked
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, raw / seed.name)
    (raw / "hostile.txt").write_bytes(b"CRASH-ME")
    summary = run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", jobs=2, diff=False, progress=False))
    assert summary.failed == 1
    errors = table(tmp_path / "out", "errors")
    assert list(errors[errors.level == "error"].code) == ["reader-crashed"]
    assert errors[errors.level == "error"].message.iloc[0].startswith("hostile.txt: the reader crashed")
    assert summary.documents == 15


def _hang_on_marker(data: bytes, source_path: str, **options: object):
    """Stands in for the per-file stage: loops forever on one file, like a reader on a hostile PDF."""
    from extract.file import process_bytes

    if b"HANG-ME" in data:
        while True:
            pass
    return process_bytes(data, source_path, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_takes_too_long_is_stopped_and_tried_again_next_run(tmp_path, monkeypatch, jobs):
    import pipeline.pool

    monkeypatch.setattr(pipeline.pool, "process_bytes", _hang_on_marker)  # workers are forked
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS / "001_d53d57b23d33dfae.txt", raw / "good.txt")
    (raw / "slow.txt").write_bytes(b"HANG-ME")
    settings = RunSettings(raw=raw, parquet=tmp_path / "out", jobs=jobs, diff=False, progress=False, timeout=1)
    first = run_extract(settings)
    assert first.failed == 1 and first.documents >= 1
    errors = table(tmp_path / "out", "errors")
    assert list(errors[errors.level == "error"].code) == ["reader-timeout"]
    assert "raise --timeout" in errors.message.iloc[0]
    monkeypatch.undo()
    second = run_extract(settings)  # the good file is remembered; the stopped one is read again
    assert second.unchanged == 1
    assert "reader-timeout" not in set(table(tmp_path / "out", "errors").code)


def _hang_in_native_code(data: bytes, source_path: str, **options: object):
    """Like a reader stuck inside a C library: the alarm that stops Python code never gets through."""
    import signal

    from extract.file import process_bytes

    if b"HANG-ME" in data:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            pass
    return process_bytes(data, source_path, **options)  # type: ignore[arg-type]


def test_a_worker_stuck_in_native_code_is_killed_and_the_rest_land(tmp_path, monkeypatch):
    import pipeline.pool

    monkeypatch.setattr(pipeline.pool, "process_bytes", _hang_in_native_code)
    monkeypatch.setattr(pipeline.pool, "HARD_GRACE_S", 0.5)
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.glob("00[0-2]*.txt")):
        shutil.copy(seed, raw / seed.name)
    (raw / "stuck.txt").write_bytes(b"HANG-ME")
    summary = run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", jobs=2, diff=False, progress=False,
                                      timeout=1))
    errors = table(tmp_path / "out", "errors")
    assert summary.failed == 1
    assert list(errors[errors.level == "error"].source_path) == ["stuck.txt"]
    assert list(errors[errors.level == "error"].code) == ["reader-timeout"]
    assert summary.documents == 13  # the bundle's 11 letters and seeds 001, 002


def _hungry_on_marker(data: bytes, source_path: str, **options: object):
    """Stands in for the per-file stage: a file whose reading needs more memory than a worker may use."""
    from extract.file import process_bytes

    if b"EAT-ME" in data:
        hoard = bytearray(3 * 1024**3)
        return hoard
    return process_bytes(data, source_path, **options)  # type: ignore[arg-type]


def test_a_file_that_needs_too_much_memory_gets_an_error_row_and_the_rest_land(tmp_path, monkeypatch):
    import pipeline.pool

    monkeypatch.setattr(pipeline.pool, "process_bytes", _hungry_on_marker)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS / "001_d53d57b23d33dfae.txt", raw / "good.txt")
    (raw / "hungry.txt").write_bytes(b"EAT-ME")
    summary = run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", jobs=2, diff=False, progress=False,
                                      memory_limit_mb=1024))
    errors = table(tmp_path / "out", "errors")
    assert summary.failed == 1 and summary.documents >= 1
    assert list(errors[errors.level == "error"].code) == ["reader-out-of-memory"]
    assert "1,024 MB" in errors.message.iloc[0] and "--memory-limit" in errors.message.iloc[0]


def test_a_terminal_sees_progress_for_extract_and_diff(tmp_path):
    """Progress bars go to a terminal only: a pipe or a log gets the summary alone."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    cmd = [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--parquet", str(tmp_path / "out"),
           "--reports", str(tmp_path / "rep"), "--jobs", "2"]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a terminal 120 columns wide
    proc = subprocess.run(cmd, stderr=slave, stdout=subprocess.PIPE, check=True, timeout=300)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    terminal = seen.decode("utf-8", "replace")
    assert "extract:" in terminal and "/5 [" in terminal and "diff:" in terminal and "/11 [" in terminal
    assert b"5 files" in proc.stdout
    piped = subprocess.run([*cmd[:-2], "--jobs", "2", "--force"], capture_output=True, check=True, timeout=300)
    assert b"extract:" not in piped.stderr and b"diff:" not in piped.stderr and b"it/s" not in piped.stderr


def test_pages_of_removed_letters_and_families_leave_the_report(tmp_path):
    from tools.synth import synth_family

    raw, rep = tmp_path / "raw", tmp_path / "rep"
    raw.mkdir()
    for i, (_, text) in enumerate(synth_family(12, seed=11).letters):
        (raw / f"letter-{i:02d}.txt").write_text(text, encoding="utf-8")
    settings = RunSettings(raw=raw, parquet=tmp_path / "out", reports=rep, progress=False)
    run_extract(settings)
    (family,) = [p for p in rep.iterdir() if p.is_dir()]
    pages = sorted(p.name for p in family.glob("*.html"))
    (rep / "my-notes.txt").write_text("a reviewer's own file", encoding="utf-8")
    (raw / "letter-00.txt").unlink()
    run_extract(settings)
    assert len(sorted(p.name for p in family.glob("*.html"))) == len(pages) - 1  # its page is gone
    for letter in raw.glob("*.txt"):  # a different year: the old family's folder goes
        letter.write_text(letter.read_text(encoding="utf-8").replace("2023年", "2024年"), encoding="utf-8")
    run_extract(settings)
    assert not family.exists()
    assert [p.name for p in rep.iterdir() if p.is_dir()] == [family.name.replace("2023", "2024")]
    assert (rep / "my-notes.txt").exists()


def test_the_report_files_are_listed_as_written_and_only_hashes_are_held(tmp_path):
    from pipeline.stages import REPORT_MANIFEST, ReportFiles, _prune_reports

    rep = tmp_path / "rep"
    names = [f"fam-{k}/letter-{i:04d}.html" for k in range(2) for i in range(3_000)]
    for name in (*names, "fam-0/gone.html", "fam-1/gone.html", "fam-9/gone.html"):
        (rep / name).parent.mkdir(parents=True, exist_ok=True)
        (rep / name).write_text("x", encoding="utf-8")
    (rep / REPORT_MANIFEST).write_text("\n".join(["fam-0/gone.html", "fam-1/gone.html", "fam-9/gone.html",
                                                   *names[:10]]) + "\n", encoding="utf-8")
    (tmp_path / "list").mkdir()
    written = ReportFiles(rep, tmp_path / "list")
    written.add(rep / n for n in names if n.startswith("fam-1/"))  # a generator: nothing kept of it
    written.add(iter([rep / "fam-0" / "letter-0000.html"]))
    assert written.count == 3_001
    # No list, set or dict of the paths: the paths went to the file, 8 bytes a path stayed.
    assert not [k for k, v in vars(written).items() if isinstance(v, (list, set, dict)) and len(v) > 100]
    assert list(written)[:2] == ["fam-1/letter-0000.html", "fam-1/letter-0001.html"]
    assert "fam-1/letter-2999.html" in written and "fam-0/letter-0001.html" not in written
    _prune_reports(rep, written, only_dir="fam-1")  # a --family run: other families' files stay
    assert not (rep / "fam-1" / "gone.html").exists()
    assert (rep / "fam-0" / "gone.html").exists() and (rep / "fam-9" / "gone.html").exists()
    listed = (rep / REPORT_MANIFEST).read_text(encoding="utf-8").splitlines()
    assert sorted(listed) == sorted(["fam-0/gone.html", "fam-9/gone.html", *names[1:10], *names[3_000:],
                                     "fam-0/letter-0000.html"])
    again = ReportFiles(rep, tmp_path / "list")
    again.add([rep / "fam-0" / "letter-0000.html"])
    _prune_reports(rep, again, only_dir=None)  # a whole run: what it listed before and did not write goes
    assert sorted(p.relative_to(rep).as_posix() for p in rep.rglob("*.html")) == \
        ["fam-0/letter-0000.html", *names[10:3_000]]  # never listed: a file of the reviewer's own
    assert not (rep / "fam-9").exists() and not (rep / "fam-1").exists()
    assert (rep / REPORT_MANIFEST).read_text(encoding="utf-8") == "fam-0/letter-0000.html\n"


def test_a_run_names_its_report_index_and_counts_its_files(tmp_path):
    from tools.synth import synth_family

    raw, rep = tmp_path / "raw", tmp_path / "rep"
    raw.mkdir()
    for i, (_, text) in enumerate(synth_family(6, seed=5).letters):
        (raw / f"letter-{i:02d}.txt").write_text(text, encoding="utf-8")
    summary = run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", reports=rep, progress=False))
    assert summary.report == rep / "index.html"
    files = [p for p in rep.rglob("*") if p.is_file() and p.name != ".report-files"]
    assert summary.report_files == len(files) >= 2 * 6
    assert sorted((rep / ".report-files").read_text(encoding="utf-8").splitlines()) == \
        sorted(p.relative_to(rep).as_posix() for p in files)


def test_the_report_front_page_lists_every_failed_file_and_warning(full_run):
    _, out, _ = full_run
    errors = table(out, "errors")
    front = (out.parent / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"读取失败与警告（{len(errors)}）" in front
    for path in errors.source_path:
        assert html.escape(path) in front
