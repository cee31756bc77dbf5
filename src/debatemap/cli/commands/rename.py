"""``debatemap rename``: give a node a new id, renaming its file and every reference, as one change."""

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


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "rename",
        help="change a node's id: its file name and every reference to it",
        description="Change node OLD's id to NEW: the id in its file, the file's name (it stays in "
        "its folder) and every supports/opposes entry naming it, as one change that lands whole "
        "or not at all, even if the process is killed. Prints every file written.",
    )
    parser.add_argument("old", metavar="OLD", help="the node's id now")
    parser.add_argument("new", metavar="NEW", help="its new id (a slug: lowercase a-z, 0-9 and '-')")
    add_arguments_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    try:
        change = edit.rename_node(store, args.old, args.new)
    except edit.ChangeRefused as refusal:
        return refused("rename", refusal)
    if not change.written:
        print(f"'{args.old}' is already called that; nothing changed", file=sys.stderr)
        return 0
    references = len(change.others)
    print(f"renamed '{args.old}' to '{args.new}' and {references} file{'s' * (references != 1)} "
          "referring to it", file=sys.stderr)  # fmt: skip
    return written_files(change)
