"""``debatemap recover``: finish or take back a change a killed process left unfinished.

Every editing command does this first anyway; reading commands (``check``,
``build``, ...) never do, they only warn, so that reading a map never changes it.
"""

from __future__ import annotations

import argparse
import sys

from debatemap import edit
from debatemap.cli.commands._editing import add_arguments_option, command_store, map_root, refused
from debatemap.edit.core import locked
from debatemap.store.journal import pending


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "recover",
        help="finish or take back an interrupted change and sweep a killed write's temporary files",
        description="Finish a change of several files that a killed process left committed, or take "
        "back one it left undecided, and delete the temporary files a killed write left. Only a "
        "journal this user's debatemap wrote for this folder is obeyed. Every editing command does "
        "this first; reading commands only warn.",
    )
    add_arguments_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    waiting = pending(root)
    try:
        with locked(store):  # finishes or takes back the change, and says so
            pass
    except edit.ChangeRefused as refusal:
        return refused("recover", refusal)
    if not waiting:
        print(f"debatemap recover: {root} has no unfinished change", file=sys.stderr)
    return 0
