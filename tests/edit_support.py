"""Helpers for the tests of the commands that change a map (add, link, registries)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from cli_support import run_cli
from debatemap import check


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder below ``root`` (hidden ones too) -> a hash of its bytes and mode."""
    digest: dict[str, str] = {}
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(subfolders):
            digest[os.path.relpath(os.path.join(folder, name), root) + "/"] = "dir"
        for name in sorted(names):
            path = Path(folder, name)
            content = hashlib.sha256(path.read_bytes()).hexdigest()
            digest[str(path.relative_to(root))] = f"{content} {path.stat().st_mode:o}"
    return digest


def run(
    *args: str | bytes, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """``debatemap ARGS`` with stdin not a terminal (empty unless given), in this process.

    See ``tests/cli_support.py``: a test about the process itself starts one instead.
    """
    return run_cli(*args, cwd=cwd, stdin=stdin if stdin is not None else b"")


def assert_clean(root: Path) -> None:
    """The map at ``root`` has no errors (warnings allowed)."""
    _, problems = check(root)
    errors = [p.format() for p in problems if p.is_error]
    assert errors == []
