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
    """Whether ``folder`` holds a registry (no, when it cannot be looked into)."""
    try:
        return any((folder / name).is_file() for name in REGISTRIES)
    except OSError:
        return False


def default_map(default: str) -> str:
    """The map folder when none is given: ``default`` below the working folder if it is there,
    else the nearest map folder at or above the working folder, else ``default`` (whose
    absence the command then reports)."""
    try:
        if Path(default).is_dir():
            return default
        here = Path.cwd()
    except OSError:
        return default
    for folder in (here, *here.parents):
        if is_map(folder):
            return os.path.relpath(folder) if folder != here else "."
    return default


def maps_below(folder: Path, default: str) -> list[str]:
    """Map folders one level below ``folder`` (or in its ``default`` folder, or one level below
    that), as a person would type them; empty when ``folder`` is itself a map or no folder."""
    try:
        if not folder.is_dir() or is_map(folder):
            return []
    except OSError:
        return []
    found: list[str] = []
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        below = [c for c in children[:200] if any(is_map(x) for x in (c, c / default))]
    except OSError:
        return []
    for child in below:  # a huge folder is not worth walking for a hint (200 at most)
        for candidate in (child, child / default):
            if is_map(candidate):
                found.append(os.path.join(str(folder), os.path.relpath(candidate, folder)))
    return found[:5]
