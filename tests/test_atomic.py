"""The one atomic writer: whole files or none, with the umask's mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from diff.atomic import atomic_write, current_umask, write_file


def test_umask_is_read_without_changing_it() -> None:
    old = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert current_umask() == 0o027
    finally:
        os.umask(old)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "page.html"
    write_file(target, "old")

    def half(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(target, half)
    assert target.read_text() == "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_written_file_has_the_mode_open_would_give(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        plain = tmp_path / "plain"
        plain.write_text("x")
        assert stat.S_IMODE(write_file(tmp_path / "atomic", b"x").stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    finally:
        os.umask(old)
