"""The command line for people who live in a terminal: show, --version, one file, hints, suggestions."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.schema import SCHEMA_VERSION

HERE = Path(__file__).resolve().parent
FAMILY = HERE / "fixtures" / "checks" / "raw"
SEEDS = HERE.parents[1] / "shared" / "seeds"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    assert main(["extract", "--raw", str(FAMILY), "--parquet", str(root / "pq"), "--reports", str(root / "rep"),
                 "--jobs", "1", "--no-progress"]) == 0
    return root / "pq"


def test_show_filters_and_prints_csv(out, capsys):
    code = main(["show", "targets", "--parquet", str(out), "--where", "entity=松原市", "--where", "year>=2023",
                 "--columns", "entity,year,indicator,value,unit", "--csv"])
    assert code == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["entity", "year", "indicator", "value", "unit"],
                    ["松原市", "2023", "air.good_days_ratio", "92.0", "%"],
                    ["松原市", "2023", "air.pm25", "0.03", "mg/m³"],
                    ["松原市", "2023", "water.surface_good_ratio", "50.0", "%"],
                    ["松原市", "2023", "soil.contaminated_farmland_safe_use_rate", "94.0", "%"]]


def test_show_json_and_booleans(out, capsys):
    assert main(["show", "checks", "--parquet", str(out), "--where", "flagged=true",
                 "--where", "check=year_over_year", "--json", "--columns", "entity,indicator,assessment"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted((r["entity"], r["assessment"]) for r in rows) == sorted(
        [("吉林市", "loosened"), ("四平市", "loosened"), ("辽源市", "loosened"), ("白山市", "loosened"),
         ("白城市", "loosened"), ("辽源市", "dropped")])


def test_show_table_is_aligned_and_leaves_long_columns_out(out, capsys):
    assert main(["show", "documents", "--parquet", str(out), "--where", "doc_kind~assess"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].split()[:3] == ["doc_id", "source_path", "source_sha256"] and "text" not in text[0].split()
    assert set(text[1]) <= {"-", " "} and len(text) == 3  # header, rule, the one notice


def test_show_says_what_exists_when_a_name_is_wrong(out, capsys):
    assert main(["show", "target", "--parquet", str(out)]) == 2
    assert "no table named 'target' (did you mean 'targets'?)" in capsys.readouterr().err
    assert main(["show", "targets", "--parquet", str(out), "--where", "valu>3"]) == 2
    assert "has no column 'valu' (did you mean 'value'" in capsys.readouterr().err
    assert main(["show", "targets", "--parquet", str(out), "--where", "year>soon"]) == 2
    assert "'soon' is not a value of year (int32)" in capsys.readouterr().err
    assert main(["show", "targets", "--parquet", str(out), "--where", "year"]) == 2
    assert "write COLUMN OP VALUE" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip().endswith(f"(Parquet schema {SCHEMA_VERSION})")


def test_a_single_file_is_an_input(tmp_path, capsys):
    code = main(["extract", "--raw", str(SEEDS / "004_a824368dc8330a74.txt"), "--parquet", str(tmp_path / "pq"),
                 "--no-diff", "--no-progress"])
    assert code == 0
    assert capsys.readouterr().out.startswith("1 files (0 unchanged, 0 failed), 1 documents,")
    assert main(["show", "documents", "--parquet", str(tmp_path / "pq"), "--csv", "--columns", "source_path"]) == 0
    assert capsys.readouterr().out.splitlines() == ["source_path", "004_a824368dc8330a74.txt"]


def test_an_empty_folder_gets_a_hint(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    assert main(["extract", "--raw", str(tmp_path / "raw"), "--parquet", str(tmp_path / "pq"), "--no-progress"]) == 0
    assert "note: no drafts under" in capsys.readouterr().err


def test_an_unknown_entity_is_a_usage_error_with_suggestions(out, capsys):
    code = main(["diff", "--parquet", str(out), "--reports", str(out.parent / "rep"), "--entity", "白成市",
                 "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no document binds a government named '白成市' (did you mean" in err and "'白城市'" in err
    # ... and a known one runs.
    assert main(["diff", "--parquet", str(out), "--reports", str(out.parent / "rep"), "--entity", "白城市",
                 "--no-progress"]) == 0


def test_samples_help_prints_help_and_writes_nothing(tmp_path, monkeypatch, capsys):
    from tools.samples import main as samples_main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        samples_main(["--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m tools.samples" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_show_reads_every_table_the_schema_declares(out, capsys):
    from pipeline.schema import TABLES

    shutil.rmtree(out.parent / "rep", ignore_errors=True)
    for table in TABLES:
        assert main(["show", table, "--parquet", str(out), "--limit", "1"]) == 0, table
    capsys.readouterr()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_memory_of_freed_tables_goes_back_to_the_system(monkeypatch):
    """The client reads and drops whole tables; their memory must not stay with the process."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.store import give_back_freed_memory

    before = pa.default_memory_pool()
    try:
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
        give_back_freed_memory()
        assert pa.default_memory_pool().backend_name == before.backend_name  # a pool the user chose stays
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        give_back_freed_memory()
        start = _rss_mb()
        column = pc.add(pa.array(np.zeros(16_000_000)), 1.0)  # 128 MB from Arrow's pool
        assert _rss_mb() - start > 100
        del column
        assert _rss_mb() - start < 30
    finally:
        pa.set_memory_pool(before)
