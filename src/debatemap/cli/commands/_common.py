"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from debatemap.graph.context import BuiltMap
    from debatemap.model import DebateMap


from debatemap.cli.main import DEFAULT_MAP


def add_map_dir(parser: argparse.ArgumentParser, positional: bool = True) -> None:
    """The map folder, as ``[DIR]`` (the reading commands' form) and as ``--arguments DIR``
    (the editing commands' form): both work everywhere. :func:`debatemap.cli.main.settle_map_dir`
    joins them."""
    if positional:
        parser.add_argument(
            "directory",
            nargs="?",
            default=None,
            metavar="DIR",
            help=f"the map folder (default: {DEFAULT_MAP}); --arguments DIR says the same",
        )
    parser.add_argument(
        "--arguments",
        default=None,
        metavar="DIR",
        help=f"the map folder (default: {DEFAULT_MAP})" + ("; or give it as DIR" if positional else ""),
    )


# What build and handout write: a name ending so names a file, which -o never takes.
_FILE_ENDINGS = (".html", ".htm", ".pdf", ".md")


def add_output_folder(parser: argparse.ArgumentParser) -> None:
    """``-o OUT``, the folder ``build`` and ``handout`` write their files into."""
    parser.add_argument(
        "-o",
        "--output",
        default="output",
        type=output_folder,
        metavar="OUT",
        help="output folder (default: output); the files keep their own names in it",
    )


def output_folder(value: str) -> str:
    """Refuse ``-o handout.pdf`` when no such folder exists: it would make a *folder* of that
    name with the files inside, a trap for anyone who expects ``-o`` to name the file. A folder
    that already exists under such a name is still taken."""
    path = Path(value)
    if path.suffix.lower() in _FILE_ENDINGS and not path.is_dir():
        folder = str(path.parent) if str(path.parent) != "." else "."
        raise argparse.ArgumentTypeError(
            f"{value!r} looks like a file name, but -o names the folder the files are written "
            f"into (they keep their own names, e.g. handout.pdf); write -o {folder} instead"
        )
    return value


def map_dir_or_usage_error(directory: str, what: str = "map directory") -> Path | None:
    """The directory, or ``None`` after printing why it cannot be used (exit 2)."""
    path = Path(directory)
    if path.exists() and not path.is_dir():
        print(f"debatemap: error: {what} '{directory}' is a file, not a folder", file=sys.stderr)
        return None
    if not path.is_dir():
        hint = (
            " (give the folder that holds perspectives.yaml and sources.yaml, or start one with"
            " debatemap init)"
            if what == "map directory"
            else ""
        )
        print(f"debatemap: error: {what} '{directory}' does not exist{hint}", file=sys.stderr)
        return None
    return path


def valid_map(
    directory: str, command: str, *, parallel: bool = False, data_on_stdout: bool = False
) -> DebateMap | int:
    """The checked map for a command that needs a valid one, or the exit code after saying why not.

    Returns 2 when the folder does not exist, and 1, after printing every problem in
    ``check``'s format, when the map has errors. Warnings alone do not stop the command;
    they are printed on standard output unless the command writes its data there
    (``data_on_stdout``: ``export``, ``stats``), where only errors are printed, on stderr.
    """
    from debatemap.cli.main import print_problems
    from debatemap.validation.validate import check

    root = map_dir_or_usage_error(directory)
    if root is None:
        return 2
    debate, problems = check(root, parallel=parallel)
    has_errors = any(p.is_error for p in problems)
    if has_errors or not data_on_stdout:
        print_problems(problems, stream=sys.stderr if data_on_stdout else sys.stdout)
    if has_errors:
        print(
            f"debatemap {command}: refused: the map has errors; fix them first (nothing was written)",
            file=sys.stderr,
        )
        return 1
    return debate


def built_map(
    directory: str, command: str, *, parallel: bool = False, data_on_stdout: bool = False
) -> BuiltMap | int:
    """Like :func:`valid_map`, the map with its graph and strength computed on first use."""
    from debatemap.graph.context import BuiltMap

    debate = valid_map(directory, command, parallel=parallel, data_on_stdout=data_on_stdout)
    return debate if isinstance(debate, int) else BuiltMap(debate)


def attach_quote_status(built: BuiltMap, directory: str, sources_dir: str | None = None) -> None:
    """Tell the renderers whether each quote reads as verified, and the phrase that says so:
    against its text where present, else as the map's quote record (quotes.lock.json) holds.
    Kept on the graph as ``quote_status``: ``{id: (verified, phrase)}``."""
    from debatemap.validation.record import map_statuses

    statuses = map_statuses(directory, built.debate, sources_dir)
    built.graph.graph["quote_status"] = {i: (s.verified, s.phrase) for i, s in sorted(statuses.items())}
