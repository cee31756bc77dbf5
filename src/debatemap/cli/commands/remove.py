"""``debatemap remove``: delete a node, refusing while others refer to it (or unlinking them)."""

from __future__ import annotations

import argparse
import sys

from debatemap import edit
from debatemap.cli.commands._editing import (
    add_arguments_option,
    command_store,
    map_root,
    refused,
    written_files,
)
from debatemap.store.reader import display_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "remove",
        help="delete a node (refused while others refer to it, unless --unlink)",
        description="Delete node ID's file. While other nodes support or oppose it, the command "
        "lists them and changes nothing; with --unlink it removes those links too, in the same "
        "change (all or nothing, even if the process is killed). Prints the files changed.",
    )
    parser.add_argument("id", metavar="ID", help="the node to delete")
    add_arguments_option(parser)
    parser.add_argument(
        "--unlink", action="store_true", help="also remove every link to it from the other nodes"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    try:
        change = edit.remove_node(store, args.id, unlink=args.unlink)
    except edit.ChangeRefused as refusal:
        return refused("remove", refusal)
    links = len(change.others)
    note = f" and its links from {links} file{'s' * (links != 1)}" if links else ""
    print(f"removed '{args.id}' ({display_path(change.path)}){note}", file=sys.stderr)
    return written_files(change, removed=True)
