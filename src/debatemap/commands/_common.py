"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_map_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        default="arguments",
        metavar="DIR",
        help="the arguments directory (default: arguments)",
    )


def map_dir_or_usage_error(directory: str, what: str = "map directory") -> Path | None:
    """The directory, or ``None`` after printing why it cannot be used (exit 2)."""
    path = Path(directory)
    if not path.is_dir():
        hint = (
            " (give the folder that holds perspectives.yaml and sources.yaml)"
            if what == "map directory"
            else ""
        )
        print(f"debatemap: error: {what} '{directory}' does not exist{hint}", file=sys.stderr)
        return None
    return path
