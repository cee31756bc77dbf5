"""Finding the map folder the way git finds its repository.

With no folder given, a command works from inside the map folder (or any folder
below it) and from the folder that holds ``arguments/``. Given a folder that is
no map but holds one a level down, it says "did you mean ...?" instead of
reporting every file as missing.
"""

from __future__ import annotations

import os
from pathlib import Path

REGISTRIES = ("perspectives.yaml", "sources.yaml")


def is_map(folder: Path) -> bool:
    return any((folder / name).is_file() for name in REGISTRIES)


def default_map(default: str) -> str:
    """The map folder when none is given: ``default`` below the working folder if it is there,
    else the nearest map folder at or above the working folder, else ``default`` (whose
    absence the command then reports)."""
    if Path(default).is_dir():
        return default
    here = Path.cwd()
    for folder in (here, *here.parents):
        if is_map(folder):
            return os.path.relpath(folder) if folder != here else "."
    return default


def maps_below(folder: Path, default: str) -> list[str]:
    """Map folders one level below ``folder`` (or in its ``default`` folder, or one level below
    that), as a person would type them; empty when ``folder`` is itself a map or no folder."""
    if not folder.is_dir() or is_map(folder):
        return []
    found: list[str] = []
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
    for child in children[:200]:  # a huge folder is not worth walking for a hint
        for candidate in (child, child / default):
            if is_map(candidate):
                found.append(os.path.join(str(folder), os.path.relpath(candidate, folder)))
    return found[:5]
