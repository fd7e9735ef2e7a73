"""tools/snapshot.py: the before/after comparison of every output table a refactoring is checked with."""

from __future__ import annotations

import json
from pathlib import Path

from tools.snapshot import _canonical, differences, input_sets, main


def _write(root: Path, name: str, table: str, rows: list[dict]) -> None:
    (root / name).mkdir(parents=True, exist_ok=True)
    lines = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    (root / name / f"{table}.jsonl").write_text("".join(x + "\n" for x in lines), encoding="utf-8")


def test_differences_list_only_changed_rows(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    same = {"doc_id": "a", "value": 1.0}
    _write(old, "seeds", "targets", [same, {"doc_id": "a", "comparator": "<"}])
    _write(new, "seeds", "targets", [same, {"doc_id": "a", "comparator": "<="}])
    _write(old, "seeds", "documents", [same])
    _write(new, "seeds", "documents", [same])
    assert list(differences(old, new)) == [
        ("seeds", "targets", ['{"comparator": "<", "doc_id": "a"}'], ['{"comparator": "<=", "doc_id": "a"}'])]
    assert main(["--compare", str(old), str(new)]) == 1
    assert "+ {\"comparator\": \"<=\"" in capsys.readouterr().out
    assert main(["--compare", str(old), str(old)]) == 0


def test_rows_do_not_depend_on_the_temporary_folder() -> None:
    row = {"source_path": "/tmp/snapshot-x/raw/a.txt", "message": ["/tmp/snapshot-x/raw/a.txt: empty"]}
    assert _canonical(row, "/tmp/snapshot-x/raw") == {"source_path": "<raw>/a.txt", "message": ["<raw>/a.txt: empty"]}


def test_every_input_set_exists() -> None:
    assert len(input_sets()) == 11
    assert all(folder.is_dir() and any(folder.iterdir()) for folder in input_sets().values())
