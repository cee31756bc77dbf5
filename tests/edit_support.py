"""Helpers for the tests of the commands that change a map (add, link, registries)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

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
    """``python -m debatemap ARGS`` with stdin not a terminal (a pipe, empty unless given)."""
    result = subprocess.run(
        [sys.executable, "-m", "debatemap", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def assert_clean(root: Path) -> None:
    """The map at ``root`` has no errors (warnings allowed)."""
    _, problems = check(root)
    errors = [p.format() for p in problems if p.is_error]
    assert errors == []
