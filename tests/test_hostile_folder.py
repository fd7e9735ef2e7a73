"""A hostile raw folder and a careless user: every odd entry is a row, every misuse a clear
message, and the good letter beside them lands; nothing earlier is lost (issue: nothing in the
input folder stops the run)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from places import SHARED

from pipeline.cli import main
from pipeline.run import RunSettings, run_extract

SEEDS = SHARED / "seeds"
GOOD = SEEDS / "001_d53d57b23d33dfae.txt"
OTHER = SEEDS / "002_91f3e9aafd5d23ca.txt"
REPO = Path(__file__).resolve().parents[1]


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / "good.txt")
    return raw


def _errors(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "errors")


def _codes(out: Path) -> dict[str, str]:
    e = _errors(out)
    return dict(zip(e.source_path, e.code, strict=True))


def _extract(raw: Path, out: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own, killed if it does not end in ``timeout`` seconds."""
    cmd = [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--parquet", str(out),
           "--no-diff", "--no-progress", "--jobs", "2", *extra]
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout, cwd=REPO)


def test_fifo_device_links_and_a_huge_file_are_rows_and_the_good_letter_lands(tmp_path):
    raw = _raw(tmp_path)
    os.mkfifo(raw / "pipe.txt")
    (raw / "zero.txt").symlink_to("/dev/zero")
    (raw / "dangling.txt").symlink_to(raw / "nowhere.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    (raw / "huge.txt").write_bytes(GOOD.read_bytes() * 200)  # ≈ 5 MB, over --max-file-size 1
    (raw / "linked.txt").symlink_to(OTHER)  # a link to a regular file is read like one
    proc = _extract(raw, tmp_path / "out", "--max-file-size", "1")
    assert proc.returncode == 1, proc.stderr
    codes = _codes(tmp_path / "out")
    assert codes == {"pipe.txt": "not-a-file", "zero.txt": "not-a-file", "dangling.txt": "dangling-link",
                     "loop.txt": "link-loop", "huge.txt": "file-too-large"}
    msgs = dict(zip(_errors(tmp_path / "out").source_path, _errors(tmp_path / "out").message, strict=True))
    assert msgs["pipe.txt"].startswith("pipe.txt: a named pipe (FIFO), not a file")
    assert msgs["zero.txt"].startswith("zero.txt: a character device")
    assert "nowhere.txt" in msgs["dangling.txt"] and "loops back" in msgs["loop.txt"]
    assert "over the 1 MB" in msgs["huge.txt"] and "--max-file-size" in msgs["huge.txt"]
    docs = pd.read_parquet(tmp_path / "out" / "documents")
    assert sorted(docs.source_path) == ["good.txt", "linked.txt"]
    assert "error: pipe.txt: a named pipe" in proc.stderr and "Traceback" not in proc.stderr


def _cannot_read_as_this_user() -> list[str] | None:
    """A command prefix under which a mode-000 file is unreadable, or None: root reads anything
    unless it runs without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH (capsh drops them)."""
    if os.geteuid() != 0:
        return []
    capsh = shutil.which("capsh")
    return [capsh, "--drop=cap_dac_override,cap_dac_read_search", "--"] if capsh else None


def test_an_unreadable_file_is_a_row_and_the_good_letter_lands(tmp_path):
    prefix = _cannot_read_as_this_user()
    if prefix is None:
        pytest.skip("running as root without capsh: no way to make a file unreadable")
    raw = _raw(tmp_path)
    secret = raw / "secret.txt"
    shutil.copy(OTHER, secret)
    secret.chmod(0)
    out = tmp_path / "out"
    args = ["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress"]
    if prefix:
        cmd = [*prefix, "-c", " ".join([sys.executable, "-m", "pipeline", *args])]
    else:
        cmd = [sys.executable, "-m", "pipeline", *args]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 1, proc.stderr
    assert _codes(out) == {"secret.txt": "unreadable"}
    assert "secret.txt: cannot be read (permission denied)" in proc.stderr
    assert list(pd.read_parquet(out / "documents").source_path) == ["good.txt"]


def test_a_name_that_is_not_utf8_is_recorded_escaped_and_named_in_messages(tmp_path):
    raw = _raw(tmp_path)
    shutil.copy(OTHER, os.path.join(os.fsencode(raw), b"caf\xe9.txt"))
    (Path(os.fsdecode(os.path.join(os.fsencode(raw), b"\xff\xfe-empty.txt")))).write_bytes(b"")
    out = tmp_path / "out"
    assert main(["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress"]) == 1
    docs = pd.read_parquet(out / "documents")
    assert sorted(docs.source_path) == ["caf\\xe9.txt", "good.txt"]
    errors = _errors(out)
    assert list(errors.source_path) == ["\\xff\\xfe-empty.txt"]
    assert errors.message.iloc[0].startswith("\\xff\\xfe-empty.txt: empty file")


def test_display_name_is_lossless():
    from pipeline.inputs import display_name

    names = ["普通.txt", "a\\xe9.txt", os.fsdecode(b"a\xe9.txt"), "a\\b.txt", os.fsdecode(b"a\\\xe9.txt")]
    shown = [display_name(n) for n in names]
    assert shown[0] == "普通.txt" and shown[2] == "a\\xe9.txt"
    assert len(set(shown)) == len(names)


def test_identical_bytes_under_two_names_each_report_their_own_name(tmp_path):
    raw = _raw(tmp_path)
    (raw / "a.txt").write_bytes(b"")
    (raw / "b.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False, jobs=2))
    for _ in range(2):  # first run and a cached rerun
        errors = _errors(out)
        assert dict(zip(errors.source_path, errors.message, strict=True)) == {
            "a.txt": "a.txt: empty file; the file is damaged or incomplete: download or export it again",
            "b.txt": "b.txt: empty file; the file is damaged or incomplete: download or export it again"}
        summary = run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False, jobs=2))
        assert summary.unchanged == 3


