"""Shared setup for the tests: the input folders as fixtures (see tests/places.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from places import REPO, SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared input folder (``../shared`` beside the repository); the worktree must sit beside it."""
    assert (SHARED / "seeds").is_dir(), f"{SHARED} is missing: make the worktree a sibling of the shared folder"
    return SHARED


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository's root folder."""
    return REPO
