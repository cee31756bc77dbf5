"""Assemble a corpus case: the valid base map with the case's files laid over it.

A case folder under ``tests/corpus/`` holds the files that differ from
``_base/`` (same relative paths), optionally ``remove.txt`` (base files to
leave out, one per line), ``sources/`` (source texts: quotes are then
verified) and ``expected.txt``: one ``path:line:col CODE`` per problem,
``path`` relative to the map folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
CASE_META = {"expected.txt", "remove.txt"}


def cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(case: str, into: Path) -> tuple[Path, Path | None]:
    """Write the case's map into ``into/arguments``; return it and its sources folder."""
    folder = CORPUS / case
    root = into / "arguments"
    shutil.copytree(CORPUS / "_base", root)
    remove = folder / "remove.txt"
    if remove.exists():
        for name in remove.read_text().split():
            (root / name).unlink()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_dir() or relative.parts[0] == "sources" or relative.as_posix() in CASE_META:
            continue
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, root / relative)
    sources = folder / "sources"
    return root, (sources if sources.is_dir() else None)


def expected(case: str) -> list[str]:
    path = CORPUS / case / "expected.txt"
    return sorted(line.strip() for line in path.read_text().splitlines() if line.strip())
