"""Docs stay in step with the code: SCHEMA.md, CLI help, README commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import schema
from pipeline.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def test_schema_md_is_generated_from_the_code():
    assert (REPO / "SCHEMA.md").read_text(encoding="utf-8") == schema.markdown()


def test_every_column_has_a_meaning_and_an_example():
    for table, cols in schema.TABLES.items():
        for name, _typ, _null, meaning, example in cols:
            assert meaning and example, (table, name)


@pytest.mark.parametrize("command", ["extract", "diff", "eval"])
def test_every_command_has_help_and_is_in_the_readme(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert len(capsys.readouterr().out) > 100
    assert f"make {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table in schema.TABLES:
        assert f"`{table}`" in readme


def test_parser_lists_the_three_commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == {"extract", "diff", "eval"}
