"""Docs stay in step with the code: SCHEMA.md, CLI help, README commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import schema
from pipeline.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def test_schema_md_is_generated_from_the_code():
    from tools.schema_md import markdown

    assert (REPO / "SCHEMA.md").read_text(encoding="utf-8") == markdown(), \
        "regenerate: python -m tools.schema_md > SCHEMA.md"


def test_the_documented_schema_command_still_prints_it():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline.schema"], cwd=REPO, capture_output=True, text=True,
                          check=True)
    assert done.stdout == (REPO / "SCHEMA.md").read_text(encoding="utf-8")


def test_every_column_has_a_meaning_and_an_example():
    for table, cols in schema.TABLES.items():
        for name, _typ, _null, meaning, example in cols:
            assert meaning and example, (table, name)


@pytest.mark.parametrize("command", ["extract", "diff", "eval", "show"])
def test_every_command_has_help_and_is_in_the_readme(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert len(capsys.readouterr().out) > 100
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"make {command}" in readme or f"mubiao {command}" in readme


def test_readme_documents_every_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table in schema.TABLES:
        assert f"`{table}`" in readme


def test_parser_lists_the_four_commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == {"extract", "diff", "eval", "show"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """data/parquet as `make extract` leaves it: the sample drafts and the seeds, in a scratch folder."""
    import shutil

    from pipeline.run import RunSettings, run_extract

    root = tmp_path_factory.mktemp("readme")
    raw = root / "data" / "raw"
    shutil.copytree(REPO / "data" / "raw", raw)
    shutil.copytree(REPO.parent / "shared" / "seeds", raw / "seeds")
    run_extract(RunSettings(raw=raw, parquet=root / "data" / "parquet", reports=root / "data" / "reports",
                            jobs=2, progress=False))
    return root


def _python_blocks(markdown: str) -> list[str]:
    import re

    return re.findall(r"```python\n(.*?)```", markdown, re.DOTALL)


def test_every_python_example_in_the_readme_runs(extracted):
    import subprocess
    import sys

    blocks = _python_blocks((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    # Like a notebook cell: the value of a block's last expression is shown.
    show = ("import ast, sys\nsrc = sys.stdin.read()\ntree = ast.parse(src)\nlast = tree.body.pop()\n"
            "ns = {}\nexec(compile(tree, 'cell', 'exec'), ns)\n"
            "value = eval(compile(ast.Expression(last.value), 'cell', 'eval'), ns) "
            "if isinstance(last, ast.Expr) else exec(compile(ast.Module([last], []), 'cell', 'exec'), ns)\n"
            "print(value.to_string() if hasattr(value, 'to_string') else value)\n")
    shown = []
    for block in blocks:
        done = subprocess.run([sys.executable, "-c", show], input=block, cwd=extracted, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, (block, done.stderr[-2000:])
        shown.append(done.stdout)
    plan = next(out for block, out in zip(blocks, shown) if "plan_year" in block)
    for row in ("长春市", "air.good_days_ratio", "87.6", "90.0", "2025"):  # the rows the README shows
        assert row in plan


def test_the_example_script_runs_on_the_extracted_tables(extracted):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(REPO / "examples" / "targets.py"), "data/parquet"], cwd=extracted,
                          capture_output=True, text=True, timeout=120, check=True)
    assert "target statements in" in done.stdout


def test_the_shipped_samples_are_what_make_samples_writes(tmp_path):
    """data/raw/ holds the generator's output, so `make samples` changes nothing: text files byte
    for byte, Word files part for part, PDFs by their text (compressed bytes may vary with zlib)."""
    import zipfile

    from extract.readers import read_file
    from tools.samples import write_samples

    written = write_samples(tmp_path)
    shipped = sorted(p.name for p in (REPO / "data" / "raw").iterdir() if not p.name.startswith("."))
    assert sorted(p.name for p in written) == shipped
    for path in written:
        ours = REPO / "data" / "raw" / path.name
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as a, zipfile.ZipFile(ours) as b:
                assert {i.filename: a.read(i) for i in a.infolist()} == {i.filename: b.read(i) for i in b.infolist()}
        elif path.suffix == ".pdf":
            assert read_file(path).text == read_file(ours).text
        else:
            assert path.read_bytes() == ours.read_bytes(), path.name
