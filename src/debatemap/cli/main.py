"""The ``debatemap`` command line: a thin shell over the library.

Each command lives in a module of :mod:`debatemap.cli.commands` that defines
``register(subparsers)``; the parser it adds sets ``run`` to a function of the
parsed arguments returning the exit code (0 success, 1 problems found or a
change refused, 2 usage error).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import keyword
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from debatemap import __version__
from debatemap.cli import commands
from debatemap.model import Problem

if TYPE_CHECKING:  # the store is imported by the commands that change a map, when they run
    from debatemap.store.mapstore import CrashHook

DEFAULT_MAP = "arguments"  # the map folder when none is given

# The order commands appear in ``--help``; modules not listed come last.
ORDER = ("init", "check", "build", "handout", "add", "quote", "edit", "rename", "remove", "link", "unlink",
         "add_source", "add_perspective",
         "stats", "export", "import_", "serve", "schema")  # fmt: skip


def _command_modules() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def _module_for(command: str) -> str:
    """The module of a command name: ``add-source`` -> ``add_source``, ``import`` -> ``import_``."""
    name = command.replace("-", "_")
    return name + "_" if keyword.iskeyword(name) else name


def make_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a command, only that command is registered.

    Importing every command module would import NetworkX, Jinja2 and the
    renderers on every run; a person running ``check`` should not wait for
    ``export``'s imports. Without a known command, all are registered so that
    ``--help`` and usage errors list them.
    """
    parser = argparse.ArgumentParser(
        prog="debatemap",
        description="Map a contested debate as a graph of arguments kept in YAML files.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    modules = _command_modules()
    command = next((a for a in (argv or ()) if not a.startswith("-")), None)
    if command is not None and _module_for(command) in modules:
        modules = [_module_for(command)]
    for name in modules:
        importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    return parser


def print_problems(problems: Sequence[Problem], fmt: str = "text", stream=None) -> None:  # type: ignore[no-untyped-def]
    """Print problems one per line (``text``) or as one JSON document (``json``)."""
    out = stream if stream is not None else sys.stdout
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        document = {"errors": errors, "warnings": warnings, "problems": [p.as_dict() for p in problems]}
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    for problem in problems:
        out.write(problem.format() + "\n")
    if problems:
        out.write(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n")


def main(argv: Sequence[str] | None = None, *, crash_hook: CrashHook | None = None) -> int:
    """Run one command; its exit code.

    ``crash_hook`` is for tests that kill a change at each of its steps
    (``tests/crashing_debatemap.py``): the command's store calls it at every journal
    step (see :mod:`debatemap.store.mapstore`). Nothing but a test passes it.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser(arguments)
    args = parser.parse_args(arguments)
    args.crash_hook = crash_hook
    twice = settle_map_dir(args)
    if twice is not None:
        parser.exit(2, f"debatemap {args.command}: error: {twice}\n")
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        # A file or folder the command needed could not be read or written (permissions, a
        # full disk, a file where a folder should be). Commands write atomically, so a
        # failure here leaves no half-written file behind.
        print(f"debatemap {args.command}: error: {describe_os_error(error)}", file=sys.stderr)
        return 1
    finally:
        if argv is None:
            # Run as the program (not called from Python): the process ends now, and the
            # map, graph and page it made need no collecting. Frozen, they are skipped by the
            # interpreter's last full collection at exit (0.12 s after a 10,000-node build).
            gc.freeze()


def settle_map_dir(args: argparse.Namespace) -> str | None:
    """Set ``args.directory`` and ``args.arguments`` to the one map folder asked for.

    Returns an error message when DIR and ``--arguments`` name different folders.
    """
    if not hasattr(args, "arguments") and not hasattr(args, "directory"):
        return None
    given = getattr(args, "directory", None), getattr(args, "arguments", None)
    chosen = [g for g in given if g is not None]
    if len(chosen) == 2 and os.path.realpath(chosen[0]) != os.path.realpath(chosen[1]):
        return (
            f"the map folder is given twice, differently: DIR '{chosen[0]}' and "
            f"--arguments '{chosen[1]}' (give it once)"
        )
    from debatemap.cli.findmap import default_map, maps_below

    if args.command == "init":  # init makes the folder; nothing to find
        args.directory = args.arguments = chosen[0] if chosen else DEFAULT_MAP
        return None
    folder = chosen[0] if chosen else default_map(DEFAULT_MAP)
    below = maps_below(Path(folder), DEFAULT_MAP)
    if below:
        meant = " or ".join(f"'{m}'" for m in below)
        return f"'{folder}' holds no map (no perspectives.yaml or sources.yaml): did you mean {meant}?"
    if not chosen and not os.path.isdir(folder):
        # No folder given and no map here: one step too high, right after `mkdir my-debate`,
        # `init` and a `cd ..`, is the commonest way to get here.
        below = [os.path.relpath(m) for m in maps_below(Path("."), DEFAULT_MAP)]
        if below:
            meant = " or ".join(f"'{m}'" for m in below)
            return f"there is no map here (no '{folder}' folder): did you mean {meant}?"
    args.directory = args.arguments = folder
    return None


def describe_os_error(error: OSError) -> str:
    """``reason: 'path'`` for a person, without Python's exception syntax."""
    reason = error.strerror or str(error) or type(error).__name__
    paths = [p for p in (error.filename, error.filename2) if p is not None]
    if not paths:
        return reason
    shown = " -> ".join(f"'{os.fsdecode(p)}'" for p in paths)
    return f"{reason}: {shown}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