def test_identical_bytes_under_another_extension_are_read_by_their_own_reader(tmp_path):
    from pipeline.store import Store, cache_key

    raw = tmp_path / "raw"
    raw.mkdir()
    page = GOOD.read_bytes()  # no markup: the extension decides between the text and HTML readers
    (raw / "page.html").write_bytes(page)
    (raw / "page.txt").write_bytes(page)
    run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", diff=False, progress=False))
    store = Store(tmp_path / "out")
    sha = hashlib.sha256(page).hexdigest()
    html, txt = store.cached(cache_key(sha, "page.html")), store.cached(cache_key(sha, "page.txt"))
    assert html is not None and txt is not None
    assert [d.format for d in txt.documents] == ["txt"]
    assert html.errors or {d.format for d in html.documents} == {"html"}


def test_a_file_rewritten_during_the_run_lands_once_keyed_by_the_bytes_read(tmp_path, monkeypatch):
    import pipeline.run

    raw = _raw(tmp_path)
    real_scan = pipeline.run.scan

    def scan_then_rewrite(folder, max_bytes):
        entries = real_scan(folder, max_bytes)
        shutil.copy(OTHER, raw / "good.txt")  # rewritten after the run hashed it, before a worker reads it
        return entries

    monkeypatch.setattr(pipeline.run, "scan", scan_then_rewrite)
    out = tmp_path / "out"
    run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False))
    docs = pd.read_parquet(out / "documents")
    assert docs.doc_id.is_unique and len(docs) == 1
    assert docs.source_sha256.iloc[0] == hashlib.sha256(OTHER.read_bytes()).hexdigest()
    assert pd.read_parquet(out / "clauses").doc_id.isin(docs.doc_id).all()
    monkeypatch.undo()
    again = run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False))
    assert again.unchanged == 1 and again.documents == 1  # the cached result is the file as it is now


def _hang(data: bytes, source_path: str):
    while True:
        pass


def test_a_broken_cache_entry_is_read_again_in_a_worker_with_the_timeout(tmp_path, monkeypatch):
    import pipeline.pool

    raw = _raw(tmp_path)
    out = tmp_path / "out"
    run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False))
    monkeypatch.setattr(pipeline.run, "Store", _StoreWithBrokenCache)
    monkeypatch.setattr(pipeline.pool, "process_bytes", _hang)
    summary = run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False, timeout=1))
    assert summary.unchanged == 1  # it looked unchanged; its entry then could not be loaded
    assert _codes(out) == {"good.txt": "reader-timeout"}  # read again under the timeout, not in the run itself


class _StoreWithBrokenCache(__import__("pipeline.store", fromlist=["Store"]).Store):  # type: ignore[misc]
    def cached(self, key):
        return None


