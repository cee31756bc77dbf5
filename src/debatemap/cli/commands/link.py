"""``debatemap link``: make one node support or oppose another, editing its file in place."""

from __future__ import annotations

import argparse
import sys

from debatemap import edit
from debatemap.cli.commands._editing import add_arguments_option, map_root, refused, written
from debatemap.model import RELATIONS


def add_link_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source_id", metavar="SOURCE_ID", help="the node whose file changes")
    parser.add_argument("relation", choices=RELATIONS, help="supports or opposes")
    parser.add_argument("target_id", metavar="TARGET_ID", help="the node it supports or opposes")
    add_arguments_option(parser)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "link",
        help="make SOURCE_ID support or oppose TARGET_ID",
        description="Add TARGET_ID to SOURCE_ID's supports or opposes list. Only that list changes: "
        "comments and formatting elsewhere in the file are kept byte for byte.",
    )
    add_link_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, adding: bool = True) -> int:
    command = "link" if adding else "unlink"
    root = map_root(args.arguments)
    if root is None:
        return 2
    change_links = edit.link if adding else edit.unlink
    try:
        change = change_links(root, args.source_id, args.relation, args.target_id)
    except edit.ChangeRefused as refusal:
        return refused(command, refusal)
    if not change.written:
        print(
            f"'{args.source_id}' already {args.relation} '{args.target_id}'; nothing changed", file=sys.stderr
        )
        return 0
    return written(change)
