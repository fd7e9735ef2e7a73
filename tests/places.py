"""Where the tests' inputs are: the repository and the shared folder beside it (``../shared``:
seeds, fixtures, gold answers, real documents), built from this file's place, not the working
directory. Import the names (``from places import SHARED``) where a parametrisation needs them at
collection; inside a test, ask for the ``shared`` or ``repo`` fixture (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