def test_skipped_folders_and_files_are_warnings(tmp_path, capsys):
    raw = _raw(tmp_path)
    (raw / "_2022终稿").mkdir()
    shutil.copy(OTHER, raw / "_2022终稿" / "letter.txt")
    (raw / "_draft.txt").write_text("x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(OTHER, elsewhere / "letter.txt")
    (raw / "linked").symlink_to(elsewhere, target_is_directory=True)
    (raw / ".hidden.txt").write_text("x")
    out = tmp_path / "out"
    assert main(["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress"]) == 0
    e = _errors(out)
    assert sorted(zip(e.source_path, e.level, e.code)) == [
        ("_2022终稿", "warning", "skipped"), ("_draft.txt", "warning", "skipped"), ("linked", "warning", "skipped")]
    err = capsys.readouterr().err
    assert "warning: _2022终稿: skipped: a folder whose name starts with _" in err
    assert "warning: linked: skipped: a linked folder is not followed" in err
    assert list(pd.read_parquet(out / "documents").source_path) == ["good.txt"]


def test_jobs_are_capped_by_the_files_and_the_cores(tmp_path, monkeypatch):
    import pipeline.run

    seen: list[int] = []

    class Recording(pipeline.run.ProcessPool):
        def __init__(self, workers, limits):
            seen.append(workers)
            super().__init__(workers, limits)

    monkeypatch.setattr(pipeline.run, "ProcessPool", Recording)
    raw = _raw(tmp_path)
    summary = run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", jobs=1000, diff=False, progress=False))
    assert summary.documents == 1 and seen == [1]


def test_only_the_stores_own_temporaries_are_cleaned(tmp_path):
    raw = _raw(tmp_path)
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    (out / ".tmp-keep").write_text("mine")
    (out / "notes" / ".tmp-keep").write_text("mine")
    (out / "documents").mkdir()
    (out / "documents" / ".tmp-stale").write_text("left by a killed run")
    run_extract(RunSettings(raw=raw, parquet=out, diff=False, progress=False))
    assert (out / ".tmp-keep").exists() and (out / "notes" / ".tmp-keep").exists()
    assert not (out / "documents" / ".tmp-stale").exists()


@pytest.mark.parametrize("args, message", [
    (["--parquet", "{raw}/out"], "--parquet {raw}/out is inside the raw folder"),
    (["--reports", "{raw}/rep"], "--reports {raw}/rep is inside the raw folder"),
    (["--parquet", "{tmp}/afile"], "--parquet {tmp}/afile is a file, not a folder"),
    (["--reports", "{tmp}/afile"], "--reports {tmp}/afile is a file, not a folder"),
    (["--timeout", "inf"], "--timeout must be 0 (no limit) or a number of seconds, got inf"),
    (["--timeout", "nan"], "--timeout must be 0 (no limit) or a number of seconds, got nan"),
    (["--jobs", "-1"], "--jobs must be 0 (one per core) or more, got -1"),
    (["--max-file-size", "-5"], "--max-file-size must be 0 (no limit) or more MB, got -5"),
])
def test_misuse_is_exit_2_with_a_clear_message_before_anything_runs(tmp_path, capsys, args, message):
    raw = _raw(tmp_path)
    (tmp_path / "afile").write_text("not a folder")
    fill = {"raw": str(raw), "tmp": str(tmp_path)}
    argv = ["extract", "--raw", str(raw), "--parquet", str(tmp_path / "out"), "--reports", str(tmp_path / "rep"),
            "--no-progress", *[a.format(**fill) for a in args]]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("error: " + message.format(**fill))
    assert not (tmp_path / "out").exists() and not (raw / "out").exists()
    assert (tmp_path / "afile").read_text() == "not a folder"


def test_a_memory_limit_no_worker_can_read_under_is_exit_2_and_keeps_the_tables(tmp_path, capsys, monkeypatch):
    import pipeline.pool

    raw = _raw(tmp_path)
    out = tmp_path / "out"
    argv = ["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress", "--force"]
    assert main(argv) == 0
    before = (out / "documents" / "data.parquet").read_bytes()

    def hungry(data: bytes, source_path: str):
        bytearray(3 * 1024**3)  # stands in for what a worker needs to read anything

    monkeypatch.setattr(pipeline.pool, "process_bytes", hungry)
    assert main([*argv, "--memory-limit", "200"]) == 2
    assert "error: --memory-limit 200 is too low" in capsys.readouterr().err
    assert (out / "documents" / "data.parquet").read_bytes() == before


def test_a_low_memory_limit_still_reads_a_letter(tmp_path):
    raw = _raw(tmp_path)
    summary = run_extract(RunSettings(raw=raw, parquet=tmp_path / "out", diff=False, progress=False,
                                      memory_limit_mb=200))
    assert summary.failed == 0 and summary.documents == 1


def _quit_at_start(memory_mb: int = 0) -> None:
    os._exit(3)


def test_workers_that_cannot_start_are_exit_3_not_a_row_per_file(tmp_path, capsys, monkeypatch):
    import pipeline.pool

    raw = _raw(tmp_path)
    out = tmp_path / "out"
    argv = ["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress", "--force"]
    assert main(argv) == 0
    before = (out / "documents" / "data.parquet").read_bytes()
    monkeypatch.setattr(pipeline.pool, "_warm_worker", _quit_at_start)
    assert main([*argv, "--memory-limit", "0"]) == 3
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("error: worker processes cannot start")
    assert (out / "documents" / "data.parquet").read_bytes() == before


@pytest.mark.parametrize("code, advice", [(errno.ENOSPC, "the disk is full: free some space and run again"),
                                          (errno.EROFS, "the file system is read-only: choose a writable")])
def test_disk_full_or_read_only_output_is_one_line_exit_3_and_keeps_the_tables(tmp_path, capsys, monkeypatch,
                                                                               code, advice):
    import pipeline.store

    raw = _raw(tmp_path)
    out = tmp_path / "out"
    argv = ["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress"]
    assert main(argv) == 0
    before = {t: (out / t / "data.parquet").read_bytes() for t in ("documents", "errors")}
    capsys.readouterr()

    def fail(self, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(self.path))  # what the kernel answers a write

    monkeypatch.setattr(pipeline.store.TableWriter, "publish", fail)
    assert main([*argv, "--force"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and advice in err[0] and str(out / "documents" / "data.parquet") in err[0]
    assert {t: (out / t / "data.parquet").read_bytes() for t in before} == before


# --- the diff and the report -------------------------------------------------------------

BUNDLE = SEEDS / "000_da25c240dbbbbbaf.txt"


def _two_families(raw: Path) -> None:
    """The seed bundle (2022) and the same letters for 2023: two families of eleven."""
    text = BUNDLE.read_text(encoding="utf-8")
    (raw / "2022.txt").write_text(text, encoding="utf-8")
    (raw / "2023.txt").write_text(text.replace("2022", "2023"), encoding="utf-8")


def test_a_literal_hash_in_a_letter_is_text_not_a_number_slot(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = BUNDLE.read_text(encoding="utf-8")
    at = text.index("PM2.5")
    text = text[:at] + "（见附件#1，＃2）" + text[at:]  # one letter quotes a # and a ＃
    (raw / "bundle.txt").write_text(text, encoding="utf-8")
    out, rep = tmp_path / "out", tmp_path / "rep"
    assert main(["extract", "--raw", str(raw), "--parquet", str(out), "--reports", str(rep), "--no-progress"]) == 0
    devs = pd.read_parquet(out / "deviations")
    hit = devs[devs.letter_text.str.contains("见附件#1，＃2", regex=False)]
    assert len(hit) == 1 and "wording_changed" in hit.kinds.iloc[0]


def test_one_familys_crash_is_an_error_row_and_the_other_family_lands(tmp_path, monkeypatch, capsys):
    import diff

    real = diff.diff_family

    def crash_on_2023(fam, *args, **kwargs):
        if "2023" in fam.name:
            raise IndexError("tuple index out of range")
        return real(fam, *args, **kwargs)

    monkeypatch.setattr(diff, "diff_family", crash_on_2023)
    raw = tmp_path / "raw"
    raw.mkdir()
    _two_families(raw)
    out, rep = tmp_path / "out", tmp_path / "rep"
    argv = ["extract", "--raw", str(raw), "--parquet", str(out), "--reports", str(rep), "--no-progress"]
    assert main(argv) == 1
    assert set(pd.read_parquet(out / "deviations").family) == {"目标责任书-2022"}
    errors = _errors(out)
    assert list(zip(errors.stage, errors.code)) == [("diff", "diff-failed")]
    assert "the diff of family 目标责任书-2023 failed (IndexError" in errors.message.iloc[0]
    assert "error: 2023.txt: the diff of family 目标责任书-2023 failed" in capsys.readouterr().err
    from urllib.parse import quote

    index = (rep / "index.html").read_text(encoding="utf-8")
    assert quote("目标责任书-2022") + "/index.html" in index and quote("目标责任书-2023") + "/index" not in index
    assert not (rep / "目标责任书-2023").exists()
    monkeypatch.undo()  # fixed: the next run diffs the family again and the row goes
    assert main(argv) == 0
    assert set(pd.read_parquet(out / "deviations").family) == {"目标责任书-2022", "目标责任书-2023"}
    assert "diff" not in set(_errors(out).stage)


def _links_resolve(rep: Path) -> list[str]:
    """Every local link of every index page that points at nothing."""
    import re
    from urllib.parse import unquote

    broken = []
    for page in rep.rglob("index.html"):
        for href in re.findall(r'href="([^"#:]+)"', page.read_text(encoding="utf-8")):
            if not (page.parent / unquote(href)).exists():
                broken.append(f"{page.relative_to(rep)} -> {href}")
    return broken


def test_a_disk_full_during_the_report_leaves_no_index_linking_to_missing_pages(tmp_path, monkeypatch, capsys):
    import diff.report

    raw = tmp_path / "raw"
    raw.mkdir()
    _two_families(raw)
    out, rep = tmp_path / "out", tmp_path / "rep"
    argv = ["extract", "--raw", str(raw), "--parquet", str(out), "--reports", str(rep), "--no-progress"]
    assert main(argv) == 0
    deviations = (out / "deviations" / "data.parquet").read_bytes()
    (raw / "2024.txt").write_text(BUNDLE.read_text(encoding="utf-8").replace("2022", "2024"), encoding="utf-8")
    real = diff.report._write

    def full_after_a_few(path, text):
        if "2024" in path.parent.name and path.name != "index.html":  # part-way through the new family's pages
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, text)

    monkeypatch.setattr(diff.report, "_write", full_after_a_few)
    capsys.readouterr()
    assert main(argv) == 3
    assert "the disk is full" in capsys.readouterr().err
    assert _links_resolve(rep) == []
    assert (out / "deviations" / "data.parquet").read_bytes() == deviations


def test_summary_md_never_turns_letter_text_into_links_or_images():
    from diff.report import _md

    shown = _md("请[点此核对](javascript:alert(1))并查看![图](http://x/y.png)")
    assert "](" not in shown.replace("\\](", "")
    assert shown == "请\\[点此核对\\](javascript:alert(1))并查看!\\[图\\](http://x/y.png)"


# --- silent garbage becomes a warning --------------------------------------------------------

FIXTURES = SHARED / "fixtures"


def test_a_docx_holding_its_main_part_twice_is_read_with_a_warning():
    import io
    import warnings
    import zipfile

    from extract.readers import read_bytes

    src = (FIXTURES / "docx-features" / "changchun-2022-auto-numbered.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
            zout.writestr("word/document.xml", zin.read("word/document.xml"))
    ex = read_bytes(out.getvalue(), "twice.docx")
    assert ex.text == read_bytes(src, "once.docx").text
    assert [w for w in ex.warnings if "word/document.xml 2 times" in w]
    assert not [w for w in read_bytes(src, "once.docx").warnings if "times" in w]


def test_japanese_shift_jis_read_as_gb18030_gets_a_warning_and_gbk_does_not():
    from extract.readers import read_bytes

    ja = "環境保護目標について、東京都は二酸化炭素の排出量を二〇三〇年までに半減させることを目指します。" * 3
    assert any("Shift-JIS" in w for w in read_bytes(ja.encode("shift_jis"), "ja.txt").warnings)
    gbk = (FIXTURES / "encodings" / "changchun-2022-gbk.txt").read_bytes()
    assert not any("Shift-JIS" in w for w in read_bytes(gbk, "gbk.txt").warnings)


def _pdf_with_turned_lines(turned: bool) -> bytes:
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 780, "吉林省2022年度生态环境保护目标责任书")
    c.saveState()
    c.translate(300, 200)
    if turned:
        c.rotate(90)
    c.drawString(0, 0, "二、地表水国考断面水质优良比例达到百分之八十以上。")
    c.drawString(0, -20, "三、化学需氧量排放总量削减百分之五。")
    c.restoreState()
    c.save()
    return buf.getvalue()


def test_text_drawn_turned_in_a_pdf_gets_a_warning_naming_the_page():
    from extract.readers import read_bytes

    assert [w for w in read_bytes(_pdf_with_turned_lines(True), "t.pdf").warnings
            if w.startswith("page 1: about") and "turned" in w]
    assert read_bytes(_pdf_with_turned_lines(False), "u.pdf").warnings == ()


def test_a_whitespace_only_file_is_a_warning_not_an_empty_document(tmp_path):
    raw = _raw(tmp_path)
    (raw / "blank.txt").write_bytes(" \n\t\n\u3000\n".encode())
    out = tmp_path / "out"
    assert main(["extract", "--raw", str(raw), "--parquet", str(out), "--no-diff", "--no-progress"]) == 0
    assert list(pd.read_parquet(out / "documents").source_path) == ["good.txt"]
    e = _errors(out)
    assert list(zip(e.source_path, e.level)) == [("blank.txt", "warning")]
    assert "only blank space" in e.message.iloc[0]


def test_the_readme_lists_every_exit_code():
    from pipeline.cli import EXIT_CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [code for code in EXIT_CODES if f"\n| {code} | " not in readme] == []
