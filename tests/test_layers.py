"""Imports flow one way: vocabulary <- readers <- language <- diff <- pipeline.

Every import statement of the runtime packages (function-level ones included) is read with
``ast``; a module may import its own layer or a lower one, never a higher one. Tools and tests
are outside the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOUNDATION = ("extract.vocabulary", "extract.records", "extract.errors", "extract.normalize")
"""The shared ground: the vocabulary and what every layer speaks in (records, errors, folding)."""
LAYERS = ("foundation", "readers", "language", "diff", "pipeline")


def layer_of(module: str) -> int:
    """The layer of a product module (``extract`` itself is the public API over the language layer)."""
    if any(module == f or module.startswith(f + ".") for f in FOUNDATION):
        return 0
    if module == "extract.readers" or module.startswith("extract.readers."):
        return 1
    if module == "extract" or module.startswith("extract."):
        return 2
    if module == "diff" or module.startswith("diff."):
        return 3
    if module == "pipeline" or module.startswith("pipeline."):
        return 4
    raise ValueError(module)


def _module_name(path: Path, root: Path = REPO) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every product import in a source file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        out += [(node.lineno, n) for n in names if n.split(".")[0] in ("extract", "diff", "pipeline")]
    return out


def upward_imports(root: Path) -> list[str]:
    """Every import under ``root``'s runtime packages of a module of a higher layer, as file:line."""
    bad = []
    for path in sorted(p for pkg in ("extract", "diff", "pipeline") for p in (root / pkg).rglob("*.py")):
        mine = layer_of(_module_name(path, root))
        for line, module in imports_of(path):
            if layer_of(module) > mine:
                bad.append(f"{path.relative_to(root)}:{line}: {LAYERS[mine]} imports {module} ({LAYERS[layer_of(module)]})")
    return bad


def test_no_layer_imports_a_higher_one() -> None:
    assert len(list((REPO / "extract").rglob("*.py"))) > 20
    assert upward_imports(REPO) == []


@pytest.mark.parametrize(("module", "layer"), [
    ("extract.vocabulary.markers", "foundation"), ("extract.readers.unwrap", "readers"), ("extract.targets", "language"),
    ("diff.template", "diff"), ("pipeline.run", "pipeline"),
])
def test_layer_of(module: str, layer: str) -> None:
    assert LAYERS[layer_of(module)] == layer


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    # A reader that reaches for segmentation rules (as unwrap once did), or the vocabulary for the
    # diff, is reported with its line; the reverse directions are fine.
    (tmp_path / "extract" / "readers").mkdir(parents=True)
    (tmp_path / "extract" / "vocabulary").mkdir()
    (tmp_path / "diff").mkdir()
    (tmp_path / "extract" / "readers" / "wrap.py").write_text(
        "import re\n\n\ndef f():\n    from extract.segment import segment\n", encoding="utf-8")
    (tmp_path / "extract" / "vocabulary" / "words.py").write_text("import diff.words\n", encoding="utf-8")
    (tmp_path / "diff" / "ok.py").write_text("from extract.vocabulary import units\nimport extract.readers\n",
                                            encoding="utf-8")
    assert upward_imports(tmp_path) == [
        "extract/readers/wrap.py:5: readers imports extract.segment (language)",
        "extract/vocabulary/words.py:1: foundation imports diff.words (diff)",
    ]


def test_the_public_api_is_whole() -> None:
    import extract

    assert sorted(extract.__all__) == sorted(extract._EXPORTS)
    assert all(getattr(extract, name) is not None for name in extract.__all__)
